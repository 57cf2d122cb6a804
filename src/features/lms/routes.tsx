// LMS integration (LTI 1.3 and the signed grading API), the signed-in part: the admin's platforms,
// keys and API clients (/admin/lms), the deep-linking picker (/lti/deep-link/:token, for the teacher
// who launched it) and a section's LMS page (/sections/:id/lms, for its teachers). The LMS's own doors
// (login, launch, JWKS, /api/v1) are in public-routes.tsx.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { validated } from "../../http/validation.ts";
import { adminLmsRoutes } from "./admin-routes.tsx";
import { selectSectionContexts } from "./lti/contexts.ts";
import { deepLinkingResponse, pickableContent, selectDeepLink } from "./lti/deep-linking.ts";
import { allowFormTarget } from "./lti/framing.ts";
import { syncRoster } from "./lti/nrps.ts";
import { retryScore, selectSectionOutbox } from "./lti/outbox.ts";
import { resolveTarget } from "./lti/targets.ts";
import { LtiServiceError } from "./lti/token.ts";
import { urlsOf } from "./lti/urls.ts";
import { DeepLinkPickerPage, DeepLinkReturnPage } from "./views/deep-link.tsx";
import { type LinkRow, SectionLmsPage } from "./views/section-lms.tsx";

const tokenParam = z.object({ token: z.string().min(10).max(100) });
const sectionParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});
const sectionItemParam = sectionParam.extend({
  item: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

async function deepLinkFor(c: Parameters<typeof currentUser>[0], token: string) {
  const found = await selectDeepLink(c.var.ctx.db, token, currentUser(c).id, c.var.ctx.clock.now());
  if (!found)
    throw new HTTPException(404, { message: "This placement has expired. Start it again from the LMS." });
  return found;
}

const deepLinkRoutes = new Hono<AppEnv>()
  .get("/deep-link/:token", validated("param", tokenParam), async (c) => {
    const { token } = c.req.valid("param");
    const link = await deepLinkFor(c, token);
    const section = await sectionToTeach(c, link.context.section_id);
    const items = await pickableContent(c.var.ctx.db, section.id);
    return c.render(
      <DeepLinkPickerPage
        token={token}
        courseTitle={link.context.title}
        sectionId={section.id}
        items={items}
        multiple={link.request.accept_multiple === 1}
      />,
      { title: "Place Slate content" },
    );
  })
  .post("/deep-link/:token", validated("param", tokenParam), async (c) => {
    const { token } = c.req.valid("param");
    const link = await deepLinkFor(c, token);
    const section = await sectionToTeach(c, link.context.section_id);
    const body = await c.req.parseBody({ all: true });
    const refs = ([] as unknown[])
      .concat(body.target ?? [])
      .filter((v): v is string => typeof v === "string");
    const all = await pickableContent(c.var.ctx.db, section.id);
    // Only content of this section, whatever the form says; one item unless the LMS takes several.
    const picked = all.filter((p) => refs.includes(`${p.target.kind}:${p.target.id}`));
    const chosen = link.request.accept_multiple === 1 ? picked : picked.slice(0, 1);
    if (chosen.length === 0) {
      return redirectWith(c, `/lti/deep-link/${token}`, "Pick a task to place first.", "error");
    }
    const jwt = await deepLinkingResponse(c.var.ctx, link, chosen, urlsOf(c).launch);
    allowFormTarget(c, new URL(link.request.return_url).origin);
    return c.render(
      <DeepLinkReturnPage
        returnUrl={link.request.return_url}
        jwt={jwt}
        nonce={c.get("secureHeadersNonce")}
      />,
      { title: "Returning to the LMS", bare: true },
    );
  });

const sectionRoutes = new Hono<AppEnv>()
  .get("/:id/lms", validated("param", sectionParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const { db } = c.var.ctx;
    const contexts = await selectSectionContexts(db, section.id);
    const rows = await db
      .selectFrom("lti_links")
      .selectAll()
      .where("context_id", "in", contexts.length > 0 ? contexts.map((k) => k.id) : [-1])
      .orderBy("id")
      .execute();
    const links: LinkRow[] = [];
    for (const r of rows) {
      const target =
        r.target_kind && r.target_id !== null ? await resolveTarget(db, r.target_kind, r.target_id) : null;
      links.push({
        id: r.id,
        title: r.title,
        targetTitle: target?.title ?? null,
        hasLineItem: r.lineitem_url !== null,
      });
    }
    const outbox = await selectSectionOutbox(db, section.id);
    return c.render(<SectionLmsPage section={section} contexts={contexts} links={links} outbox={outbox} />, {
      title: `${section.name}: LMS`,
    });
  })
  .post("/:id/lms/contexts/:item/roster", validated("param", sectionItemParam), async (c) => {
    const { id, item } = c.req.valid("param");
    const section = await sectionToTeach(c, id);
    const context = (await selectSectionContexts(c.var.ctx.db, section.id)).find((k) => k.id === item);
    if (!context) throw new HTTPException(404, { message: "This course is not linked to this section." });
    const back = `/sections/${section.id}/lms`;
    try {
      const r = await syncRoster(c.var.ctx, context);
      return redirectWith(
        c,
        back,
        `Roster filled: ${r.learners} students and ${r.instructors} teachers from the LMS.`,
      );
    } catch (err) {
      if (!(err instanceof LtiServiceError)) throw err;
      return redirectWith(c, back, `The roster could not be filled: ${err.message}.`, "error");
    }
  })
  .post("/:id/lms/outbox/:item/retry", validated("param", sectionItemParam), async (c) => {
    const { id, item } = c.req.valid("param");
    const section = await sectionToTeach(c, id);
    const mine = (await selectSectionOutbox(c.var.ctx.db, section.id, 10_000)).some((o) => o.id === item);
    if (!mine) throw new HTTPException(404, { message: "There is no such grade delivery in this section." });
    await retryScore(c.var.ctx.db, item, c.var.ctx.clock.now());
    void c.var.ctx.lms.wake();
    return redirectWith(c, `/sections/${section.id}/lms`, "The score is being sent again.");
  });

export const lmsRoutes = new Hono<AppEnv>()
  .route("/admin/lms", adminLmsRoutes)
  .route("/lti", deepLinkRoutes)
  .route("/sections", sectionRoutes);
