// The bulk clone of a section (teachers of the section; the new section is theirs).
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { checkbox, firstMessage, idParam, line, optionalText, validated } from "../../http/validation.ts";
import { cloneSection } from "./cloners.ts";
import { CloneSectionPage } from "./views/clone-section.tsx";

const cloneForm = z.object({
  name: line("Name", 100),
  term: optionalText("Term", 60).refine((s) => !/[\r\n]/.test(s), "Term must be one line."),
  keep_targeting: checkbox,
});

export const sectionCloneRoutes = new Hono<AppEnv>()
  .get("/sections/:id/clone", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    return c.render(
      <CloneSectionPage section={section} counts={await countsOf(c, section.id)} values={{}} />,
      {
        title: "Clone section",
      },
    );
  })
  .post("/sections/:id/clone", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const body = (await c.req.parseBody()) as Record<string, string>;
    const parsed = cloneForm.safeParse(body);
    if (!parsed.success) {
      c.status(422);
      const page = (
        <CloneSectionPage
          section={section}
          counts={await countsOf(c, section.id)}
          values={body}
          error={firstMessage(parsed.error)}
        />
      );
      return c.render(page, { title: "Clone section" });
    }
    const { ctx } = c.var;
    const { section: created, counts } = await cloneSection(
      ctx.db,
      section,
      { name: parsed.data.name, term: parsed.data.term, ownerId: currentUser(c).id },
      { keepTargeting: parsed.data.keep_targeting },
      ctx.clock.now(),
    );
    const summary = Object.entries(counts)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(", ");
    return redirectWith(c, `/sections/${created.id}`, `New section created with ${summary}.`);
  });

async function countsOf(c: { var: AppEnv["Variables"] }, sectionId: number) {
  const { db } = c.var.ctx;
  const count = async (table: "tasks" | "assessments" | "lessons") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("section_id", "=", sectionId)
          .executeTakeFirst()
      )?.n ?? 0,
    );
  return {
    tasks: await count("tasks"),
    assessments: await count("assessments"),
    lessons: await count("lessons"),
  };
}
