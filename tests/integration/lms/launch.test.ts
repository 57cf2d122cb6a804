// LTI 1.3 launches driven by the test platform: registration and the values shown, Slate's keys and
// JWKS, a valid launch (instructor and learner), and every way a launch must be refused. Also: only the
// LTI and API paths skip the origin check, and registered platforms may frame Slate.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, registerStudent } from "../../helpers/client.ts";
import { ROLE, registerPlatform, TestPlatform } from "../../helpers/lti-platform.ts";
import { seedTask } from "../../helpers/problems.ts";

const { t, admin, teacher, section } = useClassroom({});
let platform: TestPlatform;

beforeAll(async () => {
  platform = new TestPlatform(t);
  await platform.start();
});
afterAll(() => platform.stop());

const userCount = () => countRows(t, "users");
const sessionCount = () => countRows(t, "sessions");

describe("registration", () => {
  test("the admin page shows the values the platform needs", async () => {
    const html = await (await admin.get("/admin/lms")).text();
    for (const url of ["/lti/login", "/lti/launch", "/lti/deep-link", "/lti/jwks"]) {
      expect(html).toContain(`http://localhost${url}`);
    }
    expect(html).toContain("No LMS registered yet");
  });

  test("teachers, students and signed-out visitors cannot reach the admin pages", async () => {
    expect((await teacher.get("/admin/lms")).status).toBe(403);
    expect((await teacher.post("/admin/lms/platforms", platform.registrationForm())).status).toBe(403);
    expect((await teacher.post("/admin/lms/keys/rotate")).status).toBe(403);
    const { client: student } = await registerStudent(t, section.code, "sam");
    expect((await student.get("/admin/lms")).status).toBe(403);
    const anonymous = await new Client(t).get("/admin/lms");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toStartWith("/login");
    expect(countRows(t, "lti_platforms")).toBe(0);
  });

  test("a bad registration is refused with a message and stores nothing", async () => {
    const res = await admin.post("/admin/lms/platforms", {
      ...platform.registrationForm(),
      tokenUrl: "javascript:alert(1)",
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Access token URL must be an http(s) address.");
    const none = await admin.post("/admin/lms/platforms", {
      ...platform.registrationForm(),
      deploymentIds: " \n ",
    });
    expect(none.status).toBe(422);
    expect(countRows(t, "lti_platforms")).toBe(0);
  });

  test("the admin registers the platform", async () => {
    await registerPlatform(t, admin, platform);
    const html = await (await admin.get("/admin/lms")).text();
    expect(html).toContain("Test LMS");
    expect(html).toContain(platform.clientId);
    const again = await admin.post("/admin/lms/platforms", platform.registrationForm("Copy"));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("already has this issuer and client id");
  });

  test("registered platforms may frame Slate; nobody else may", async () => {
    const res = await admin.get("/"); // not an admin page: those are never framed (attacks.test.ts)
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors 'self' ${platform.origin}`);
    expect(csp).toContain("form-action 'self';");
    expect(res.headers.get("x-frame-options")).toBeNull();
  });
});

describe("keys", () => {
  test("Slate's key is made at first use, kept sealed and published as JWKS", async () => {
    const res = await new Client(t).get("/lti/jwks");
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0]!.d).toBeUndefined(); // no private part
    const row = t.ctx.sqlite
      .query<{ private_jwk_sealed: string }, []>("SELECT private_jwk_sealed FROM lti_keys")
      .get()!;
    expect(row.private_jwk_sealed).toStartWith("v1.");
    expect(row.private_jwk_sealed).not.toContain('"d"');
  });

  test("rotating makes a new current key and keeps the previous one published", async () => {
    const before = ((await (await new Client(t).get("/lti/jwks")).json()) as { keys: { kid: string }[] })
      .keys;
    expect((await admin.post("/admin/lms/keys/rotate")).status).toBe(303);
    const after = ((await (await new Client(t).get("/lti/jwks")).json()) as { keys: { kid: string }[] }).keys;
    expect(after).toHaveLength(2);
    expect(after.map((k) => k.kid)).toContain(before[0]!.kid);
    await admin.post("/admin/lms/keys/rotate");
    const third = ((await (await new Client(t).get("/lti/jwks")).json()) as { keys: { kid: string }[] }).keys;
    expect(third).toHaveLength(2);
    expect(third.map((k) => k.kid)).not.toContain(before[0]!.kid); // retired after two rotations
  });
});

describe("launch", () => {
  test("a valid instructor launch signs in, makes the course's section and lands on it", async () => {
    const browser = new Client(t);
    const { res, login } = await platform.launch(browser, {
      sub: "teacher-77",
      name: "Irene Instructor",
      roles: [ROLE.instructor],
    });
    expect(login.status).toBe(302);
    const auth = new URL(login.headers.get("location")!);
    expect(auth.origin + auth.pathname).toBe(`${platform.origin}/auth`);
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: platform.clientId,
      redirect_uri: "http://localhost/lti/launch",
      login_hint: "teacher-77",
      lti_message_hint: "hint-1",
    });
    expect(res.status).toBe(303);
    const to = res.headers.get("location")!;
    expect(to).toMatch(/^\/sections\/\d+$/);
    expect(browser.hasSession()).toBe(true);
    const page = await browser.get(to);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Intro to Programming (LMS)");
    const user = t.ctx.sqlite
      .query<{ role: string; display_name: string; password_hash: string }, []>(
        "SELECT u.role, u.display_name, u.password_hash FROM users u JOIN lti_accounts a ON a.user_id = u.id WHERE a.subject = 'teacher-77'",
      )
      .get()!;
    expect(user).toMatchObject({ role: "teacher", display_name: "Irene Instructor" });
    const owner = t.ctx.sqlite
      .query<{ n: number }, []>(
        "SELECT count(*) AS n FROM section_teachers st JOIN lti_contexts k ON k.section_id = st.section_id JOIN lti_accounts a ON a.user_id = st.user_id WHERE a.subject = 'teacher-77' AND st.role = 'owner'",
      )
      .get()!;
    expect(owner.n).toBe(1);
  });

  test("launching again reuses the account and the section", async () => {
    const users = userCount();
    const sections = countRows(t, "sections");
    const { res } = await platform.launch(new Client(t), { sub: "teacher-77", roles: [ROLE.instructor] });
    expect(res.status).toBe(303);
    expect(userCount()).toBe(users);
    expect(countRows(t, "sections")).toBe(sections);
  });

  test("a learner's launch of a link to a task enrols them and lands on the task", async () => {
    const sectionId = t.ctx.sqlite
      .query<{ section_id: number }, []>("SELECT section_id FROM lti_contexts")
      .get()!.section_id;
    const task = await seedTask(t, sectionId, { title: "Loops" });
    const browser = new Client(t);
    const { res } = await platform.launch(browser, {
      sub: "learner-1",
      custom: { slate_target: `task:${task.id}` },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/tasks/${task.id}`);
    const page = await browser.get(`/tasks/${task.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Loops");
    const enrolled = t.ctx.sqlite
      .query<{ n: number }, [number]>(
        "SELECT count(*) AS n FROM enrollments e JOIN lti_accounts a ON a.user_id = e.user_id WHERE a.subject = 'learner-1' AND e.section_id = ?",
      )
      .get(sectionId)!;
    expect(enrolled.n).toBe(1);
    // The link remembers its task: a later launch without the custom parameter lands there too.
    const again = await platform.launch(new Client(t), { sub: "learner-1" });
    expect(again.res.headers.get("location")).toBe(`/tasks/${task.id}`);
  });

  test("two first launches of a new course at once make one section", async () => {
    const race = {
      "https://purl.imsglobal.org/spec/lti/claim/context": { id: "course-race", title: "Race" },
    };
    const sections = countRows(t, "sections");
    const [a, b] = await Promise.all([
      platform.launch(new Client(t), { sub: "race-1", roles: [ROLE.instructor], claims: race }),
      platform.launch(new Client(t), { sub: "race-2", roles: [ROLE.instructor], claims: race }),
    ]);
    expect([a.res.status, b.res.status]).toEqual([303, 303]);
    expect(a.res.headers.get("location")).toBe(b.res.headers.get("location"));
    expect(countRows(t, "sections")).toBe(sections + 1);
  });

  test("a link may not open a task of another section", async () => {
    const other = await seedTask(t, section.id, { title: "Not this course" });
    const { res } = await platform.launch(new Client(t), {
      sub: "learner-1",
      resourceLinkId: "link-evil",
      custom: { slate_target: `task:${other.id}` },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("not part of this course");
  });

  test("the session cookie of a launch is SameSite=None; Secure; Partitioned over https", async () => {
    const { createTestApp } = await import("../../helpers/app.ts");
    const https = createTestApp({ SLATE_BASE_URL: "https://slate.school.example" });
    try {
      const { setupAdmin } = await import("../../helpers/client.ts");
      await setupAdmin(https);
      https.ctx.sqlite
        .query(
          "INSERT INTO lti_platforms (name, issuer, client_id, auth_url, token_url, jwks_url, created_at, updated_at) VALUES ('P', ?, ?, ?, ?, ?, 0, 0)",
        )
        .run(
          platform.issuer,
          platform.clientId,
          `${platform.origin}/auth`,
          `${platform.origin}/token`,
          `${platform.origin}/jwks`,
        );
      const res = await https.app.request("https://slate.school.example/lti/login", {
        method: "POST",
        body: new URLSearchParams({ iss: platform.issuer, login_hint: "x", client_id: platform.clientId }),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: platform.origin },
      });
      expect(res.status).toBe(302);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-slate_lti_")) ?? "";
      expect(cookie).toContain("SameSite=None");
      expect(cookie).toContain("Secure");
      expect(cookie).toContain("Partitioned");
      expect(new URL(res.headers.get("location")!).searchParams.get("redirect_uri")).toBe(
        "https://slate.school.example/lti/launch",
      );
    } finally {
      https.close();
    }
  });
});

describe("refused launches change nothing", () => {
  async function refused(o: Parameters<TestPlatform["launch"]>[1], message: string) {
    const users = userCount();
    const sessions = sessionCount();
    const browser = new Client(t);
    const { res } = await platform.launch(browser, o);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
    expect(browser.hasSession()).toBe(false);
    expect(userCount()).toBe(users);
    expect(sessionCount()).toBe(sessions);
  }

  test("wrong audience", () =>
    refused({ sub: "x1", claims: { aud: "someone-else" } }, "not for Slate (aud)"));
  test("expired token", () => refused({ sub: "x2", ageSeconds: -3600 }, "has expired"));
  test("a token issued in the future", () =>
    refused({ sub: "x2b", ageSeconds: 3600 }, "not for Slate (iat)"));
  test("token issued by another issuer", () =>
    refused({ sub: "x3", claims: { iss: "https://evil.example" } }, "not for Slate (iss)"));
  test("unknown deployment", () =>
    refused({ sub: "x4", deploymentId: "deployment-999" }, "deployment of the LMS is not registered"));
  test("a deployment in the token that is not registered (the login named a known one)", () =>
    refused(
      { sub: "x4b", claims: { "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deployment-999" } },
      "deployment of the LMS is not registered",
    ));
  test("tampered signature", () => refused({ sub: "x5", tamper: true }, "could not be verified"));
  test("signed with a key not in the platform's JWKS", () =>
    refused({ sub: "x6", foreignKey: true }, "could not be verified"));
  test("wrong message type", () =>
    refused({ sub: "x7", messageType: "LtiSubmissionReviewRequest" }, "not supported"));
  test("wrong LTI version", () =>
    refused(
      { sub: "x8", claims: { "https://purl.imsglobal.org/spec/lti/claim/version": "1.1" } },
      "1.3.0 only",
    ));
  test("several audiences without azp", () =>
    refused({ sub: "x9", claims: { aud: ["slate-client-1", "other"] } }, "(azp)"));
  test("an azp that is not Slate", () => refused({ sub: "x10", claims: { azp: "other" } }, "(azp)"));
  test("a state Slate never gave", () =>
    refused({ sub: "x11", state: () => "made-up-state" }, "already used or is unknown"));
  test("the state cookie is missing (another browser)", () =>
    refused({ sub: "x12", dropStateCookie: true }, "started in another browser"));
  test("a role that is neither instructor nor learner", () =>
    refused(
      { sub: "x13", roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"] },
      "instructors and learners",
    ));

  test("a learner of a course no instructor opened yet", async () => {
    const users = userCount();
    const { res } = await platform.launch(new Client(t), {
      sub: "early-learner",
      claims: { "https://purl.imsglobal.org/spec/lti/claim/context": { id: "course-new" } },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("has not opened Slate from this course yet");
    const made = t.ctx.sqlite.query<{ n: number }, []>(
      "SELECT count(*) AS n FROM lti_contexts WHERE context_id = 'course-new'",
    );
    expect(made.get()!.n).toBe(0);
    expect(userCount()).toBe(users);
  });

  test("a replayed launch (same state and token) is refused", async () => {
    const browser = new Client(t);
    const login = await browser.post(
      "/lti/login",
      { iss: platform.issuer, login_hint: "r1", client_id: platform.clientId },
      { origin: platform.origin },
    );
    const auth = new URL(login.headers.get("location")!);
    const state = auth.searchParams.get("state")!;
    const token = await platform.idToken(auth.searchParams.get("nonce")!, { sub: "r1" });
    const cookies = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const post = () =>
      t.app.request("http://localhost/lti/launch", {
        method: "POST",
        body: new URLSearchParams({ id_token: token, state }),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: platform.origin,
          cookie: cookies,
        },
      });
    expect((await post()).status).toBe(303);
    const again = await post();
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already used");
  });

  test("a replayed nonce (an old token with a fresh state) is refused", async () => {
    const first = await platform.launch(new Client(t), { sub: "r2" });
    expect(first.res.status).toBe(303);
    const browser = new Client(t);
    const { res } = await platform.launch(browser, { sub: "r2", claims: { nonce: first.nonce } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("(nonce)");
    expect(browser.hasSession()).toBe(false);
  });

  test("a state expires after ten minutes", async () => {
    const browser = new Client(t);
    const login = await browser.post(
      "/lti/login",
      { iss: platform.issuer, login_hint: "late", client_id: platform.clientId },
      { origin: platform.origin },
    );
    const auth = new URL(login.headers.get("location")!);
    const token = await platform.idToken(auth.searchParams.get("nonce")!, { sub: "late" });
    t.clock.advance(11 * 60_000);
    const res = await browser.post(
      "/lti/launch",
      { id_token: token, state: auth.searchParams.get("state")! },
      { origin: platform.origin },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("took too long");
  });

  test("a login from an unregistered issuer is refused", async () => {
    const res = await new Client(t).post(
      "/lti/login",
      { iss: "https://unknown.example", login_hint: "a" },
      { origin: "https://unknown.example" },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("not registered in Slate");
  });
});

describe("the origin check", () => {
  test("is skipped only for the exact LTI and API paths", async () => {
    const cross = { origin: platform.origin, "sec-fetch-site": "cross-site" };
    const browser = new Client(t);
    // A signed-in teacher's browser, posting cross-site to other paths: refused as before.
    await platform.launch(browser, { sub: "teacher-77", roles: [ROLE.instructor] });
    for (const path of [
      "/admin/lms/keys/rotate",
      "/lti/deep-link/abcdefghijkl",
      "/lti/launch/x",
      "/api/v1/grade/x",
      "/sections/1/lms/outbox/1/retry",
    ]) {
      const res = await browser.post(path, {}, cross);
      expect(res.status, path).toBe(403);
    }
    // The LTI and API doors answer with their own checks instead.
    expect((await browser.post("/lti/launch", {}, cross)).status).toBe(400);
    expect(
      (await browser.request("/api/v1/grade", { method: "POST", body: "{}", headers: cross })).status,
    ).toBe(401);
  });
});
