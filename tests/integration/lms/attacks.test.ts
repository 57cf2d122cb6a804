// Attacks on the LMS feature, by a hostile student, a malicious or misconfigured LMS platform and an
// outsider on the network, driven through the real routes and the test platform: forged launch tokens,
// key confusion between two registered platforms, role tricks, origin-check and framing bypasses, deep
// linking misuse, SSRF through platform URLs and redirects, the signed API's edges, and the admin and
// section LMS pages for everyone who must not use them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, createHmac } from "node:crypto";
import { exportSPKI, SignJWT } from "jose";
import pino from "pino";
import { sendDueWebhooks } from "../../../src/features/lms/api/webhook.ts";
import { postScore } from "../../../src/features/lms/lti/ags.ts";
import { forgetTokens, LtiServiceError } from "../../../src/features/lms/lti/token.ts";
import { countRows, createTestApp } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher, registerStudent, setupAdmin } from "../../helpers/client.ts";
import { ROLE, registerPlatform, TestPlatform } from "../../helpers/lti-platform.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, admin, teacher, section } = useClassroom({});
let platform: TestPlatform;
let other: TestPlatform;
let otherId: number;
let instructor: Client;
let lmsSection: number;
let lmsTask: number;
let tinaTask: number;

/** A local server standing for an address inside the school's network; it records every hit. */
const inside: { method: string; path: string; body: string; auth: string | null }[] = [];
let internal: ReturnType<typeof Bun.serve>;
const internalUrl = (path: string) => `http://127.0.0.1:${internal.port}${path}`;

beforeAll(async () => {
  internal = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => {
      const url = new URL(req.url);
      inside.push({
        method: req.method,
        path: url.pathname,
        body: await req.text(),
        auth: req.headers.get("authorization"),
      });
      if (url.pathname === "/token") return Response.json({ access_token: "inside-token", expires_in: 3600 });
      // A roster that would plant a teacher in the section if Slate believed it.
      return Response.json({
        members: [{ user_id: "planted", name: "Planted Teacher", roles: [ROLE.instructor] }],
      });
    },
  });
  platform = new TestPlatform(t);
  other = new TestPlatform(t);
  await platform.start();
  await other.start();
  await registerPlatform(t, admin, platform);
  const res = await admin.post("/admin/lms/platforms", other.registrationForm("Other LMS"));
  expect(res.status).toBe(303);
  otherId = Number(res.headers.get("location")!.split("/").pop());
  instructor = new Client(t);
  const launched = await platform.launch(instructor, { sub: "inst-a", roles: [ROLE.instructor] });
  expect(launched.res.status).toBe(303);
  lmsSection = Number(launched.res.headers.get("location")!.split("/").pop());
  lmsTask = (await seedTask(t, lmsSection, { title: "LMS task" })).id;
  tinaTask = (await seedTask(t, section.id, { title: "Tina's own task" })).id;
});
afterAll(() => {
  platform.stop();
  other.stop();
  internal.stop(true);
});

const userCount = () => countRows(t, "users");
const sessionCount = () => countRows(t, "sessions");

/** A launch that must be refused without making a user or a session. */
async function refused(p: TestPlatform, o: Parameters<TestPlatform["launch"]>[1], message: string) {
  const users = userCount();
  const sessions = sessionCount();
  const browser = new Client(t);
  const { res } = await p.launch(browser, o);
  expect(res.status).toBe(400);
  expect(await res.text()).toContain(message);
  expect(browser.hasSession()).toBe(false);
  expect(userCount()).toBe(users);
  expect(sessionCount()).toBe(sessions);
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("forged launch tokens", () => {
  test("alg=none (unsigned) is refused", () =>
    refused(
      platform,
      {
        sub: "f1",
        token: async (nonce) => {
          const claims = await platform.claimsFor(nonce, { sub: "f1", roles: [ROLE.instructor] });
          return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
        },
      },
      "could not be verified",
    ));

  test("HS256 signed with the platform's public key as the secret is refused", () =>
    refused(
      platform,
      {
        sub: "f2",
        token: async (nonce) => {
          const claims = await platform.claimsFor(nonce, { sub: "f2", roles: [ROLE.instructor] });
          const jwks = (await (await fetch(`${platform.origin}/jwks`)).json()) as { keys: JsonWebKey[] };
          const pub = await crypto.subtle.importKey(
            "jwk",
            jwks.keys[0]!,
            { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
            true,
            ["verify"],
          );
          const pem = new TextEncoder().encode(await exportSPKI(pub));
          return new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: platform.kid }).sign(pem);
        },
      },
      "could not be verified",
    ));

  test("a token without exp is refused", () =>
    refused(
      platform,
      {
        sub: "f3",
        token: async (nonce) => {
          const { exp: _, ...claims } = await platform.claimsFor(nonce, { sub: "f3" });
          return platform.sign(claims);
        },
      },
      "not for Slate (exp)",
    ));

  test("a token not valid before a time an hour ahead (nbf) is refused", () =>
    refused(
      platform,
      {
        sub: "f4",
        claims: { nbf: Math.floor(t.clock.now() / 1000) + 3600 },
      },
      "not for Slate (nbf)",
    ));

  test("a token without aud is refused; aud as an array naming Slate with azp Slate is taken", async () => {
    await refused(
      platform,
      {
        sub: "f5",
        token: async (nonce) => {
          const { aud: _, ...claims } = await platform.claimsFor(nonce, { sub: "f5" });
          return platform.sign(claims);
        },
      },
      "not for Slate (aud)",
    );
    await refused(
      platform,
      { sub: "f6", claims: { aud: ["other-tool", "another"], azp: platform.clientId } },
      "not for Slate (aud)",
    );
    const ok = await platform.launch(new Client(t), {
      sub: "f7",
      claims: { aud: [platform.clientId, "other-tool"], azp: platform.clientId },
    });
    expect(ok.res.status).toBe(303);
  });

  test("exp, iat and nbf edges: a minute of clock skew is allowed, no more", async () => {
    const now = Math.floor(t.clock.now() / 1000);
    const launchWith = (sub: string, times: Record<string, number>) =>
      platform.launch(new Client(t), {
        sub,
        token: async (nonce) => platform.sign({ ...(await platform.claimsFor(nonce, { sub })), ...times }),
      });
    expect((await launchWith("e1", { iat: now - 200, exp: now - 30 })).res.status).toBe(303);
    expect((await launchWith("e2", { iat: now + 30, exp: now + 300 })).res.status).toBe(303);
    await refused(platform, { sub: "e3", claims: {}, ageSeconds: -390 }, "has expired"); // exp 90 s ago
    for (const [sub, times, claim] of [
      ["e4", { iat: now - 12 * 60, exp: now + 3600 }, "has expired"], // older than ten minutes (and the skew)
      ["e5", { iat: now + 120, exp: now + 600 }, "(iat)"],
      ["e6", { iat: now, exp: now + 300, nbf: now + 120 }, "(nbf)"],
    ] as const) {
      await refused(
        platform,
        {
          sub,
          token: async (nonce) => platform.sign({ ...(await platform.claimsFor(nonce, { sub })), ...times }),
        },
        claim,
      );
    }
  });

  test("a nonce of another launch's state is refused", async () => {
    const a = new Client(t);
    const first = await a.post(
      "/lti/login",
      { iss: platform.issuer, login_hint: "n1", client_id: platform.clientId },
      { origin: platform.origin },
    );
    const firstNonce = new URL(first.headers.get("location")!).searchParams.get("nonce")!;
    await refused(
      platform,
      { sub: "n1", token: (_nonce) => platform.idToken(firstNonce, { sub: "n1" }) },
      "(nonce)",
    );
  });
});

describe("two registered platforms", () => {
  test("platform A's key cannot sign a launch that names platform B (same kid in both JWKS)", async () => {
    expect(platform.kid).toBe(other.kid);
    // The login names B, so B's JWKS decides: A's signature does not verify there.
    await refused(
      other,
      {
        sub: "kid-1",
        roles: [ROLE.instructor],
        token: (nonce) =>
          platform.idToken(nonce, { sub: "kid-1", roles: [ROLE.instructor], claims: { iss: other.issuer } }),
      },
      "could not be verified",
    );
    // The login names A, the token claims B: the issuer is refused.
    await refused(
      platform,
      { sub: "kid-2", roles: [ROLE.instructor], claims: { iss: other.issuer } },
      "not for Slate (iss)",
    );
  });

  test("a platform whose JWKS URL redirects to another platform's keys does not verify with them", async () => {
    const third = new TestPlatform(t);
    await third.start();
    try {
      third.redirects.set("/jwks", `${platform.origin}/jwks`);
      const res = await admin.post("/admin/lms/platforms", third.registrationForm("Redirecting LMS"));
      expect(res.status).toBe(303);
      await refused(
        third,
        {
          sub: "jwks-1",
          roles: [ROLE.instructor],
          token: (nonce) =>
            platform.idToken(nonce, {
              sub: "jwks-1",
              roles: [ROLE.instructor],
              claims: { iss: third.issuer },
            }),
        },
        "could not be verified",
      );
    } finally {
      third.stop();
    }
  });

  test("a platform registered after another was removed (same row id) inherits none of its accounts", async () => {
    const gone = new TestPlatform(t);
    const next = new TestPlatform(t);
    await gone.start();
    await next.start();
    try {
      const made = await admin.post("/admin/lms/platforms", gone.registrationForm("Old LMS"));
      const goneId = Number(made.headers.get("location")!.split("/").pop());
      await gone.launch(new Client(t), { sub: "same-sub", roles: [ROLE.instructor] });
      const oldUser = t.ctx.sqlite
        .query<{ user_id: number }, [number]>(
          "SELECT user_id FROM lti_accounts WHERE platform_id = ? AND subject = 'same-sub'",
        )
        .get(goneId)!.user_id;
      expect((await admin.post(`/admin/lms/platforms/${goneId}/delete`)).status).toBe(303);
      const again = await admin.post("/admin/lms/platforms", next.registrationForm("New LMS"));
      expect(Number(again.headers.get("location")!.split("/").pop())).toBe(goneId); // SQLite reuses it
      const browser = new Client(t);
      const { res } = await next.launch(browser, { sub: "same-sub" });
      // A learner of a course nobody opened yet: refused, not signed in as the old platform's teacher.
      expect(res.status).toBe(400);
      expect(browser.hasSession()).toBe(false);
      const { res: teach } = await next.launch(browser, { sub: "same-sub", roles: [ROLE.instructor] });
      expect(teach.status).toBe(303);
      const newUser = t.ctx.sqlite
        .query<{ user_id: number }, [number]>(
          "SELECT user_id FROM lti_accounts WHERE platform_id = ? AND subject = 'same-sub'",
        )
        .get(goneId)!.user_id;
      expect(newUser).not.toBe(oldUser);
    } finally {
      gone.stop();
      next.stop();
    }
  });

  test("B's deployment id is refused in a launch of A", () =>
    refused(
      platform,
      { sub: "dep-1", deploymentId: "deployment-of-b" },
      "deployment of the LMS is not registered",
    ));

  test("an Instructor of B with the same course id as A's course gets a section of their own", async () => {
    const browser = new Client(t);
    const { res } = await other.launch(browser, { sub: "inst-a", roles: [ROLE.instructor] });
    expect(res.status).toBe(303);
    const theirs = Number(res.headers.get("location")!.split("/").pop());
    expect(theirs).not.toBe(lmsSection);
    expect((await browser.get(`/sections/${lmsSection}`)).status).toBe(404);
    expect((await browser.get(`/sections/${lmsSection}/lms`)).status).toBe(404);
    // And a link of B naming A's task is refused.
    const { res: evil } = await other.launch(new Client(t), {
      sub: "inst-a",
      roles: [ROLE.instructor],
      resourceLinkId: "b-link",
      custom: { slate_target: `task:${lmsTask}` },
    });
    expect(evil.status).toBe(400);
    expect(await evil.text()).toContain("not part of this course");
  });
});

describe("roles", () => {
  const institutionInstructor = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor";
  const systemAdmin = "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator";

  test("Instructor spoofed in other claims or as an institution/system role does not teach", async () => {
    const browser = new Client(t);
    const { res } = await platform.launch(browser, {
      sub: "spoof-1",
      roles: [ROLE.learner, institutionInstructor, systemAdmin, "https://evil.example/membership#Instructor"],
      custom: { roles: ROLE.instructor, role: "Instructor" },
      claims: {
        "https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor": [ROLE.instructor],
        "https://purl.imsglobal.org/spec/lti/claim/lis": { roles: [ROLE.instructor] },
      },
    });
    expect(res.status).toBe(303);
    const user = t.ctx.sqlite
      .query<{ id: number; role: string }, []>(
        "SELECT u.id, u.role FROM users u JOIN lti_accounts a ON a.user_id = u.id WHERE a.subject = 'spoof-1'",
      )
      .get()!;
    expect(user.role).toBe("student");
    const teaches = t.ctx.sqlite
      .query<{ n: number }, [number]>("SELECT count(*) AS n FROM section_teachers WHERE user_id = ?")
      .get(user.id)!.n;
    expect(teaches).toBe(0);
    expect((await browser.get(`/sections/${lmsSection}/lms`)).status).toBe(403);
  });

  test("only institution roles (no course role) are refused", () =>
    refused(platform, { sub: "inst-only", roles: [institutionInstructor] }, "instructors and learners"));

  test("a learner's deep-linking request is refused before any account or session is made", () =>
    refused(
      platform,
      { sub: "dl-learner", messageType: "LtiDeepLinkingRequest" },
      "Only teachers can place",
    ));

  test("a link naming another section's task is refused before any account or session is made", () =>
    refused(
      platform,
      { sub: "hostile-link", resourceLinkId: "link-x", custom: { slate_target: `task:${tinaTask}` } },
      "not part of this course",
    ));

  test("a first Instructor launch whose link names a task elsewhere makes no section", async () => {
    const sections = countRows(t, "sections");
    await refused(
      platform,
      {
        sub: "copied-course",
        roles: [ROLE.instructor],
        custom: { slate_target: `task:${lmsTask}` },
        claims: { "https://purl.imsglobal.org/spec/lti/claim/context": { id: "course-copy", title: "Copy" } },
      },
      "not part of this course",
    );
    expect(countRows(t, "sections")).toBe(sections);
  });

  test("a deactivated student's Instructor launch is refused and promotes nobody", async () => {
    await platform.launch(new Client(t), { sub: "deact-1" });
    const id = t.ctx.sqlite
      .query<{ user_id: number }, []>("SELECT user_id FROM lti_accounts WHERE subject = 'deact-1'")
      .get()!.user_id;
    t.ctx.sqlite.query("UPDATE users SET active = 0 WHERE id = ?").run(id);
    await refused(platform, { sub: "deact-1", roles: [ROLE.instructor] }, "deactivated");
    const role = t.ctx.sqlite
      .query<{ role: string }, [number]>("SELECT role FROM users WHERE id = ?")
      .get(id)!;
    expect(role.role).toBe("student");
  });
});

describe("accounts", () => {
  test("a student who took the username a classmate's first launch would get cannot block or take it", async () => {
    const aPlatform = t.ctx.sqlite
      .query<{ id: number }, [string]>("SELECT id FROM lti_platforms WHERE issuer = ?")
      .get(platform.issuer)!.id;
    const squat = `lti${aPlatform}-${createHash("sha256").update("victim-9").digest("hex").slice(0, 10)}`;
    const { res: joined } = await registerStudent(t, section.code, squat);
    expect(joined.status).toBe(303);
    const browser = new Client(t);
    const { res } = await platform.launch(browser, { sub: "victim-9", name: "Vera Victim" });
    expect(res.status).toBe(303);
    const linked = t.ctx.sqlite
      .query<{ username: string; display_name: string }, []>(
        "SELECT u.username, u.display_name FROM users u JOIN lti_accounts a ON a.user_id = u.id WHERE a.subject = 'victim-9'",
      )
      .get()!;
    expect(linked.display_name).toBe("Vera Victim");
    expect(linked.username).not.toBe(squat);
    expect(linked.username).toStartWith(squat);
  });

  test("an account made by a launch cannot be signed into with any password", async () => {
    const name = t.ctx.sqlite
      .query<{ username: string }, []>(
        "SELECT u.username FROM users u JOIN lti_accounts a ON a.user_id = u.id WHERE a.subject = 'inst-a' LIMIT 1",
      )
      .get()!.username;
    for (const password of ["!lti", "", "Correct-Horse-9"]) {
      const browser = new Client(t);
      const res = await browser.post("/login", { username: name, password });
      expect(res.status, password).not.toBe(500);
      expect(browser.hasSession()).toBe(false);
    }
  });

  test("names and course titles from the LMS are shown as text", async () => {
    const xss = `<img src=x onerror=alert(1)><script>alert(2)</script>`;
    const browser = new Client(t);
    const { res } = await platform.launch(browser, {
      sub: "xss-teacher",
      name: xss,
      roles: [ROLE.instructor],
      claims: { "https://purl.imsglobal.org/spec/lti/claim/context": { id: "course-xss", title: xss } },
    });
    expect(res.status).toBe(303);
    const to = res.headers.get("location")!;
    for (const path of [to, `${to}/lms`]) {
      const html = await (await browser.get(path)).text();
      expect(html, path).not.toContain("<img src=x");
      expect(html, path).not.toContain("<script>alert(2)");
    }
  });
});

describe("login initiation", () => {
  test("target_link_uri and login hints never redirect anywhere but the platform's auth URL", async () => {
    const browser = new Client(t);
    const res = await browser.get(
      `/lti/login?${new URLSearchParams({
        iss: platform.issuer,
        client_id: platform.clientId,
        login_hint: "https://evil.example/",
        target_link_uri: "https://evil.example/phish",
        lti_message_hint: "//evil.example",
      })}`,
    );
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    expect(to.origin + to.pathname).toBe(`${platform.origin}/auth`);
    expect(to.searchParams.get("redirect_uri")).toBe("http://localhost/lti/launch");
  });

  test("a login naming an unregistered deployment is refused", async () => {
    const res = await new Client(t).post(
      "/lti/login",
      { iss: platform.issuer, login_hint: "x", client_id: platform.clientId, lti_deployment_id: "nope" },
      { origin: platform.origin },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("deployment of the LMS is not registered");
  });

  test("login CSRF: a state and token from the attacker's browser do not sign in the victim's", async () => {
    const attacker = new Client(t);
    const login = await attacker.post(
      "/lti/login",
      { iss: platform.issuer, login_hint: "attacker", client_id: platform.clientId },
      { origin: platform.origin },
    );
    const auth = new URL(login.headers.get("location")!);
    const token = await platform.idToken(auth.searchParams.get("nonce")!, { sub: "attacker" });
    const victim = new Client(t);
    // The victim's browser holds a state cookie of its own (from another login), not the attacker's.
    await victim.post(
      "/lti/login",
      { iss: platform.issuer, login_hint: "victim", client_id: platform.clientId },
      { origin: platform.origin },
    );
    const res = await victim.post(
      "/lti/launch",
      { id_token: token, state: auth.searchParams.get("state")! },
      { origin: platform.origin, "sec-fetch-site": "cross-site" },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("another browser");
    expect(victim.hasSession()).toBe(false);
  });
});

describe("cookie tossing over https", () => {
  test("a state cookie set by a sibling subdomain (no __Host- prefix) does not finish a launch", async () => {
    const https = createTestApp({ SLATE_BASE_URL: "https://slate.school.example" });
    const lms = new TestPlatform(https);
    try {
      await lms.start();
      await registerPlatform(https, await setupAdmin(https), lms);
      // The attacker starts a login in their own browser and gets a state and a token for themselves.
      const login = await https.app.request("https://slate.school.example/lti/login", {
        method: "POST",
        body: new URLSearchParams({ iss: lms.issuer, login_hint: "attacker", client_id: lms.clientId }),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: lms.origin },
      });
      const stateCookie = login.headers.getSetCookie().find((c) => c.includes("slate_lti_")) ?? "";
      expect(stateCookie).toStartWith("__Host-slate_lti_");
      expect(stateCookie).toContain("Path=/;");
      const auth = new URL(login.headers.get("location")!);
      const state = auth.searchParams.get("state")!;
      const token = await lms.idToken(auth.searchParams.get("nonce")!, {
        sub: "attacker",
        roles: [ROLE.instructor],
      });
      // From students.school.example they toss the cookie into the victim's browser: a cookie of
      // their own (Domain=school.example) can be named anything but __Host-...
      const tossed = stateCookie.split(";")[0]!.replace(/^__Host-/, "");
      const res = await https.app.request("https://slate.school.example/lti/launch", {
        method: "POST",
        body: new URLSearchParams({ id_token: token, state }),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://students.school.example",
          cookie: tossed,
        },
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("another browser");
      expect(res.headers.getSetCookie().some((c) => c.includes("slate_session="))).toBe(false);
    } finally {
      lms.stop();
      https.close();
    }
  });
});

describe("the origin check and framing", () => {
  const cross = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  const keyCount = () => countRows(t, "lti_keys");

  test("path tricks, other methods and method overrides do not reach a handler unchecked", async () => {
    await admin.get("/lti/jwks"); // a first key
    const keys = keyCount();
    for (const path of [
      "/lti/launch/../admin/lms/keys/rotate",
      "/lti/launch/%2e%2e/admin/lms/keys/rotate",
      "/lti/jwks/../../admin/lms/keys/rotate",
      "/admin/lms/keys/rotate?/lti/launch",
      "/admin/lms/keys/rotate#/lti/launch",
      "/admin/lms/keys/rotate/",
      "//admin/lms/keys/rotate",
      "/lti/launch%2f..%2f..%2fadmin%2flms%2fkeys%2frotate",
    ]) {
      const res = await admin.post(path, {}, cross);
      expect([403, 404], path).toContain(res.status);
    }
    for (const path of ["/lti/launch/", "/LTI/LAUNCH", "/api/v1/grade/", "/lti/deep-link/"]) {
      expect((await admin.post(path, {}, cross)).status, path).toBe(403);
    }
    for (const method of ["HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]) {
      await admin.request("/admin/lms/keys/rotate", { method, headers: cross });
    }
    await admin.request("/lti/launch", {
      method: "POST",
      headers: {
        ...cross,
        "x-http-method-override": "GET",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "_method=GET",
    });
    await admin.post("/lti/login?_method=POST", { _method: "DELETE" }, cross);
    expect(keyCount()).toBe(keys);
  });

  test("a cross-site post with a launch session cannot change anything but launch again", async () => {
    const platforms = countRows(t, "lti_platforms");
    for (const path of [
      "/admin/lms/platforms",
      `/admin/lms/platforms/${otherId}/delete`,
      `/sections/${lmsSection}/lms/contexts/1/roster`,
      "/account/password",
    ]) {
      expect((await instructor.post(path, other.registrationForm("Evil"), cross)).status, path).toBe(403);
    }
    expect(countRows(t, "lti_platforms")).toBe(platforms);
  });

  test("admin pages are never framed, even by a registered platform", async () => {
    const page = await admin.get("/admin/lms");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    for (const path of ["/admin/users", "/%61dmin/lms", "/admin/lms/", "/admin/lms?x=/sections"]) {
      const res = await admin.get(path);
      if (res.status === 200)
        expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
    expect((await admin.get("/%61dmin/lms")).status).toBe(200); // decoded by the router: checked above
    // The pages a launch leads to may be framed by the registered platforms only.
    const course = await instructor.get(`/sections/${lmsSection}`);
    const csp = course.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'self' ");
    expect(csp).toContain(platform.origin);
    expect(csp).toContain(other.origin);
    expect(csp).not.toContain("evil");
  });

  test("a launch session is SameSite=None only over https; a password login stays Lax", async () => {
    const https = createTestApp({ SLATE_BASE_URL: "https://slate.school.example" });
    const lms = new TestPlatform(https);
    try {
      await lms.start();
      const root = await setupAdmin(https);
      await registerPlatform(https, root, lms);
      const launch = await lms.launch(new Client(https), { sub: "s-1", roles: [ROLE.instructor] });
      const launchCookie = launch.res.headers.getSetCookie().find((c) => c.includes("slate_session=")) ?? "";
      expect(launchCookie).toStartWith("__Host-slate_session=");
      expect(launchCookie).toContain("SameSite=None");
      expect(launchCookie).toContain("Partitioned");
      const signIn = await new Client(https).post("/login", {
        username: "admin",
        password: "Correct-Horse-9",
      });
      const loginCookie = signIn.headers.getSetCookie().find((c) => c.includes("slate_session=")) ?? "";
      expect(loginCookie).toContain("SameSite=Lax");
      expect(loginCookie).not.toContain("Partitioned");
    } finally {
      lms.stop();
      https.close();
    }
  });
});

describe("deep linking", () => {
  async function picker(browser: Client, sub: string): Promise<string> {
    const { res } = await platform.launch(browser, {
      sub,
      roles: [ROLE.instructor],
      messageType: "LtiDeepLinkingRequest",
    });
    expect(res.status).toBe(303);
    return res.headers.get("location")!;
  }

  test("a teacher cannot place another section's task, whatever the form says", async () => {
    const url = await picker(instructor, "inst-a");
    const html = await (await instructor.get(url)).text();
    expect(html).toContain("LMS task");
    expect(html).not.toContain("Tina's own task");
    const res = await instructor.post(url, { target: `task:${tinaTask}` });
    expect(res.status).toBe(303); // "pick a task first": nothing of another section is signed
    const both = await instructor.request(url, {
      method: "POST",
      body: new URLSearchParams([
        ["target", `task:${tinaTask}`],
        ["target", `task:${lmsTask}`],
        ["return_url", "https://evil.example/steal"],
      ]),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(both.status).toBe(200);
    const page = await both.text();
    expect(page).toContain(`action="${platform.origin}/deep-link-return"`);
    expect(page).not.toContain("evil.example");
    const jwt = page.match(/name="JWT" value="([^"]+)"/)![1]!;
    const items = JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString())[
      "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
    ] as { custom: { slate_target: string } }[];
    expect(items.map((i) => i.custom.slate_target)).toEqual([`task:${lmsTask}`]);
    // The widened form-action belongs to that one response.
    const next = await instructor.get(`/sections/${lmsSection}`);
    expect(next.headers.get("content-security-policy")).toContain("form-action 'self';");
    // Used up: neither the same teacher nor a replay can sign again.
    expect((await instructor.post(url, { target: `task:${lmsTask}` })).status).toBe(404);
  });

  test("a picker token is useless to another user, a student or a signed-out visitor", async () => {
    const url = await picker(instructor, "inst-a");
    const tina = teacher;
    expect((await tina.get(url)).status).toBe(404);
    expect((await tina.post(url, { target: `task:${lmsTask}` })).status).toBe(404);
    const { client: student } = await registerStudent(t, section.code, "dl-student");
    expect((await student.post(url, { target: `task:${lmsTask}` })).status).toBe(404);
    expect((await new Client(t).post(url, { target: `task:${lmsTask}` })).status).toBe(303);
    // Still usable by its teacher: the attempts changed nothing.
    expect((await instructor.post(url, { target: `task:${lmsTask}` })).status).toBe(200);
  });

  test("a removed co-teacher's picker no longer places anything", async () => {
    const co = new Client(t);
    const url = await picker(co, "co-teacher");
    const user = t.ctx.sqlite
      .query<{ user_id: number }, []>("SELECT user_id FROM lti_accounts WHERE subject = 'co-teacher'")
      .get()!.user_id;
    t.ctx.sqlite.query("DELETE FROM section_teachers WHERE user_id = ?").run(user);
    expect((await co.post(url, { target: `task:${lmsTask}` })).status).toBe(404);
  });
});

describe("AGS and NRPS", () => {
  const contextOf = (platformId: number) =>
    t.ctx.sqlite
      .query<{ id: number; section_id: number }, [number]>(
        "SELECT id, section_id FROM lti_contexts WHERE platform_id = ? ORDER BY id LIMIT 1",
      )
      .get(platformId)!;
  const aId = () =>
    t.ctx.sqlite
      .query<{ id: number }, [string]>("SELECT id FROM lti_platforms WHERE issuer = ?")
      .get(platform.issuer)!.id;
  const planted = () =>
    t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM lti_accounts WHERE subject = 'planted'")
      .get()!.n;

  /** Slate asks the token endpoint again instead of using the token it keeps. */
  const freshTokenUrl = () => forgetTokens(t.ctx, aId());

  async function fillRoster(): Promise<Response> {
    const k = contextOf(aId());
    return instructor.post(`/sections/${k.section_id}/lms/contexts/${k.id}/roster`);
  }

  test("a roster URL that redirects to another host is not followed", async () => {
    inside.length = 0;
    platform.redirects.set("/memberships", internalUrl("/admin/roster"));
    try {
      const res = await fillRoster();
      expect(res.status).toBe(303);
      expect(inside).toEqual([]);
      expect(planted()).toBe(0);
    } finally {
      platform.redirects.clear();
    }
  });

  test("a next-page link to another host is not followed, nor a redirect from the platform's own next page", async () => {
    inside.length = 0;
    platform.members = [{ user_id: "m-1", name: "Member One", roles: [ROLE.learner] }];
    platform.nextLink = internalUrl("/memberships?page=2");
    expect((await fillRoster()).status).toBe(303);
    platform.nextLink = `${platform.origin}/hop`;
    platform.redirects.set("/hop", internalUrl("/memberships?page=2"));
    try {
      expect((await fillRoster()).status).toBe(303);
      expect(inside).toEqual([]);
      expect(planted()).toBe(0);
    } finally {
      platform.redirects.clear();
      platform.nextLink = undefined;
    }
  });

  test("a relative next-page link is read on the platform's host", async () => {
    platform.members = [
      { user_id: "rel-1", name: "Rel One", roles: [ROLE.learner] },
      { user_id: "rel-2", name: "Rel Two", roles: [ROLE.learner] },
    ];
    platform.nextLink = "/memberships?page=2";
    try {
      const res = await fillRoster();
      expect(res.status).toBe(303);
      const n = t.ctx.sqlite
        .query<{ n: number }, []>("SELECT count(*) AS n FROM lti_accounts WHERE subject LIKE 'rel-%'")
        .get()!.n;
      expect(n).toBe(2);
    } finally {
      platform.nextLink = undefined;
    }
  });

  test("a token URL that redirects elsewhere does not get Slate's client assertion", async () => {
    inside.length = 0;
    platform.redirects.set("/token", internalUrl("/token"));
    freshTokenUrl();
    try {
      const res = await fillRoster();
      expect(res.status).toBe(303);
      expect(inside).toEqual([]);
    } finally {
      platform.redirects.clear();
    }
  });

  test("a score post that the platform redirects elsewhere is not followed", async () => {
    inside.length = 0;
    const row = t.ctx.sqlite.query("SELECT * FROM lti_platforms WHERE id = ?").get(aId()) as Parameters<
      typeof postScore
    >[1];
    platform.redirects.set("/lineitems/9/scores", internalUrl("/gradebook/scores"));
    try {
      const sent = postScore(t.ctx, row, `${platform.origin}/lineitems/9`, {
        userId: "inst-a",
        scoreGiven: 1,
        scoreMaximum: 1,
      });
      expect(sent).rejects.toThrow(LtiServiceError);
      await sent.catch(() => {});
      expect(inside).toEqual([]);
    } finally {
      platform.redirects.clear();
    }
  });

  test("a token endpoint answering bogus data fails the roster with a message, not an error page", async () => {
    for (const answer of [
      { access_token: "a\r\nx-injected: 1", expires_in: 3600 },
      { access_token: 42 },
      { access_token: "ok", expires_in: "soon" },
    ]) {
      platform.tokenAnswer = answer;
      freshTokenUrl();
      try {
        const res = await fillRoster();
        expect(res.status, JSON.stringify(answer)).toBe(303);
      } finally {
        platform.tokenAnswer = undefined;
      }
    }
  });
});

describe("the signed grading API", () => {
  let key = "";
  let secret = "";
  let key2 = "";
  let secret2 = "";
  let n = 0;
  const MISSING_PROBLEM = 999_999; // past the signature checks the answer is "no such problem"

  async function issue(name: string, webhookUrl = "") {
    const res = await admin.post("/admin/lms/clients", { name, webhookUrl });
    const found = [...(await res.text()).matchAll(/<p class="secret[^"]*">([^<]+)<\/p>/g)].map((m) => m[1]!);
    return { key: found[0]!, secret: found[1]! };
  }
  const hmac = (s: string, ts: string, body: string) =>
    `sha256=${createHmac("sha256", s).update(`${ts}.${body}`).digest("hex")}`;
  const nowS = () => Math.floor(t.clock.now() / 1000);

  function send(body: string, o: { key?: string; ts?: string; signature?: string; secret?: string } = {}) {
    const ts = o.ts ?? String(nowS());
    return t.app.request("http://localhost/api/v1/grade", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-slate-client": o.key ?? key,
        "x-slate-timestamp": ts,
        "x-slate-signature": o.signature ?? hmac(o.secret ?? secret, ts, body),
      },
    });
  }
  const body = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      requestId: `att-${++n}`,
      studentId: "s1",
      problemId: MISSING_PROBLEM,
      code: "print(1)",
      ...extra,
    });

  beforeAll(async () => {
    ({ key, secret } = await issue("Attack client"));
    ({ key: key2, secret: secret2 } = await issue("Second client"));
  });

  test("the signature covers the raw bytes: a re-serialized body does not verify", async () => {
    const spaced = `{ "requestId": "att-raw-${++n}",  "studentId": "s1", "problemId": ${MISSING_PROBLEM}, "code": "x" }`;
    expect((await send(spaced)).status).toBe(404); // verified, then: no such problem
    const ts = String(nowS());
    const compact = JSON.stringify(JSON.parse(spaced.replace("att-raw", "att-raw2")));
    const res = await send(compact, {
      ts,
      signature: hmac(secret, ts, spaced.replace("att-raw", "att-raw2")),
    });
    expect(res.status).toBe(401);
  });

  test("timestamps: five minutes either way are taken, more is refused, and so is anything not digits", async () => {
    expect((await send(body(), { ts: String(nowS() - 290) })).status).toBe(404);
    expect((await send(body(), { ts: String(nowS() + 290) })).status).toBe(404);
    for (const ts of [
      String(nowS() - 310),
      String(nowS() + 310),
      `${nowS()}.0`,
      ` ${nowS()}`,
      "-1",
      "1e9",
      "",
    ]) {
      const res = await send(body(), { ts });
      expect(res.status, ts).toBe(401);
    }
  });

  test("a signature of the right length but wrong, uppercase hex or without the prefix is refused", async () => {
    const b = body();
    const ts = String(nowS());
    const good = hmac(secret, ts, b);
    for (const signature of [
      `sha256=${"0".repeat(64)}`,
      good.toUpperCase(),
      good.slice("sha256=".length),
      `${good}00`,
      good.replace("sha256=", "sha1="),
    ]) {
      expect((await send(b, { ts, signature })).status, signature).toBe(401);
    }
  });

  test("replays: the same request again, or under another client's key, is refused; ids are per client", async () => {
    const b = body();
    const ts = String(nowS());
    expect((await send(b, { ts })).status).toBe(404);
    expect((await send(b, { ts })).status).toBe(409);
    expect((await send(b, { ts, key: key2 })).status).toBe(401); // A's signature is not B's
    expect((await send(b, { ts, key: key2, secret: secret2 })).status).toBe(404); // B's own id space
    // Later, but still within the window the timestamp allows: still a replay.
    t.clock.advance(4 * 60_000);
    expect((await send(b, { ts })).status).toBe(409);
  });

  test("a body over the limit is refused before it is read", async () => {
    const huge = body({ code: "x".repeat(2 * 1024 * 1024) });
    const res = await send(huge);
    expect(res.status).toBe(413);
  });

  test("file names of the grader, paths or dot files are refused", async () => {
    for (const name of ["_slate_grader.py", "../main.py", "a/b.py", ".env", "x..py", "/etc/passwd"]) {
      const res = await send(
        JSON.stringify({
          requestId: `att-f-${++n}`,
          studentId: "s1",
          problemId: MISSING_PROBLEM,
          files: [{ name, content: "print(1)" }],
        }),
      );
      expect(res.status, name).toBe(422);
    }
  });

  test("refusals name no secret and no internal detail", async () => {
    const res = await send(body(), { signature: "sha256=bad" });
    const text = await res.text();
    expect(text).toBe(JSON.stringify({ error: "The signature does not match." }));
    expect(text).not.toContain(secret);
  });

  test("a webhook that redirects elsewhere is not followed", async () => {
    inside.length = 0;
    platform.redirects.set("/hook", internalUrl("/hook"));
    try {
      const hooked = await issue("Redirected hook", `${platform.origin}/hook`);
      const clientId = t.ctx.sqlite
        .query<{ id: number }, [string]>("SELECT id FROM api_clients WHERE client_key = ?")
        .get(hooked.key)!.id;
      const problem = (await seedSumProblem(t, lmsTask)).id;
      t.ctx.sqlite
        .query(
          `INSERT INTO api_gradings (client_id, request_id, student_id, problem_id, status, answer, created_at,
             webhook_status, webhook_attempts, webhook_next_at) VALUES (?, 'hook-1', 's1', ?, 'graded', '{}', 0, 'pending', 0, 0)`,
        )
        .run(clientId, problem);
      await sendDueWebhooks(t.ctx);
      const row = t.ctx.sqlite
        .query<{ webhook_status: string; webhook_error: string }, []>(
          "SELECT webhook_status, webhook_error FROM api_gradings WHERE request_id = 'hook-1'",
        )
        .get()!;
      expect(row.webhook_status).toBe("pending");
      expect(row.webhook_error).toContain("307");
      expect(inside).toEqual([]);
    } finally {
      platform.redirects.clear();
    }
  });

  test("a webhook address must be http(s)", async () => {
    for (const webhookUrl of ["file:///etc/passwd", "gopher://127.0.0.1:25/", "javascript:alert(1)"]) {
      const res = await admin.post("/admin/lms/clients", { name: "Hook", webhookUrl });
      expect(res.status, webhookUrl).toBe(422);
    }
  });
});

describe("admin and section LMS pages", () => {
  const adminGets = ["/admin/lms", "/admin/lms/", "/admin/lms/platforms/new", "/admin/lms/platforms/1"];
  const adminPosts = [
    "/admin/lms/platforms",
    "/admin/lms/platforms/1",
    "/admin/lms/platforms/1/delete",
    "/admin/lms/keys/rotate",
    "/admin/lms/clients",
    "/admin/lms/clients/1/revoke",
  ];

  test("teachers, students, LMS users and signed-out visitors reach no /admin/lms route", async () => {
    const platforms = countRows(t, "lti_platforms");
    const keys = countRows(t, "lti_keys");
    const clients = countRows(t, "api_clients");
    const { client: student } = await registerStudent(t, section.code, "adm-student");
    const lmsLearner = new Client(t);
    await platform.launch(lmsLearner, { sub: "adm-learner" });
    for (const who of [teacher, student, instructor, lmsLearner]) {
      for (const path of adminGets) expect((await who.get(path)).status, path).toBe(403);
      for (const path of adminPosts) {
        expect((await who.post(path, { ...other.registrationForm("X"), name: "X" })).status, path).toBe(403);
      }
    }
    const anon = new Client(t);
    for (const path of [...adminGets]) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location")).toStartWith("/login");
    }
    for (const path of adminPosts) expect([303, 403], path).toContain((await anon.post(path)).status);
    expect(countRows(t, "lti_platforms")).toBe(platforms);
    expect(countRows(t, "lti_keys")).toBe(keys);
    expect(countRows(t, "api_clients")).toBe(clients);
  });

  test("another teacher and students cannot use a section's LMS routes", async () => {
    const k = t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM lti_contexts WHERE section_id = ?")
      .get(lmsSection)!.id;
    const student = new Client(t);
    await platform.launch(student, { sub: "sec-learner" });
    const otto = await createTeacher(t, admin, "otto-attacks");
    for (const [who, status] of [
      [teacher, 404],
      [otto, 404],
      [student, 403],
    ] as const) {
      expect((await who.get(`/sections/${lmsSection}/lms`)).status).toBe(status);
      expect((await who.post(`/sections/${lmsSection}/lms/contexts/${k}/roster`)).status).toBe(status);
      expect((await who.post(`/sections/${lmsSection}/lms/outbox/1/retry`)).status).toBe(status);
    }
    // Tina's own section with A's context id in the URL: not hers to sync.
    expect((await teacher.post(`/sections/${section.id}/lms/contexts/${k}/roster`)).status).toBe(404);
  });

  test("no log line holds a key, a secret, an access token or a launch token", async () => {
    const lines: string[] = [];
    const quiet = t.ctx.logger;
    (t.ctx as { logger: typeof quiet }).logger = pino(
      { level: "debug" },
      { write: (l: string) => lines.push(l) },
    );
    try {
      const { key, secret } = await (async () => {
        const res = await admin.post("/admin/lms/clients", { name: "Logged", webhookUrl: "" });
        const found = [...(await res.text()).matchAll(/<p class="secret[^"]*">([^<]+)<\/p>/g)].map(
          (m) => m[1]!,
        );
        return { key: found[0]!, secret: found[1]! };
      })();
      const body = JSON.stringify({ requestId: "log-1", studentId: "s", problemId: 1, code: "x" });
      await t.app.request("http://localhost/api/v1/grade", {
        method: "POST",
        body,
        headers: { "x-slate-client": key, "x-slate-timestamp": "1", "x-slate-signature": "sha256=00" },
      });
      let idToken = "";
      await platform.launch(new Client(t), {
        sub: "log-2",
        token: async (nonce) => {
          idToken = await platform.idToken(nonce, { sub: "log-2", claims: { aud: "not-slate" } });
          return idToken;
        },
      });
      platform.tokenAnswer = { access_token: "sensitive-access-token-123", expires_in: 3600 };
      const aPlatform = t.ctx.sqlite
        .query<{ id: number }, [string]>("SELECT id FROM lti_platforms WHERE issuer = ?")
        .get(platform.issuer)!.id;
      forgetTokens(t.ctx, aPlatform); // the next call asks for (and gets) the sensitive token
      const k = t.ctx.sqlite
        .query<{ id: number }, [number]>("SELECT id FROM lti_contexts WHERE section_id = ?")
        .get(lmsSection)!.id;
      await instructor.post(`/sections/${lmsSection}/lms/contexts/${k}/roster`);
      platform.tokenAnswer = undefined;
      const row = t.ctx.sqlite
        .query<{ private_jwk_sealed: string }, []>(
          "SELECT private_jwk_sealed FROM lti_keys WHERE status = 'current'",
        )
        .get()!;
      const { decrypt } = await import("../../../src/lib/secret-box.ts");
      const d = (JSON.parse(decrypt(t.ctx.secret, row.private_jwk_sealed)) as { d: string }).d;
      const log = lines.join("");
      expect(log).toContain("lti: id_token refused"); // the failures were logged...
      for (const hidden of [secret, d, row.private_jwk_sealed, "sensitive-access-token-123", idToken]) {
        expect(log.includes(hidden)).toBe(false); // ...without what must stay secret
      }
    } finally {
      (t.ctx as { logger: typeof quiet }).logger = quiet;
      platform.tokenAnswer = undefined;
    }
  });

  test("no page shows Slate's private key or a client's secret after it was issued", async () => {
    const issued = await admin.post("/admin/lms/clients", { name: "Shown once", webhookUrl: "" });
    const secret = [...(await issued.text()).matchAll(/<p class="secret[^"]*">([^<]+)<\/p>/g)][1]![1]!;
    const row = t.ctx.sqlite
      .query<{ private_jwk_sealed: string }, []>(
        "SELECT private_jwk_sealed FROM lti_keys WHERE status = 'current'",
      )
      .get()!;
    const { decrypt } = await import("../../../src/lib/secret-box.ts");
    const d = (JSON.parse(decrypt(t.ctx.secret, row.private_jwk_sealed)) as { d: string }).d;
    for (const path of [
      "/admin/lms",
      `/admin/lms/platforms/${otherId}`,
      "/lti/jwks",
      `/sections/${lmsSection}/lms`,
    ]) {
      const who = path.startsWith("/sections") ? instructor : admin;
      const html = await (await who.get(path)).text();
      expect(html, path).not.toContain(secret);
      expect(html, path).not.toContain(d);
      expect(html, path).not.toContain(row.private_jwk_sealed);
    }
  });
});
