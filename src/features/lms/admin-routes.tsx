// The admin's LMS pages: register platforms (and see the values the LMS needs), rotate Slate's
// signing keys, issue and revoke grading API clients. Admins only.
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { requireRole } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { firstMessage, idParam, line, validated } from "../../http/validation.ts";
import { issueClient, revokeClient, selectApiClients } from "./api/clients.ts";
import { forgetFrameOrigins } from "./lti/framing.ts";
import { listKeys, rotateKeys } from "./lti/keys.ts";
import {
  deletePlatform,
  type PlatformInput,
  savePlatform,
  selectDeploymentIds,
  selectOptionalPlatform,
  selectPlatforms,
} from "./lti/platforms.ts";
import { urlsOf } from "./lti/urls.ts";
import {
  ClientForm,
  ClientIssuedPage,
  LmsAdminPage,
  PlatformFormPage,
  type PlatformValues,
} from "./views/admin.tsx";

const httpUrl = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .max(500, `${label} is too long.`)
    .pipe(z.url({ protocol: /^https?$/, error: `${label} must be an http(s) address.` }));

const platformForm = z.object({
  name: line("Name", 80),
  issuer: httpUrl("Issuer"),
  clientId: line("Client id", 255),
  authUrl: httpUrl("OIDC authentication URL"),
  tokenUrl: httpUrl("Access token URL"),
  jwksUrl: httpUrl("JWKS URL"),
  deploymentIds: z
    .string()
    .max(5000)
    .transform((s) =>
      s
        .split(/\r?\n/)
        .map((d) => d.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(255, "A deployment id is too long."))
        .min(1, "Enter at least one deployment id.")
        .max(50),
    ),
  frameOrigins: z
    .string()
    .max(1000)
    .optional()
    .transform((s) => (s ?? "").split(/\s+/).filter(Boolean))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/,
              "Frame origins are like https://lms.school.example (no path).",
            ),
        )
        .max(20),
    ),
});

const clientForm = z.object({
  name: line("Name", 80),
  webhookUrl: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((s) => s || null)
    .pipe(z.url({ protocol: /^https?$/, error: "The webhook must be an http(s) address." }).nullable()),
});

async function platformPage(
  c: Context<AppEnv>,
  id: number | undefined,
  values: PlatformValues,
  error?: string,
) {
  if (error) c.status(422);
  return c.render(<PlatformFormPage id={id} values={values} error={error} urls={urlsOf(c)} />, {
    title: id ? `Platform ${values.name}` : "Register a platform",
  });
}

async function savePlatformForm(c: Context<AppEnv>, id?: number) {
  const raw = (await c.req.parseBody()) as Record<string, string>;
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const parsed = platformForm.safeParse(values);
  if (!parsed.success) return platformPage(c, id, values, firstMessage(parsed.error));
  const { db, clock } = c.var.ctx;
  const taken = (await selectPlatforms(db)).find(
    (p) => p.issuer === parsed.data.issuer && p.client_id === parsed.data.clientId && p.id !== id,
  );
  if (taken) return platformPage(c, id, values, `“${taken.name}” already has this issuer and client id.`);
  const saved = await savePlatform(db, parsed.data satisfies PlatformInput, clock.now(), id);
  forgetFrameOrigins(c.var.ctx);
  return redirectWith(c, `/admin/lms/platforms/${saved}`, id ? "Platform saved." : "Platform registered.");
}

async function adminPage(c: Context<AppEnv>) {
  const { db } = c.var.ctx;
  const platforms = await Promise.all(
    (await selectPlatforms(db)).map(async (p) => ({
      ...p,
      deployments: (await selectDeploymentIds(db, p.id)).length,
    })),
  );
  return c.render(
    <LmsAdminPage
      urls={urlsOf(c)}
      platforms={platforms}
      keys={await listKeys(db)}
      clients={await selectApiClients(db)}
    />,
    { title: "LMS integration" },
  );
}

export const adminLmsRoutes = new Hono<AppEnv>()
  .use(requireRole("admin"))
  .get("/", adminPage)
  .get("/platforms/new", (c) => platformPage(c, undefined, {}))
  .post("/platforms", (c) => savePlatformForm(c))
  .get("/platforms/:id", validated("param", idParam), async (c) => {
    const p = await selectOptionalPlatform(c.var.ctx.db, c.req.valid("param").id);
    if (!p) throw new HTTPException(404, { message: "There is no such platform." });
    const deployments = await selectDeploymentIds(c.var.ctx.db, p.id);
    return platformPage(c, p.id, {
      name: p.name,
      issuer: p.issuer,
      clientId: p.client_id,
      authUrl: p.auth_url,
      tokenUrl: p.token_url,
      jwksUrl: p.jwks_url,
      deploymentIds: deployments.join("\n"),
      frameOrigins: p.frame_origins,
    });
  })
  .post("/platforms/:id", validated("param", idParam), async (c) => {
    const p = await selectOptionalPlatform(c.var.ctx.db, c.req.valid("param").id);
    if (!p) throw new HTTPException(404, { message: "There is no such platform." });
    return savePlatformForm(c, p.id);
  })
  .post("/platforms/:id/delete", validated("param", idParam), async (c) => {
    await deletePlatform(c.var.ctx.db, c.req.valid("param").id);
    forgetFrameOrigins(c.var.ctx);
    return redirectWith(c, "/admin/lms", "Platform removed.");
  })
  .post("/keys/rotate", async (c) => {
    await rotateKeys(c.var.ctx);
    return redirectWith(
      c,
      "/admin/lms",
      "A new signing key is in use; the previous one stays published for a while.",
    );
  })
  .post("/clients", async (c) => {
    const raw = (await c.req.parseBody()) as Record<string, string>;
    const parsed = clientForm.safeParse(raw);
    if (!parsed.success) {
      c.status(422);
      return c.render(<ClientForm values={raw} error={firstMessage(parsed.error)} />, {
        title: "Issue an API client",
      });
    }
    const { client, secret } = await issueClient(c.var.ctx, parsed.data.name, parsed.data.webhookUrl);
    c.header("Cache-Control", "no-store");
    return c.render(<ClientIssuedPage client={client} secret={secret} />, { title: "API client issued" });
  })
  .post("/clients/:id/revoke", validated("param", idParam), async (c) => {
    await revokeClient(c.var.ctx.db, c.req.valid("param").id, c.var.ctx.clock.now());
    return redirectWith(c, "/admin/lms", "The client is revoked.");
  });
