// The LMS's doors into Slate, reachable without a Slate session and mounted BEFORE the browser origin
// check in app.tsx (exactly these paths, nothing under them): the LMS posts the login initiation and
// the launch cross-site (form_post), and the grading API is called by servers. Each verifies its
// request itself: the launch by its state cookie, state, nonce and the platform's signature; the API by
// its HMAC signature, timestamp and request id.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { SandboxUnavailableError } from "../../grading/service.ts";
import { clientIp } from "../../http/client-ip.ts";
import { limit } from "../../http/rate-limit.ts";
import { SandboxInputError } from "../../sandbox/index.ts";
import { ApiInputError, gradeForClient, gradeRequest } from "./api/grade.ts";
import { refuse, verifiedRequest, verifySignedRequest } from "./api/verify.ts";
import { publicJwks } from "./lti/keys.ts";
import { completeLaunch } from "./lti/launch.ts";
import { LaunchError } from "./lti/launch-error.ts";
import { initiateLogin } from "./lti/login.ts";
import { verifyLaunch } from "./lti/verify.ts";
import { LaunchErrorPage } from "./views/deep-link.tsx";

const param = z.string().max(4000).optional();
const loginParams = z.object({
  iss: param,
  login_hint: param,
  target_link_uri: param,
  lti_message_hint: param,
  client_id: param,
  lti_deployment_id: param,
});
/** Logins per address: they store a state row each. Generous, since a class shares one address. */
const loginLimit = limit({
  max: (c) => c.var.ctx.config.limits.loginPerIp,
  key: (c) => `lti-login:${clientIp(c)}`,
  message: "Too many launches from this network. Please wait a minute and open Slate from the LMS again.",
});

const launchForm = z.object({
  id_token: z.string().max(20_000).optional(),
  state: z.string().max(200).optional(),
});

function launchFailed(c: Context<AppEnv>, err: unknown) {
  if (!(err instanceof LaunchError)) throw err;
  c.status(400);
  return c.render(<LaunchErrorPage message={err.message} />, { title: "Launch failed" });
}

async function login(c: Context<AppEnv>, raw: unknown) {
  const parsed = loginParams.safeParse(raw);
  try {
    if (!parsed.success) throw new LaunchError("The LMS's login request is not valid.");
    return c.redirect(await initiateLogin(c, parsed.data), 302);
  } catch (err) {
    return launchFailed(c, err);
  }
}

async function launch(c: Context<AppEnv>) {
  const parsed = launchForm.safeParse(await c.req.parseBody());
  try {
    if (!parsed.success) throw new LaunchError("The LMS's launch is not valid.");
    const verified = await verifyLaunch(c, parsed.data);
    return c.redirect(await completeLaunch(c, verified), 303);
  } catch (err) {
    return launchFailed(c, err);
  }
}

/** Per client, counted after the signature is checked, so nobody can use up another client's quota. */
const apiLimit = limit({
  max: (c) => c.var.ctx.config.apiPerMinute,
  key: (c) => `api:${verifiedRequest(c).client.id}`,
  message: "Too many requests for this client. Wait a minute.",
  refuse: (c, message) => c.json({ error: message }, 429),
});

export const lmsPublicRoutes = new Hono<AppEnv>()
  .get("/lti/login", loginLimit, (c) => login(c, c.req.query()))
  .post("/lti/login", loginLimit, async (c) => login(c, await c.req.parseBody()))
  .post("/lti/launch", launch)
  .post("/lti/deep-link", launch)
  .get("/lti/jwks", async (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(await publicJwks(c.var.ctx));
  })
  .post("/api/v1/grade", verifySignedRequest(), apiLimit, async (c) => {
    const { client, body } = verifiedRequest(c);
    const parsed = gradeRequest.safeParse(body);
    if (!parsed.success)
      return refuse(c, 422, parsed.error.issues[0]?.message ?? "The request is not valid.");
    try {
      const answer = await gradeForClient(c.var.ctx, client, parsed.data);
      void c.var.ctx.lms.wake(); // the webhook goes out now, not at the next tick
      return c.json(answer);
    } catch (err) {
      if (err instanceof ApiInputError) return refuse(c, err.status, err.message);
      if (err instanceof SandboxInputError) return refuse(c, 422, err.message);
      if (err instanceof SandboxUnavailableError)
        return refuse(c, 503, "Code cannot run right now. Try again later.");
      throw err;
    }
  });
