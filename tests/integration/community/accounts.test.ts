// Accounts around the community features: "Remember me", one-time reset links (admin, teacher),
// reset by e-mail against a local SMTP server, token expiry and reuse, deactivation and roles.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SMTPServer } from "smtp-server";
import { createTestApp } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher, login, registerStudent, STRONG, setupAdmin } from "../../helpers/client.ts";
import { readSse } from "../../helpers/sse.ts";

const NEW_PASSWORD = "Brand-New-Pass-42";
const room = useClassroom();
let student: Client;
let otherStudent: Client;

const userId = (username: string) =>
  room.t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(username)!
    .id;
const sessionCount = (username: string) =>
  room.t.ctx.sqlite
    .query<{ n: number }, [number]>("SELECT count(*) AS n FROM sessions WHERE user_id = ?")
    .get(userId(username))!.n;

async function resetLinkFrom(res: Response): Promise<string> {
  const html = await res.text();
  const link = html.match(/<p class="secret secret-link">([^<]+)<\/p>/)?.[1];
  if (!link) throw new Error(`no reset link shown: ${res.status} ${html.slice(0, 300)}`);
  return new URL(link).pathname;
}

beforeAll(async () => {
  student = (await registerStudent(room.t, room.section.code, "sam")).client;
  const teacher2 = await createTeacher(room.t, room.admin, "otto");
  const res = await teacher2.post("/sections", { name: "Other", term: "Fall", description: "" });
  const otherId = Number(res.headers.get("location")?.split("/").pop());
  const code = room.t.ctx.sqlite
    .query<{ enroll_code: string }, [number]>("SELECT enroll_code FROM sections WHERE id = ?")
    .get(otherId)!.enroll_code;
  otherStudent = (await registerStudent(room.t, code, "olga")).client;
});

describe("remember me", () => {
  test("unticked gives a browser session: no Max-Age, a short server expiry", async () => {
    const c = new Client(room.t);
    const res = await c.post("/login", { username: "sam", password: STRONG });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith("slate_session="))!;
    expect(cookie).not.toMatch(/max-age/i);
    const row = room.t.ctx.sqlite
      .query<{ persistent: number; ttl: number }, []>(
        "SELECT persistent, expires_at - created_at AS ttl FROM sessions ORDER BY rowid DESC LIMIT 1",
      )
      .get()!;
    expect(row.persistent).toBe(0);
    expect(row.ttl).toBe(12 * 3_600_000);
  });

  test("ticked keeps the long session", async () => {
    const c = new Client(room.t);
    const res = await c.post("/login", { username: "sam", password: STRONG, remember: "on" });
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith("slate_session="))!;
    expect(cookie).toMatch(/Max-Age=1209600/);
    const page = await (await new Client(room.t).get("/login")).text();
    expect(page).toContain("Remember me");
    expect(page).toContain('href="/password/forgot"');
  });
});

describe("one-time reset links", () => {
  test("an admin makes one; it sets the password once and logs the user out everywhere", async () => {
    const path = await resetLinkFrom(await room.admin.post(`/people/${userId("sam")}/reset-link`));
    expect(sessionCount("sam")).toBeGreaterThan(0);
    const form = await new Client(room.t).get(path);
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toBe("no-store");
    const anon = new Client(room.t);
    const mismatch = await anon.post(path, { password: NEW_PASSWORD, confirm: "other" });
    expect(mismatch.status).toBe(422);
    const weak = await anon.post(path, { password: "short", confirm: "short" });
    expect(weak.status).toBe(422);
    const ok = await anon.post(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(ok.status).toBe(303);
    expect(sessionCount("sam")).toBe(0);
    expect((await student.get("/")).status).toBe(303); // the old session is gone
    expect((await login(student, "sam", NEW_PASSWORD)).status).toBe(303);
    const again = await anon.post(path, { password: "Another-Pass-77", confirm: "Another-Pass-77" });
    expect(again.status).toBe(410);
    expect((await anon.get(path)).status).toBe(410);
    // Put the usual password back for the other tests.
    const back = await resetLinkFrom(await room.admin.post(`/people/${userId("sam")}/reset-link`));
    expect((await anon.post(back, { password: STRONG, confirm: STRONG })).status).toBe(303);
    expect((await login(student, "sam")).status).toBe(303);
    expect((await student.get("/")).status).toBe(200);
  });

  test("a link expires after one hour, and a newer link cancels the older one", async () => {
    const first = await resetLinkFrom(await room.admin.post(`/people/${userId("olga")}/reset-link`));
    const second = await resetLinkFrom(await room.admin.post(`/people/${userId("olga")}/reset-link`));
    expect((await new Client(room.t).get(first)).status).toBe(410);
    expect((await new Client(room.t).get(second)).status).toBe(200);
    room.t.clock.advance(60 * 60_000 + 1);
    const late = await new Client(room.t).post(second, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(late.status).toBe(410);
    expect(await late.text()).toContain("expired or was already used");
  });

  test("a forged or altered token is refused", async () => {
    const path = await resetLinkFrom(await room.admin.post(`/people/${userId("olga")}/reset-link`));
    const token = path.split("/").pop()!;
    const [nonce, sig] = token.split(".");
    const forged = `${nonce!.slice(0, -1)}${nonce!.endsWith("A") ? "B" : "A"}.${sig}`;
    expect((await new Client(room.t).get(`/password/reset/${forged}`)).status).toBe(410);
    expect((await new Client(room.t).get(`/password/reset/${nonce}.AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(
      410,
    );
  });

  test("a teacher makes links for their own students only; students make none", async () => {
    expect((await room.teacher.post(`/people/${userId("sam")}/reset-link`)).status).toBe(200);
    expect((await room.teacher.post(`/people/${userId("olga")}/reset-link`)).status).toBe(404);
    expect((await room.teacher.post(`/people/${userId("otto")}/reset-link`)).status).toBe(404);
    expect((await room.teacher.post(`/people/${userId("admin")}/reset-link`)).status).toBe(404);
    expect((await student.post(`/people/${userId("olga")}/reset-link`)).status).toBe(404);
    expect((await otherStudent.post(`/people/${userId("sam")}/reset-link`)).status).toBe(404);
    expect((await new Client(room.t).post(`/people/${userId("sam")}/reset-link`)).status).toBe(303);
  });

  test("without SMTP the forgot page says to ask a teacher and sends nothing", async () => {
    const page = await (await new Client(room.t).get("/password/forgot")).text();
    expect(page).toContain("Ask your teacher");
    expect(page).not.toContain('name="who"');
  });
});

describe("deactivation and roles", () => {
  test("a deactivated user is logged out everywhere, cannot log in, and keeps their data", async () => {
    const phone = new Client(room.t);
    await login(phone, "olga");
    expect(sessionCount("olga")).toBeGreaterThan(0);
    const open = readSse(await phone.get("/live"));
    await open.until((t) => t.includes("bell-count"));
    const res = await room.admin.post(`/admin/users/${userId("olga")}/deactivate`);
    await open.until(() => false, 3000).catch((err: Error) => expect(err.message).toContain("stream ended"));
    expect(res.status).toBe(303);
    expect(sessionCount("olga")).toBe(0);
    expect((await phone.get("/")).status).toBe(303);
    expect((await otherStudent.get("/")).status).toBe(303);
    const again = await login(new Client(room.t), "olga");
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("deactivated");
    expect(
      room.t.ctx.sqlite.query("SELECT user_id FROM enrollments WHERE user_id = ?").all(userId("olga")).length,
    ).toBe(1);
    // A reset link for a deactivated account does not work either.
    const path = await resetLinkFrom(await room.admin.post(`/people/${userId("olga")}/reset-link`));
    expect((await new Client(room.t).get(path)).status).toBe(410);
    await room.admin.post(`/admin/users/${userId("olga")}/reactivate`);
    expect((await login(otherStudent, "olga")).status).toBe(303);
  });

  test("an admin promotes a student to teacher and demotes back, behind a confirmation", async () => {
    const detail = await (await room.admin.get(`/admin/users/${userId("sam")}`)).text();
    expect(detail).toContain('data-confirm="Change the role of');
    await room.admin.post(`/admin/users/${userId("sam")}/role`, { role: "teacher" });
    expect((await student.get("/sections/new")).status).toBe(200);
    await room.admin.post(`/admin/users/${userId("sam")}/role`, { role: "student" });
    expect((await student.get("/sections/new")).status).toBe(403);
    expect((await student.post(`/admin/users/${userId("olga")}/role`, { role: "admin" })).status).toBe(403);
  });
});

describe("reset by e-mail", () => {
  const mails: string[] = [];
  let server: SMTPServer;
  let port = 0;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      onData(stream, _session, done) {
        let text = "";
        stream.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
        });
        stream.on("end", () => {
          mails.push(text);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("sends a signed link to the account's address; the link works once", async () => {
    const t = createTestApp({
      SLATE_SMTP_URL: `smtp://127.0.0.1:${port}`,
      SLATE_BASE_URL: "http://localhost",
      SLATE_SMTP_FROM: "Slate <no-reply@school.test>",
    });
    try {
      const admin = await setupAdmin(t);
      await admin.post("/account/profile", { displayName: "Ada Admin", email: "ada@school.test" });
      const anon = new Client(t);
      const page = await (await anon.get("/password/forgot")).text();
      expect(page).toContain('name="who"');
      const unknown = await anon.post("/password/forgot", { who: "nobody@school.test" });
      const known = await anon.post("/password/forgot", { who: "ADA@school.test" });
      expect(await unknown.text()).toContain("If an account with an e-mail address matches");
      expect(await known.text()).toContain("If an account with an e-mail address matches");
      for (let i = 0; i < 100 && mails.length === 0; i++) await Bun.sleep(50); // sent after the answer
      expect(mails.length).toBe(1);
      const mail = mails[0]!.replace(/=\r?\n/g, "");
      expect(mail).toContain("To: ada@school.test");
      expect(mail).toContain("no-reply@school.test");
      const path = mail.match(/http:\/\/localhost(\/password\/reset\/[A-Za-z0-9_.-]+)/)?.[1];
      expect(path).toBeDefined();
      const ok = await anon.post(path!, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(ok.status).toBe(303);
      expect((await login(new Client(t), "admin", NEW_PASSWORD)).status).toBe(303);
      expect((await anon.post(path!, { password: STRONG, confirm: STRONG })).status).toBe(410);
    } finally {
      t.close();
    }
  });
});
