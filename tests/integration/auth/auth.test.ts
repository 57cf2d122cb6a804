import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { LOCKOUT_MS } from "../../../src/features/auth/login.ts";
import { createTestApp, type TestApp } from "../../helpers/app.ts";
import { Client, createTeacher, login, STRONG, setupAdmin } from "../../helpers/client.ts";

let t: TestApp;
let admin: Client;
beforeEach(async () => {
  t = createTestApp();
  admin = await setupAdmin(t);
});
afterEach(() => t.close());

const sessions = (username: string) =>
  t.ctx.sqlite
    .query<{ n: number }, [string]>(
      "SELECT count(*) AS n FROM sessions JOIN users ON users.id = sessions.user_id WHERE username = ?",
    )
    .get(username)!.n;

describe("login", () => {
  test("succeeds with the right password, stores only a hash of the token, and rotates the session", async () => {
    const c = new Client(t);
    const res = await login(c, "admin");
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith("slate_session="))!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const token = cookie.split(";")[0]!.split("=")[1]!;
    const stored = t.ctx.sqlite.query<{ id_hash: string }, []>("SELECT id_hash FROM sessions").all();
    expect(stored.some((s) => s.id_hash === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.id_hash))).toBe(true);

    const before = sessions("admin");
    await login(c, "admin"); // logging in again replaces this browser's session
    expect(sessions("admin")).toBe(before);
  });

  test("uses a __Host- Secure cookie when served over https", async () => {
    const secure = createTestApp({ SLATE_BASE_URL: "https://slate.example.org" });
    try {
      const res = await secure.app.request("https://slate.example.org/setup", {
        method: "POST",
        redirect: "manual",
        headers: { origin: "https://slate.example.org", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ displayName: "A", username: "root", password: STRONG, confirm: STRONG }),
      });
      const cookie = res.headers.getSetCookie().find((h) => h.includes("slate_session="))!;
      expect(cookie.startsWith("__Host-slate_session=")).toBe(true);
      expect(cookie).toContain("Secure");
      expect(cookie).toContain("Path=/");
    } finally {
      secure.close();
    }
  });

  test("fails with a wrong password or unknown user, with the same message", async () => {
    const c = new Client(t);
    const wrong = await login(c, "admin", "Wrong-pass-1");
    const unknown = await login(c, "nobody", "Wrong-pass-1");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toContain("Wrong username or password.");
    expect(await unknown.text()).toContain("Wrong username or password.");
    expect(c.hasSession()).toBe(false);
  });

  test("locks the account after 5 failures for 15 minutes, then unlocks", async () => {
    const c = new Client(t);
    for (let i = 0; i < 4; i++) expect((await login(c, "admin", "Wrong-pass-1")).status).toBe(401);
    const fifth = await login(c, "admin", "Wrong-pass-1");
    expect(fifth.status).toBe(429);
    expect(await fifth.text()).toContain("locked for 15 more minutes");

    const right = await login(c, "admin"); // even the right password is refused while locked
    expect(right.status).toBe(429);
    expect(c.hasSession()).toBe(false);

    t.clock.advance(LOCKOUT_MS - 1000);
    expect((await login(c, "admin")).status).toBe(429);
    t.clock.advance(2000);
    expect((await login(c, "admin")).status).toBe(303);
    expect(c.hasSession()).toBe(true);
  });

  test("a success resets the failure count", async () => {
    const c = new Client(t);
    for (let i = 0; i < 4; i++) await login(c, "admin", "Wrong-pass-1");
    expect((await login(c, "admin")).status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await login(c, "admin", "Wrong-pass-1")).status).toBe(401);
  });

  test("rate limits login attempts per account at 10 a minute (tests/integration/rate-limits.test.ts has the rest)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login(new Client(t), "nobody", "Wrong-pass-1")).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  test("logout ends the session", async () => {
    expect((await admin.get("/")).status).toBe(200);
    const res = await admin.post("/logout");
    expect(res.headers.get("location")).toBe("/login");
    expect(sessions("admin")).toBe(0);
    expect((await admin.get("/")).headers.get("location")).toBe("/login?next=%2F");
  });

  test("the session slides: an idle session expires, an active one lives on", async () => {
    const c = new Client(t);
    await login(c, "admin");
    const day = 86_400_000;
    t.clock.advance(10 * day);
    expect((await c.get("/")).status).toBe(200); // used on day 10: expiry moves to day 24
    t.clock.advance(10 * day);
    expect((await c.get("/")).status).toBe(200);
    t.clock.advance(15 * day);
    expect((await c.get("/")).status).toBe(303);
  });

  test("never redirects to another site after login", async () => {
    const c = new Client(t);
    const res = await c.post("/login", { username: "admin", password: STRONG, next: "//evil.example/x" });
    expect(res.headers.get("location")).toBe("/");
  });
});

describe("deactivation and password reset", () => {
  test("a deactivated user is logged out at once and cannot log in", async () => {
    const teacher = await createTeacher(t, admin, "tess");
    expect((await teacher.get("/")).status).toBe(200);
    const id = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'tess'")
      .get()!.id;
    expect((await admin.post(`/admin/users/${id}/deactivate`)).status).toBe(303);
    expect((await teacher.get("/")).status).toBe(303);
    const again = await login(new Client(t), "tess");
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("deactivated");

    await admin.post(`/admin/users/${id}/reactivate`);
    expect((await login(new Client(t), "tess")).status).toBe(303);
  });

  test("a reset shows a one-time policy-compliant password that must be changed at next login", async () => {
    await createTeacher(t, admin, "tess");
    const id = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'tess'")
      .get()!.id;
    const res = await admin.post(`/admin/users/${id}/reset-password`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const temp = (await res.text()).match(/<p class="secret">([^<]+)<\/p>/)![1]!;
    expect(temp).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d).{12}$/);

    const c = new Client(t);
    expect((await login(c, "tess", STRONG)).status).toBe(401); // the old password is gone
    expect((await login(c, "tess", temp)).status).toBe(303);
    const forced = await c.get("/sections");
    expect(forced.headers.get("location")).toBe("/account/password");
    const same = await c.post("/account/password", { current: temp, password: temp, confirm: temp });
    expect(same.status).toBe(422);
    const done = await c.post("/account/password", {
      current: temp,
      password: "New-Secret-42",
      confirm: "New-Secret-42",
    });
    expect(done.status).toBe(303);
    expect((await c.get("/sections")).status).toBe(200);
  });

  test("changing your password ends your other sessions but keeps this one", async () => {
    const other = new Client(t);
    await login(other, "admin");
    const res = await admin.post("/account/password", {
      current: STRONG,
      password: "Another-Pass-7",
      confirm: "Another-Pass-7",
    });
    expect(res.status).toBe(303);
    expect((await admin.get("/")).status).toBe(200);
    expect((await other.get("/")).status).toBe(303);
  });

  test("an admin cannot demote or deactivate themselves", async () => {
    const id = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'admin'")
      .get()!.id;
    expect((await admin.post(`/admin/users/${id}/role`, { role: "student" })).status).toBe(403);
    expect((await admin.post(`/admin/users/${id}/deactivate`)).status).toBe(403);
  });
});
