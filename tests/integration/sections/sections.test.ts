import { describe, expect, test } from "bun:test";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import {
  Client,
  createSection,
  createTeacher,
  login,
  ORIGIN,
  registerStudent,
  STRONG,
} from "../../helpers/client.ts";

const { t, admin, teacher: teacherA } = useClassroom({ perTest: true, teacher: "alice", section: false });

const count = (table: string) => countRows(t, table);
const userId = (username: string) =>
  t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(username)!.id;

describe("sections", () => {
  test("a teacher creates, edits, archives and restores a section", async () => {
    const { id } = await createSection(t, teacherA, "Python 1");
    const page = await teacherA.get(`/sections/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Python 1");
    expect(html).toMatch(/http:\/\/localhost\/join\/[a-z0-9]{10}/);

    expect(
      (await teacherA.post(`/sections/${id}`, { name: "Python One", term: "Spring", description: "Hi" }))
        .status,
    ).toBe(303);
    expect(await (await teacherA.get(`/sections/${id}`)).text()).toContain("Python One");

    await teacherA.post(`/sections/${id}/archive`);
    expect(await (await teacherA.get("/sections")).text()).not.toContain("Python One");
    expect(await (await teacherA.get("/sections?archived=1")).text()).toContain("Python One");
    await teacherA.post(`/sections/${id}/unarchive`);
    expect(await (await teacherA.get("/sections")).text()).toContain("Python One");
  });

  test("teacher A cannot read or change teacher B's section; a co-teacher can", async () => {
    const teacherB = await createTeacher(t, admin, "bob");
    const { id } = await createSection(t, teacherB, "Bob's class");
    expect((await teacherA.get(`/sections/${id}`)).status).toBe(404);
    expect((await teacherA.get(`/sections/${id}/edit`)).status).toBe(404);
    expect((await teacherA.post(`/sections/${id}`, { name: "Hijacked" })).status).toBe(404);
    expect((await teacherA.post(`/sections/${id}/enrollment/rotate`)).status).toBe(404);
    expect(await (await teacherA.get("/sections")).text()).not.toContain("Bob&#39;s class");

    // Only an admin adds co-teachers.
    expect(
      (await teacherB.post(`/sections/${id}/teachers`, { userId: String(userId("alice")) })).status,
    ).toBe(403);
    expect((await admin.post(`/sections/${id}/teachers`, { userId: String(userId("alice")) })).status).toBe(
      303,
    );
    expect((await teacherA.get(`/sections/${id}`)).status).toBe(200);
    expect(t.ctx.sqlite.query("SELECT name FROM sections WHERE id = ?").get(id)).toEqual({
      name: "Bob's class",
    });
  });
});

describe("enrollment", () => {
  test("a valid link registers and enrolls a student, who lands on the section", async () => {
    const { id, code } = await createSection(t, teacherA);
    const join = await new Client(t).get(`/join/${code}`);
    expect(join.status).toBe(200);
    expect(await join.text()).toContain("Create account and join");

    const { client, res } = await registerStudent(t, code, "sam");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/sections/${id}`);
    const landing = await client.get(`/sections/${id}`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain("Intro to Python");
    expect(await (await client.get("/")).text()).toContain("Intro to Python");
    expect(await (await teacherA.get(`/sections/${id}`)).text()).toContain("Student sam");
  });

  test("an existing student logs in through the link and is enrolled once", async () => {
    const first = await createSection(t, teacherA, "First");
    const second = await createSection(t, teacherA, "Second");
    await registerStudent(t, first.code, "sam");
    const c = new Client(t);
    const res = await c.post(`/join/${second.code}/login`, { username: "sam", password: STRONG });
    expect(res.headers.get("location")).toBe(`/sections/${second.id}`);
    await c.post(`/join/${second.code}/enroll`);
    expect(count("enrollments")).toBe(2);
  });

  test("a rotated code stops working and the new one works", async () => {
    const { id, code } = await createSection(t, teacherA);
    await teacherA.post(`/sections/${id}/enrollment/rotate`);
    const old = await registerStudent(t, code, "sam");
    expect(old.res.status).toBe(404);
    expect((await new Client(t).get(`/join/${code}`)).status).toBe(404);
    const fresh = t.ctx.sqlite
      .query<{ enroll_code: string }, [number]>("SELECT enroll_code FROM sections WHERE id = ?")
      .get(id)!;
    expect(fresh.enroll_code).not.toBe(code);
    expect((await registerStudent(t, fresh.enroll_code, "sam")).res.status).toBe(303);
  });

  test("a disabled code is refused and nothing is created; enabling it again works", async () => {
    const { id, code } = await createSection(t, teacherA);
    await teacherA.post(`/sections/${id}/enrollment/disable`);
    const users = count("users");
    const res = (await registerStudent(t, code, "sam")).res;
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("not valid any more");
    expect(count("users")).toBe(users);
    await teacherA.post(`/sections/${id}/enrollment/enable`);
    expect((await registerStudent(t, code, "sam")).res.status).toBe(303);
  });

  test("a removed student no longer sees the section", async () => {
    const { id, code } = await createSection(t, teacherA);
    const { client } = await registerStudent(t, code, "sam");
    expect((await teacherA.post(`/sections/${id}/students/${userId("sam")}/remove`)).status).toBe(303);
    expect((await client.get(`/sections/${id}`)).status).toBe(404);
    expect((await teacherA.post(`/sections/${id}/students/${userId("sam")}/remove`)).status).toBe(404);
  });
});

describe("authorization", () => {
  test("a student gets 403 on teacher and admin routes", async () => {
    const { id, code } = await createSection(t, teacherA);
    const { client: student } = await registerStudent(t, code, "sam");
    for (const path of [
      "/admin/users",
      "/admin/users/new",
      "/admin/system",
      "/sections/new",
      `/admin/users/${userId("alice")}`,
    ]) {
      expect((await student.get(path)).status).toBe(403);
    }
    expect((await student.post("/sections", { name: "Mine" })).status).toBe(403);
    expect((await student.post(`/admin/users/${userId("alice")}/deactivate`)).status).toBe(403);
    // Teacher-only section routes answer 404 to a student, as if the section did not exist.
    expect((await student.get(`/sections/${id}/edit`)).status).toBe(403);
    expect((await student.post(`/sections/${id}/enrollment/rotate`)).status).toBe(403);
    expect(count("sections")).toBe(1);
  });

  test("a teacher gets 403 on admin routes", async () => {
    expect((await teacherA.get("/admin/users")).status).toBe(403);
    expect(
      (await teacherA.post("/admin/users", { displayName: "X", username: "xx1", role: "admin" })).status,
    ).toBe(403);
  });

  test("logged-out visitors are sent to log in", async () => {
    const res = await new Client(t).get("/sections");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fsections");
  });

  test("a cross-site form post is rejected by CSRF protection and changes nothing", async () => {
    const res = await teacherA.post(
      "/sections",
      { name: "Evil" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(res.status).toBe(403);
    expect(count("sections")).toBe(0);
    const ok = await teacherA.post("/sections", { name: "Good" }, { origin: ORIGIN });
    expect(ok.status).toBe(303);
  });
});

describe("bad input", () => {
  const weird = ["", " ", "x".repeat(10_000), "\u202Eevil", "a\u0000b", "line\nbreak"];

  test("section names that are empty, huge or odd are refused with a message; nothing changes", async () => {
    for (const name of weird) {
      const res = await teacherA.post("/sections", { name, term: "", description: "" });
      expect([400, 422]).toContain(res.status);
      expect(await res.text()).toMatch(/Name (is required|must be at most|contains characters)/);
    }
    expect(count("sections")).toBe(0);
    // Unicode that people really use is fine.
    expect((await teacherA.post("/sections", { name: "Informatik 🐍 Grundkurs — Ü" })).status).toBe(303);
  });

  test("registration with bad values answers 422 and creates nobody", async () => {
    const { code } = await createSection(t, teacherA);
    const users = count("users");
    const cases: Record<string, string>[] = [
      { displayName: "", username: "sam", password: STRONG, confirm: STRONG },
      { displayName: "Sam", username: "a b", password: STRONG, confirm: STRONG },
      { displayName: "Sam", username: "x".repeat(10_000), password: STRONG, confirm: STRONG },
      { displayName: "Sam", username: "sam", password: "short", confirm: "short" },
      { displayName: "Sam", username: "sam", password: STRONG, confirm: STRONG, email: "not-an-email" },
      { displayName: "Sam\u202E", username: "sam", password: STRONG, confirm: STRONG },
      { displayName: "Sam", username: "alice", password: STRONG, confirm: STRONG }, // taken
    ];
    for (const form of cases) {
      const res = await new Client(t).post(`/join/${code}/register`, form);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('role="alert"');
    }
    expect(count("users")).toBe(users);
    expect(count("enrollments")).toBe(0);
  });

  test("wrong types and malformed ids answer 400 or 422", async () => {
    const json = await teacherA.request("/sections", {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ name: 42 }),
    });
    expect([400, 403, 415, 422]).toContain(json.status);
    expect((await teacherA.get("/sections/abc")).status).toBe(400);
    expect((await teacherA.get("/sections/-1")).status).toBe(400);
    expect((await teacherA.get("/sections/99999999999")).status).toBe(400);
    const repeated = await teacherA.request("/sections", {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: "name=a&name=b",
    });
    expect(repeated.status).toBe(422);
    expect((await admin.get("/admin/users?page=zero")).status).toBe(400);
    expect((await admin.get(`/admin/users?q=${"q".repeat(500)}`)).status).toBe(400);
    expect(count("sections")).toBe(0);
  });

  test("a body over the limit is refused", async () => {
    const res = await teacherA.post("/sections", { name: "x", description: "y".repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(count("sections")).toBe(0);
  });

  test("login with odd input does not crash", async () => {
    for (const username of weird) {
      const res = await login(new Client(t), username, "whatever");
      expect([401, 422]).toContain(res.status);
    }
  });
});
