// Rough edges a first class would hit: "Last login: never" for students who joined through a link,
// no Unlock for locked accounts, teachers unable to give a student a new password, function test
// values in JSON instead of Python, the join page focusing the login box, a 0/3 score shown amber.
import { describe, expect, test } from "bun:test";
import { MAX_FAILURES } from "../../../src/features/auth/login.ts";
import { enroll, loginAs, seedClass } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import {
  Client,
  createSection,
  createTeacher,
  login,
  registerStudent,
  STRONG,
} from "../../helpers/client.ts";

const { t, admin, teacher, section } = useClassroom({ perTest: true, teacher: "alice", section: "Python 1" });

const userId = (username: string) =>
  t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(username)!.id;

/** The admin list's row of a user. */
async function adminRow(username: string): Promise<string> {
  const html = await (await admin.get(`/admin/users?q=${username}`)).text();
  return html.match(new RegExp(`<tr>(?:(?!</tr>).)*${username}(?:(?!</tr>).)*</tr>`, "s"))?.[0] ?? "";
}

describe("last login", () => {
  test("a student who joined through the link has logged in", async () => {
    const { res } = await registerStudent(t, section.code, "sam");
    expect(res.status).toBe(303);
    expect(await adminRow("sam")).toContain("just now");
    const detail = await (await admin.get(`/admin/users/${userId("sam")}`)).text();
    expect(detail).toMatch(/<dt>Last login<\/dt><dd>1 Sept 2026, 09:00<\/dd>/);
  });

  test("the administrator who ran setup has logged in too", async () => {
    expect(await adminRow("admin")).not.toContain(">never<");
  });
});

describe("unlocking an account", () => {
  async function lockOut(username: string) {
    const c = new Client(t);
    for (let i = 0; i < MAX_FAILURES; i++) await login(c, username, "wrong-password-1");
    expect((await login(c, username)).status).toBe(429); // locked: even the right password is refused
  }

  test("the admin's list and the user's page have an Unlock button that works", async () => {
    await registerStudent(t, section.code, "sam");
    await lockOut("sam");
    const id = userId("sam");
    expect(await adminRow("sam")).toContain(`action="/admin/users/${id}/unlock?from=list"`);
    const detail = await (await admin.get(`/admin/users/${id}`)).text();
    expect(detail).toContain("Locked after too many failed logins");
    expect(detail).toContain(`action="/admin/users/${id}/unlock"`);

    const res = await admin.post(`/admin/users/${id}/unlock?from=list`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/users");
    expect(await adminRow("sam")).not.toContain("/unlock");
    expect((await login(new Client(t), "sam")).status).toBe(303);
  });

  test("only admins unlock", async () => {
    await registerStudent(t, section.code, "sam");
    await lockOut("sam");
    expect((await teacher.post(`/admin/users/${userId("sam")}/unlock`)).status).toBe(403);
    expect((await login(new Client(t), "sam")).status).toBe(429);
  });
});

describe("a teacher resets a student's password", () => {
  const reset = (client: Client, sectionId: number, user: number) =>
    client.post(`/sections/${sectionId}/students/${user}/reset-password`);

  test("from the roster: a one-time temporary password, the old one stops working", async () => {
    const { client: sam } = await registerStudent(t, section.code, "sam");
    const roster = await (await teacher.get(`/sections/${section.id}`)).text();
    expect(roster).toContain(`action="/sections/${section.id}/students/${userId("sam")}/reset-password"`);

    const res = await reset(teacher, section.id, userId("sam"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    const temp = html.match(/<p class="secret">([^<]+)<\/p>/)?.[1] ?? "";
    expect(temp).toHaveLength(12);
    expect(html).toContain(`href="/sections/${section.id}"`); // back to the section, not the admin pages

    const home = await sam.get("/");
    expect(home.headers.get("location")).toStartWith("/login"); // logged out everywhere
    expect((await login(new Client(t), "sam")).status).toBe(401); // the old password is gone
    const fresh = new Client(t);
    expect((await login(fresh, "sam", temp)).status).toBe(303);
    expect((await fresh.get("/")).headers.get("location")).toStartWith("/account/password"); // must choose one
  });

  test("never another section's student, a teacher or an admin", async () => {
    const bob = await createTeacher(t, admin, "bob");
    const other = await createSection(t, bob, "Python 2");
    await registerStudent(t, other.code, "zoe");
    const zoe = userId("zoe");
    const before = t.ctx.sqlite.query("SELECT id, password_hash FROM users ORDER BY id").all();

    expect((await reset(teacher, section.id, zoe)).status).toBe(404); // not in alice's section
    expect((await reset(teacher, other.id, zoe)).status).toBe(404); // not alice's section
    // Teachers and admins are not students, even when enrolled in the section.
    for (const name of ["bob", "admin"]) {
      await enroll(t.ctx.db, section.id, userId(name), t.clock.now());
      expect((await reset(teacher, section.id, userId(name))).status).toBe(404);
    }
    expect((await reset(teacher, section.id, userId("alice"))).status).toBe(404);
    // A student cannot reset a classmate's.
    const { client: sam } = await registerStudent(t, section.code, "sam");
    await registerStudent(t, section.code, "tom");
    expect((await reset(sam, section.id, userId("tom"))).status).toBe(403);

    const after = t.ctx.sqlite
      .query("SELECT id, password_hash FROM users WHERE id <= ? ORDER BY id")
      .all(zoe);
    expect(after).toEqual(before);
    expect((await login(new Client(t), "zoe")).status).toBe(303);
  });
});

describe("function test values in Python", () => {
  test("the tests list, the test editor and the student preview show True, None and 'text'", async () => {
    const taskRes = await teacher.post(`/manage/sections/${section.id}/tasks/new`, {
      title: "Week 1",
      description: "",
      starts_at: "",
      due_at: "",
      late_policy: "none",
      access_code: "",
      max_submissions: "",
    });
    const taskId = Number(taskRes.headers.get("location")?.split("/").pop());
    const problemRes = await teacher.post(`/manage/tasks/${taskId}/problems/new`, {
      title: "Check",
      statement: "",
      kind: "function",
      function_name: "check",
      function_params: "flag, items, name",
      main_file: "main.py",
      time_limit_ms: "2000",
      memory_mb: "128",
    });
    const problemId = Number(problemRes.headers.get("location")?.match(/problems\/(\d+)/)?.[1]);
    const added = await teacher.post(`/manage/problems/${problemId}/tests/new`, {
      name: "mixed",
      points: "1",
      input: '[true, null, "it"]',
      expected: '{"ok": false, "ratio": 1.0}',
      tolerance: "",
      message: "",
    });
    expect(added.status).toBe(303);

    const editor = await (await teacher.get(`/manage/problems/${problemId}`)).text();
    expect(editor).toContain("check(True, None, &#39;it&#39;)");
    expect(editor).toContain("{&#39;ok&#39;: False, &#39;ratio&#39;: 1.0}");
    expect(editor).not.toContain("check(true, null");

    const testId = t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM test_cases").get()!.id;
    const form = await (await teacher.get(`/manage/problems/${problemId}/tests/${testId}`)).text();
    expect(form).toContain(
      "<code>check(True, None, &#39;it&#39;) == {&#39;ok&#39;: False, &#39;ratio&#39;: 1.0}</code>",
    );

    const preview = await (await teacher.get(`/manage/problems/${problemId}/preview`)).text();
    expect(preview).toContain("<pre>check(True, None, &#39;it&#39;)</pre>");
    expect(preview).toContain("<pre>{&#39;ok&#39;: False, &#39;ratio&#39;: 1.0}</pre>");
  });
});

describe("the join page", () => {
  const attr = (html: string, id: string) => html.match(new RegExp(`<input id="${id}"[^>]*>`))?.[0] ?? "";

  test("focuses the registration form, and the login form only after a failed login", async () => {
    const page = await (await new Client(t).get(`/join/${section.code}`)).text();
    expect(attr(page, "f-displayName")).toContain("autofocus");
    expect(attr(page, "login-username")).not.toContain("autofocus");
    // Each label names its own field: the two forms no longer share the ids f-username and f-password.
    expect(page).toContain('<label for="login-username">Username</label>');
    expect(page).toContain('<label for="login-password">Password</label>');
    expect(page.match(/id="f-username"/g)).toHaveLength(1);

    await registerStudent(t, section.code, "sam");
    const failed = await new Client(t).post(`/join/${section.code}/login`, {
      username: "sam",
      password: `${STRONG}x`,
    });
    const again = await failed.text();
    expect(attr(again, "login-username")).toContain("autofocus");
    expect(attr(again, "f-displayName")).not.toContain("autofocus");
  });
});

describe("score badges", () => {
  test("a score of zero is red, a partial score amber, full marks green", async () => {
    const b = await createSection(t, teacher, "Python B");
    const f = await seedClass(t, section.id, b.id);
    const ben = await loginAs(new Client(t), "ben");
    const max = await (await ben.get(`/problems/${f.problems.p2}`)).text(); // ben: 0 of 2
    expect(max).toContain('<span class="badge badge-danger">0/2</span>');
    const sum = await (await ben.get(`/problems/${f.problems.p1}`)).text(); // 1 of 3, then 3 of 3
    expect(sum).toContain('<span class="badge badge-warning">1/3</span>');
    expect(sum).toContain('<span class="badge badge-success">3/3</span>');
  });
});
