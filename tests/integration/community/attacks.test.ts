// Attacks on the community, tickets and profiles features by a hostile student, a teacher of another
// section and a signed-out visitor, against the real routes over a real SQLite file. Each test names
// what it tries; what must hold is asserted (nothing read, nothing changed, a plain refusal).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SMTPServer } from "smtp-server";
import { createTestApp } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import {
  Client,
  createSection,
  createTeacher,
  login,
  registerStudent,
  STRONG,
  setupAdmin,
} from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { readSse } from "../../helpers/sse.ts";

const room = useClassroom();
let sam: Client; // the victim, a student of the teacher's section
let sue: Client; // a hostile classmate
let olga: Client; // a student of another section
let otto: Client; // the teacher of that other section
let anon: Client;
let problemId = 0;
let otherProblem = 0;
let samThread = 0;
let subId = 0;
const HX = { "hx-request": "true" };
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

const id = (username: string) =>
  room.t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(username)!
    .id;
const count = (sql: string) => room.t.ctx.sqlite.query<{ n: number }, []>(sql).get()!.n;

beforeAll(async () => {
  sam = (await registerStudent(room.t, room.section.code, "sam")).client;
  sue = (await registerStudent(room.t, room.section.code, "sue")).client;
  otto = await createTeacher(room.t, room.admin, "otto");
  const other = await createSection(room.t, otto, "Other");
  olga = (await registerStudent(room.t, other.code, "olga")).client;
  anon = new Client(room.t);
  problemId = (await seedSumProblem(room.t, (await seedTask(room.t, room.section.id)).id)).id;
  otherProblem = (await seedSumProblem(room.t, (await seedTask(room.t, other.id)).id)).id;
  const panel = await (await sam.get(`/problems/${problemId}/chat`, HX)).text();
  samThread = Number(panel.match(/\/chats\/(\d+)\/messages/)![1]);
  await sam.post(`/chats/${samThread}/messages`, { body: "My secret question" });
  const files = JSON.stringify([{ name: "main.py", content: "print('sam secret')\n" }]);
  subId = room.t.ctx.sqlite
    .query<{ id: number }, [number, string]>(
      "INSERT INTO submissions (problem_id, user_id, files, main_file, status, score, max_score, submitted_at) SELECT ?, id, ?, 'main.py', 'graded', 1, 3, 0 FROM users WHERE username = 'sam' RETURNING id",
    )
    .get(problemId, files)!.id;
});

describe("chat", () => {
  test("a classmate, another section's student and teacher cannot read, post to or stream a thread", async () => {
    const before = count("SELECT count(*) AS n FROM chat_messages");
    for (const c of [sue, olga, otto]) {
      const page = await c.get(`/chats/${samThread}`);
      expect(page.status).toBe(404);
      expect(await page.text()).not.toContain("My secret question");
      expect((await c.post(`/chats/${samThread}/messages`, { body: "hijack" })).status).toBe(404);
      expect((await c.get(`/chats/${samThread}/live`)).status).toBe(404);
      expect((await c.get(`/chats/${samThread}/live?editor=1`)).status).toBe(404);
      expect(await (await c.get("/messages/menu")).text()).not.toContain("My secret question");
      expect(await (await c.get("/messages")).text()).not.toContain("My secret question");
    }
    expect((await anon.get(`/chats/${samThread}`)).status).toBe(303);
    expect((await anon.post(`/chats/${samThread}/messages`, { body: "x" })).status).not.toBe(200);
    expect(count("SELECT count(*) AS n FROM chat_messages")).toBe(before);
  });

  test("a student of another section cannot open a chat on a problem they cannot see", async () => {
    const before = count("SELECT count(*) AS n FROM chat_threads");
    expect((await olga.get(`/problems/${problemId}/chat`, HX)).status).toBe(404);
    expect((await sam.get(`/problems/${otherProblem}/chat`, HX)).status).toBe(404);
    expect(count("SELECT count(*) AS n FROM chat_threads")).toBe(before);
  });

  test("a student cannot pass as a teacher: no teacher badge, no teacher-code fields honoured", async () => {
    await sue.post("/profile", { displayName: "Ms Tina (teacher)", bio: "" });
    const panel = await (await sue.get(`/problems/${problemId}/chat`, HX)).text();
    const thread = Number(panel.match(/\/chats\/(\d+)\/messages/)![1]);
    const res = await sue.post(
      `/chats/${thread}/messages`,
      { body: "Official answer", replyCode: "import os\nos.system('rm -rf /')\n", replyFile: "main.py" },
      HX,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('class="chat-role"');
    const row = room.t.ctx.sqlite
      .query<{ code: string | null }, [number]>("SELECT code FROM chat_messages WHERE thread_id = ?")
      .get(thread)!;
    expect(row.code).toBeNull(); // replyCode is a teacher's field only
    await sue.post("/profile", { displayName: "Student sue", bio: "" });
  });

  test("markup in the message, attached code and its file names stays text", async () => {
    const hostile = JSON.stringify({
      files: [{ name: '<img src=x onerror="alert(1)">.py', content: "</script><script>alert(2)</script>" }],
      main: '<img src=x onerror="alert(1)">.py',
    });
    const res = await sam.post(
      `/chats/${samThread}/messages`,
      {
        body: '<img src=x onerror="alert(3)"> [click](javascript:alert(4)) <iframe src="//evil"></iframe>',
        attach: "on",
        code: hostile,
        editor: "1",
      },
      HX,
    );
    expect(res.status).toBe(200);
    const teacherView = await (await room.teacher.get(`/chats/${samThread}`)).text();
    for (const html of [await res.text(), teacherView]) {
      expect(html).not.toContain("<img src=x onerror");
      expect(html).not.toContain("<script>alert(2)");
      expect(html).not.toContain("javascript:");
      expect(html).not.toContain("<iframe");
      expect(html).toContain("&lt;img src=x onerror="); // the file name, escaped
    }
  });

  test("a teacher's reply code cannot break out of the student's load-into-editor data", async () => {
    await room.teacher.post(`/chats/${samThread}/messages`, {
      body: "Try this",
      replyCode: "print('</script><script>alert(5)</script>')\n",
      replyFile: "../../etc/passwd",
    });
    const row = room.t.ctx.sqlite
      .query<{ code: string }, [number]>(
        "SELECT code FROM chat_messages WHERE thread_id = ? ORDER BY id DESC LIMIT 1",
      )
      .get(samThread)!;
    expect(JSON.parse(row.code).files[0].name).toBe("main.py"); // a path is never a file name
    const panel = await (
      await sam.post(`/chats/${samThread}/messages`, { body: "ok", editor: "1" }, HX)
    ).text();
    expect(panel).toContain("Load into my editor");
    expect(panel).not.toContain("<script>alert(5)");
    expect(panel).toContain("\\u003c/script>");
  });

  test("notifications of a thread link only to what the recipient may open", async () => {
    const links = room.t.ctx.sqlite
      .query<{ link: string; username: string }, []>(
        "SELECT link, username FROM notifications JOIN users ON users.id = user_id WHERE kind = 'chat'",
      )
      .all();
    expect(links.length).toBeGreaterThan(0);
    for (const n of links) expect(["tina", "sam", "sue"]).toContain(n.username);
  });

  test("a deactivated student's open thread stream ends and receives no further message", async () => {
    const c = new Client(room.t);
    await registerStudent(room.t, room.section.code, "dora", c);
    const panel = await (await c.get(`/problems/${problemId}/chat`, HX)).text();
    const thread = Number(panel.match(/\/chats\/(\d+)\/messages/)![1]);
    const live = readSse(await c.get(`/chats/${thread}/live`));
    await live.until((t) => t.includes("retry") || t.includes(":"), 5000).catch(() => "");
    expect((await room.admin.post(`/admin/users/${id("dora")}/deactivate`)).status).toBe(303);
    await room.teacher.post(`/chats/${thread}/messages`, { body: "After deactivation secret" });
    // The stream must end by itself (the deactivation closes it) without the new message.
    const text = await live.until(() => false, 3000).catch((err: Error) => err.message);
    expect(text).toContain("stream ended");
    expect(text).not.toContain("After deactivation secret");
    await live.close();
  });
});

describe("discussion", () => {
  let samComment = 0;
  beforeAll(async () => {
    await room.teacher.post(`/problems/${problemId}/discussion/settings`, { visibility: "always" });
    await sam.post(`/problems/${problemId}/discussion`, { body: "The answer is print(a+b)" });
    samComment = room.t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM discussion_comments ORDER BY id DESC LIMIT 1")
      .get()!.id;
  });

  test("a classmate cannot edit, delete or pin someone else's comment", async () => {
    expect((await sue.post(`/discussion/${samComment}/edit`, { body: "defaced" })).status).toBe(403);
    expect((await sue.post(`/discussion/${samComment}/delete`)).status).toBe(403);
    expect((await sue.post(`/discussion/${samComment}/pin`)).status).toBe(403);
    for (const c of [olga, otto]) {
      expect((await c.post(`/discussion/${samComment}/edit`, { body: "defaced" })).status).toBe(404);
      expect((await c.post(`/discussion/${samComment}/delete`)).status).toBe(404);
      expect((await c.post(`/discussion/${samComment}/pin`)).status).toBe(404);
    }
    expect(
      (await sue.post(`/problems/${problemId}/discussion/settings`, { visibility: "always" })).status,
    ).toBe(403);
    const row = room.t.ctx.sqlite
      .query<{ body: string; deleted_at: number | null }, [number]>(
        "SELECT body, deleted_at FROM discussion_comments WHERE id = ?",
      )
      .get(samComment)!;
    expect(row).toEqual({ body: "The answer is print(a+b)", deleted_at: null });
  });

  test("markdown XSS: javascript: links, raw HTML and event handlers are stripped", async () => {
    const res = await sue.post(
      `/problems/${problemId}/discussion`,
      {
        body: '[x](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">y</a> <script>alert(3)</script> <img src="x" onerror="alert(4)"> <svg onload=alert(5)></svg> <a href="data:text/html,<script>alert(6)</script>">z</a>',
      },
      HX,
    );
    expect(res.status).toBe(200);
    // The rendered comment, not the edit box (which holds the source as escaped text).
    const all = await res.text();
    const html = all
      .slice(all.lastIndexOf('<div class="prose comment-body">'))
      .split("</div>")[0]!
      .toLowerCase();
    expect(html).toContain("<a>x</a>");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("onerror");
    expect(html).not.toContain("<svg onload");
    expect(html).not.toContain('href="data:');
  });

  test("images from elsewhere are refused by the page's CSP", async () => {
    const page = await sam.get(`/problems/${problemId}/discussion`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).not.toMatch(/img-src[^;]*(\*|https?:)/);
  });

  test("only after solving: no comment leaks by panel, page, stream, reply, edit or count", async () => {
    await room.teacher.post(`/problems/${problemId}/discussion/settings`, { visibility: "after_solved" });
    for (const c of [sue, olga]) {
      const panel = await c.get(`/problems/${problemId}/discussion`, HX);
      expect(await panel.text()).not.toContain("The answer is");
      const page = await c.get(`/problems/${problemId}/discussion`);
      expect(await page.text()).not.toContain("The answer is");
      expect((await c.get(`/problems/${problemId}/discussion/live`)).status).toBeGreaterThanOrEqual(403);
      const reply = await c.post(`/problems/${problemId}/discussion`, {
        body: "peek",
        parentId: String(samComment),
      });
      expect(reply.status).toBeGreaterThanOrEqual(403);
      expect((await c.post(`/discussion/${samComment}/edit`, { body: "x" })).status).toBe(404);
    }
    const problemPage = await (await sue.get(`/problems/${problemId}`)).text();
    expect(problemPage).not.toContain("The answer is");
    expect(count("SELECT count(*) AS n FROM discussion_comments WHERE body = 'peek'")).toBe(0);
    await room.teacher.post(`/problems/${problemId}/discussion/settings`, { visibility: "always" });
  });
});

describe("tickets", () => {
  let ticketId = 0;
  let shotId = 0;
  beforeAll(async () => {
    const body = new FormData();
    body.append("kind", "bug");
    body.append("title", "My private bug");
    body.append("description", "Private details");
    body.append("screenshots", new File([new Uint8Array(PNG_HEAD)], "s.png", { type: "image/png" }));
    const res = await sam.request("/tickets", { method: "POST", body });
    ticketId = Number(res.headers.get("location")!.split("/").pop());
    shotId = room.t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM ticket_screenshots WHERE ticket_id = ?")
      .get(ticketId)!.id;
  });

  test("nobody but the author and admins reads a ticket, its screenshots or its stream", async () => {
    for (const c of [sue, olga, otto, room.teacher]) {
      expect((await c.get(`/tickets/${ticketId}`)).status).toBe(404);
      expect((await c.get(`/tickets/${ticketId}/screenshots/${shotId}`)).status).toBe(404);
      expect((await c.get(`/tickets/${ticketId}/live`)).status).toBe(404);
      expect((await c.post(`/tickets/${ticketId}/replies`, { body: "me too" })).status).toBe(404);
      expect(await (await c.get("/tickets")).text()).not.toContain("My private bug");
      expect((await c.get("/admin/tickets")).status).toBe(403);
    }
    expect((await anon.get(`/tickets/${ticketId}/screenshots/${shotId}`)).status).toBe(303);
    expect((await room.admin.get(`/tickets/${ticketId}/screenshots/${shotId}`)).status).toBe(200);
  });

  test("a non-admin, even the author, cannot change status or priority", async () => {
    for (const c of [sam, sue, room.teacher]) {
      expect((await c.post(`/tickets/${ticketId}/status`, { status: "closed" })).status).toBe(403);
      expect((await c.post(`/tickets/${ticketId}/priority`, { priority: "urgent" })).status).toBe(403);
    }
    const row = room.t.ctx.sqlite
      .query<{ status: string; priority: string }, [number]>(
        "SELECT status, priority FROM tickets WHERE id = ?",
      )
      .get(ticketId)!;
    expect(row.status).toBe("open");
    expect(row.priority).not.toBe("urgent");
  });

  test("a screenshot id of another ticket or a malformed id reads nothing", async () => {
    const body = new FormData();
    body.append("kind", "bug");
    body.append("title", "Sue's bug");
    body.append("description", "x");
    const res = await sue.request("/tickets", { method: "POST", body });
    const sueTicket = Number(res.headers.get("location")!.split("/").pop());
    expect((await sue.get(`/tickets/${sueTicket}/screenshots/${shotId}`)).status).toBe(404);
    for (const bad of ["abc", "-1", "1e3", "..%2f..%2fetc%2fpasswd"]) {
      expect((await sue.get(`/tickets/${sueTicket}/screenshots/${bad}`)).status).toBeLessThan(500);
      expect((await sam.get(`/tickets/${bad}/screenshots/${shotId}`)).status).toBeLessThan(500);
    }
  });

  test("a disguised file is refused; a PNG-headed HTML polyglot is served inert", async () => {
    const before = count("SELECT count(*) AS n FROM tickets");
    const body = new FormData();
    body.append("kind", "bug");
    body.append("title", "Look at this");
    body.append("description", "x");
    body.append("screenshots", new File(["<svg onload=alert(1)></svg>"], "s.png", { type: "image/png" }));
    expect((await sue.request("/tickets", { method: "POST", body })).status).toBe(422);
    expect(count("SELECT count(*) AS n FROM tickets")).toBe(before);

    const poly = new Uint8Array([
      ...PNG_HEAD,
      ...new TextEncoder().encode("<html><script>alert(1)</script>"),
    ]);
    const ok = new FormData();
    ok.append("kind", "bug");
    ok.append("title", "Polyglot");
    ok.append("description", "x");
    ok.append("screenshots", new File([poly], "s.html", { type: "text/html" }));
    const res = await sue.request("/tickets", { method: "POST", body: ok });
    const tid = Number(res.headers.get("location")!.split("/").pop());
    const sid = room.t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM ticket_screenshots WHERE ticket_id = ?")
      .get(tid)!.id;
    const img = await sue.get(`/tickets/${tid}/screenshots/${sid}`);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect(img.headers.get("content-security-policy")).toContain("sandbox");
  });
});

describe("avatars", () => {
  test("a polyglot avatar is served as an inert image; SVG and HTML are refused", async () => {
    const upload = (bytes: Uint8Array<ArrayBuffer> | string, name: string, type: string) => {
      const body = new FormData();
      body.append("avatar", new File([bytes], name, { type }));
      return sam.request("/profile/avatar", { method: "POST", body });
    };
    expect((await upload('<svg xmlns="http://www.w3.org/2000/svg"/>', "a.svg", "image/svg+xml")).status).toBe(
      422,
    );
    expect((await upload("<html><script>alert(1)</script>", "a.png", "image/png")).status).toBe(422);
    const poly = new Uint8Array([
      ...PNG_HEAD,
      ...new TextEncoder().encode("<html><script>alert(1)</script>"),
    ]);
    expect((await upload(poly, "a.html", "text/html")).status).toBe(303);
    const img = await sue.get(`/avatars/${id("sam")}`);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect(img.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  });

  test("an oversized upload is refused before it is read", async () => {
    const body = new FormData();
    body.append("avatar", new File([new Uint8Array(3 * 1024 * 1024)], "big.png", { type: "image/png" }));
    expect((await sam.request("/profile/avatar", { method: "POST", body })).status).toBe(413);
  });

  test("no shared section: the neutral default, never the picture or the name", async () => {
    const img = await olga.get(`/avatars/${id("sam")}`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/svg+xml");
    const svg = await img.text();
    expect(svg).not.toContain("<text"); // no initials
    expect((await olga.get(`/people/${id("sam")}`)).status).toBe(404);
    expect((await otto.get(`/people/${id("sam")}`)).status).toBe(404);
    expect((await anon.get(`/avatars/${id("sam")}`)).status).toBe(303);
  });

  test("path traversal in the id reads nothing", async () => {
    // "/avatars/.." is normalised to "/" by URL parsing: it reaches the dashboard, never a file.
    for (const bad of ["..%2f..%2fsessions", "1%2f..%2f2", "..", "-1", "%2e%2e"]) {
      const res = await sue.get(`/avatars/${bad}`);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("content-type") ?? "").not.toStartWith("image/");
    }
  });
});

describe("code comments", () => {
  test("classmates and other teachers neither read nor write comments on a submission", async () => {
    await room.teacher.post(`/submissions/${subId}/comments`, {
      file: "main.py",
      line: "1",
      body: "Private note",
    });
    const comment = room.t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM code_comments ORDER BY id DESC LIMIT 1")
      .get()!.id;
    for (const c of [sue, olga, otto]) {
      const page = await c.get(`/submissions/${subId}`);
      expect(page.status).toBe(404);
      expect(await page.text()).not.toContain("Private note");
      const add = await c.post(`/submissions/${subId}/comments`, { file: "main.py", line: "1", body: "x" });
      expect([403, 404]).toContain(add.status);
      expect([403, 404]).toContain((await c.post(`/code-comments/${comment}/edit`, { body: "x" })).status);
      expect([403, 404]).toContain((await c.post(`/code-comments/${comment}/delete`)).status);
    }
    // The submission's own student reads but never writes.
    expect([403, 404]).toContain(
      (await sam.post(`/submissions/${subId}/comments`, { file: "main.py", line: "1", body: "x" })).status,
    );
    expect([403, 404]).toContain((await sam.post(`/code-comments/${comment}/delete`)).status);
    expect(count("SELECT count(*) AS n FROM code_comments WHERE body = 'x'")).toBe(0);
    expect(count(`SELECT count(*) AS n FROM code_comments WHERE id = ${comment}`)).toBe(1);
  });
});

describe("sharing", () => {
  test("another user cannot revoke; a revoked link neither opens nor copies", async () => {
    await sam.get("/playground");
    const link = (await sam.post("/share")).headers.get("location")!;
    const shareId = room.t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM shared_programs ORDER BY id DESC LIMIT 1")
      .get()!.id;
    expect((await sue.post(`/shared/${shareId}/revoke`)).status).toBe(404);
    expect((await sue.get(link)).status).toBe(200);
    expect((await anon.get(link)).status).toBe(303);
    expect((await sam.post(`/shared/${shareId}/revoke`)).status).toBe(303);
    expect((await sue.get(link)).status).toBe(404);
    const before = count("SELECT count(*) AS n FROM playground_files");
    expect((await sue.post(`${link}/copy`)).status).toBe(404);
    expect(count("SELECT count(*) AS n FROM playground_files")).toBe(before);
  });

  test("a share holds only playground files, never a problem's draft", async () => {
    await sam.request(`/problems/${problemId}/draft`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ files: [{ name: "main.py", content: "DRAFT_SECRET\n" }], main: "main.py" }),
    });
    const link = (await sam.post("/share")).headers.get("location")!;
    expect(await (await sue.get(link)).text()).not.toContain("DRAFT_SECRET");
  });
});

describe("live class view", () => {
  test("students and other teachers see no card, read-along page or stream", async () => {
    const base = `/sections/${room.section.id}/live-class`;
    for (const c of [sam, sue, olga, otto]) {
      expect((await c.get(`${base}?problem=${problemId}`)).status).toBeGreaterThanOrEqual(403);
      expect(
        (await c.get(`${base}/students/${id("sam")}?problem=${problemId}`)).status,
      ).toBeGreaterThanOrEqual(403);
      expect((await c.get(`${base}/live?problem=${problemId}`)).status).toBeGreaterThanOrEqual(403);
    }
    // The section's teacher cannot aim the view at another section's problem or student.
    expect((await room.teacher.get(`${base}?problem=${otherProblem}`)).status).toBe(404);
    expect((await room.teacher.get(`${base}/students/${id("olga")}?problem=${problemId}`)).status).toBe(404);
    for (const bad of [
      `${base}/students/abc?problem=${problemId}`,
      `/sections/x/live-class/students/1?problem=1`,
    ]) {
      const res = await room.teacher.get(bad);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  test("a student removed from the section is no longer shown", async () => {
    const c = new Client(room.t);
    await registerStudent(room.t, room.section.code, "rita", c);
    room.t.ctx.sqlite.run("DELETE FROM enrollments WHERE user_id = ? AND section_id = ?", [
      id("rita"),
      room.section.id,
    ]);
    const base = `/sections/${room.section.id}/live-class`;
    expect((await room.teacher.get(`${base}/students/${id("rita")}?problem=${problemId}`)).status).toBe(404);
    const grid = await (await room.teacher.get(`${base}?problem=${problemId}`)).text();
    expect(grid).not.toContain(`live-card-${id("rita")}"`);
  });
});

describe("accounts", () => {
  test("a teacher reaches no admin action: promote, deactivate, reset an admin", async () => {
    for (const path of ["role", "deactivate", "reset-password"]) {
      expect(
        (await room.teacher.post(`/admin/users/${id("admin")}/${path}`, { role: "student" })).status,
      ).toBe(403);
      expect((await room.teacher.post(`/admin/users/${id("sam")}/${path}`, { role: "admin" })).status).toBe(
        403,
      );
    }
    expect((await room.teacher.post(`/people/${id("admin")}/reset-link`)).status).toBe(404);
    expect((await room.teacher.post(`/people/${id("otto")}/reset-link`)).status).toBe(404);
    expect((await otto.post(`/people/${id("sam")}/reset-link`)).status).toBe(404);
    const admin = room.t.ctx.sqlite
      .query<{ role: string }, []>("SELECT role FROM users WHERE username = 'admin'")
      .get()!;
    expect(admin.role).toBe("admin");
  });

  test("the last admin cannot demote or deactivate themselves", async () => {
    expect((await room.admin.post(`/admin/users/${id("admin")}/role`, { role: "teacher" })).status).toBe(403);
    expect((await room.admin.post(`/admin/users/${id("admin")}/deactivate`)).status).toBe(403);
    expect((await room.admin.post(`/people/${id("admin")}/reset-link`)).status).toBe(404);
  });

  test("a student promoted to teacher is no longer a student a teacher may reset", async () => {
    const c = new Client(room.t);
    await registerStudent(room.t, room.section.code, "pete", c);
    await room.admin.post(`/admin/users/${id("pete")}/role`, { role: "admin" });
    expect((await room.teacher.post(`/people/${id("pete")}/reset-link`)).status).toBe(404);
    await room.admin.post(`/admin/users/${id("pete")}/role`, { role: "student" });
  });

  test("a deactivated user's session, page stream and API calls stop", async () => {
    const c = new Client(room.t);
    await registerStudent(room.t, room.section.code, "dave", c);
    const live = readSse(await c.get("/live"));
    await live.until((t) => t.includes("bell-count"));
    await room.admin.post(`/admin/users/${id("dave")}/deactivate`);
    await live.until(() => false, 3000).catch(() => undefined);
    expect(live.text()).not.toContain("should not arrive");
    await live.close();
    expect((await c.get("/")).status).toBe(303);
    expect((await c.get("/messages/count")).status).toBe(303);
    expect((await c.get(`/problems/${problemId}/chat`, HX)).status).not.toBe(200);
    expect((await login(new Client(room.t), "dave")).status).not.toBe(303);
  });
});

describe("password reset by e-mail", () => {
  const mails: string[] = [];
  let hold: Promise<void> = Promise.resolve();
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
          void hold.then(() => {
            mails.push(text);
            done();
          });
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const waitForMail = async (n: number) => {
    for (let i = 0; i < 100 && mails.length < n; i++) await Bun.sleep(50);
    return mails[n - 1]?.replace(/=\r?\n/g, "");
  };

  test("mail without SLATE_BASE_URL is refused at start: the link never comes from the Host header", () => {
    expect(() => createTestApp({ SLATE_SMTP_URL: `smtp://127.0.0.1:${port}` })).toThrow(/SLATE_BASE_URL/);
  });

  test("a forged Host header does not reach the e-mailed link", async () => {
    const t = createTestApp({
      SLATE_SMTP_URL: `smtp://127.0.0.1:${port}`,
      SLATE_BASE_URL: "https://slate.school.test",
    });
    try {
      const admin = await setupAdmin(t);
      await admin.post("/account/profile", { displayName: "Ada", email: "ada@school.test" });
      const res = await t.app.request("http://evil.test/password/forgot", {
        method: "POST",
        body: new URLSearchParams({ who: "ada@school.test" }),
        headers: {
          origin: "http://evil.test",
          host: "evil.test",
          "x-forwarded-host": "evil.test",
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": "10.9.9.9",
        },
      });
      expect(res.status).toBeLessThan(500);
      const before = mails.length;
      // Whether or not the origin check let it through, no mail may carry evil.test.
      const viaLocal = await new Client(t).post("/password/forgot", { who: "ada@school.test" });
      expect(viaLocal.status).toBe(200);
      const mail = await waitForMail(before + 1);
      expect(mails.join("\n")).not.toContain("evil.test");
      expect(mail).toContain("https://slate.school.test/password/reset/");
    } finally {
      t.close();
    }
  });

  test("known and unknown accounts get the same answer, and it does not wait for the mail", async () => {
    const t = createTestApp({
      SLATE_SMTP_URL: `smtp://127.0.0.1:${port}`,
      SLATE_BASE_URL: "http://localhost",
    });
    let release: () => void = () => undefined;
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      const admin = await setupAdmin(t);
      await admin.post("/account/profile", { displayName: "Ada", email: "ada@school.test" });
      const before = mails.length;
      const anonymous = new Client(t);
      const unknown = await anonymous.post("/password/forgot", { who: "nobody@school.test" });
      // The SMTP server holds the mail: the answer for a real account must not depend on it.
      const known = await Promise.race([
        anonymous.post("/password/forgot", { who: "ada@school.test" }),
        Bun.sleep(8000).then(() => null),
      ]);
      expect(known).not.toBeNull();
      expect(known!.status).toBe(unknown.status);
      const strip = (s: string) => s.replace(/nonce="[^"]*"/g, "");
      expect(strip(await known!.text())).toBe(strip(await unknown.text()));
      expect(mails.length).toBe(before); // still held
      release();
      expect(await waitForMail(before + 1)).toContain("To: ada@school.test");
    } finally {
      release();
      hold = Promise.resolve();
      t.close();
    }
  });

  test("a token is bound to its user and spent once; the old password and sessions end", async () => {
    const t = createTestApp({
      SLATE_SMTP_URL: `smtp://127.0.0.1:${port}`,
      SLATE_BASE_URL: "http://localhost",
    });
    try {
      const admin = await setupAdmin(t);
      await admin.post("/account/profile", { displayName: "Ada", email: "ada@school.test" });
      const before = mails.length;
      await new Client(t).post("/password/forgot", { who: "admin" });
      const mail = await waitForMail(before + 1);
      const path = mail!.match(/http:\/\/localhost(\/password\/reset\/[A-Za-z0-9_.-]+)/)![1]!;
      const NEW = "Brand-New-Pass-42";
      expect((await new Client(t).post(path, { password: NEW, confirm: NEW })).status).toBe(303);
      expect((await admin.get("/")).status).toBe(303);
      expect((await login(new Client(t), "admin", STRONG)).status).not.toBe(303);
      expect((await new Client(t).post(path, { password: STRONG, confirm: STRONG })).status).toBe(410);
    } finally {
      t.close();
    }
  });
});

describe("the last administrator", () => {
  test("two admins demoting or deactivating each other at once still leave one admin", async () => {
    for (const action of ["role", "deactivate"] as const) {
      const t = createTestApp();
      try {
        const a = await setupAdmin(t);
        const b = await createTeacher(t, a, "bea");
        const uid = (u: string) =>
          t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(u)!.id;
        await a.post(`/admin/users/${uid("bea")}/role`, { role: "admin" });
        const [ra, rb] = await Promise.all([
          a.post(`/admin/users/${uid("bea")}/${action}`, { role: "teacher" }),
          b.post(`/admin/users/${uid("admin")}/${action}`, { role: "teacher" }),
        ]);
        const admins = t.ctx.sqlite
          .query<{ n: number }, []>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1")
          .get()!.n;
        expect(admins, `${action}: ${ra.status} ${rb.status}`).toBe(1);
      } finally {
        t.close();
      }
    }
  });
});

describe("streams after an account change", () => {
  const endsWithout = async (live: ReturnType<typeof readSse>, secret: string) => {
    const text = await live.until(() => false, 3000).catch((err: Error) => err.message);
    await live.close();
    expect(text).toContain("stream ended");
    expect(text).not.toContain(secret);
  };

  test("a password reset ends the open thread stream of a stolen session", async () => {
    const thief = new Client(room.t);
    await registerStudent(room.t, room.section.code, "vic", thief);
    const panel = await (await thief.get(`/problems/${problemId}/chat`, HX)).text();
    const thread = Number(panel.match(/\/chats\/(\d+)\/messages/)![1]);
    const live = readSse(await thief.get(`/chats/${thread}/live`));
    const html = await (await room.admin.post(`/people/${id("vic")}/reset-link`)).text();
    const path = new URL(html.match(/<p class="secret secret-link">([^<]+)<\/p>/)![1]!).pathname;
    const NEW = "Brand-New-Pass-42";
    expect((await new Client(room.t).post(path, { password: NEW, confirm: NEW })).status).toBe(303);
    await room.teacher.post(`/chats/${thread}/messages`, { body: "After reset secret" });
    await endsWithout(live, "After reset secret");
  });

  test("a teacher demoted to student stops watching the live class at once", async () => {
    const t2 = await createTeacher(room.t, room.admin, "tara");
    room.t.ctx.sqlite.run(
      "INSERT INTO section_teachers (section_id, user_id, role, added_at) VALUES (?, ?, 'co', 0)",
      [room.section.id, id("tara")],
    );
    const live = readSse(await t2.get(`/sections/${room.section.id}/live-class/live?problem=${problemId}`));
    await live.until((t) => t.includes("bell-count"));
    await room.admin.post(`/admin/users/${id("tara")}/role`, { role: "student" });
    await sam.request(`/problems/${problemId}/draft`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ files: [{ name: "main.py", content: "DEMOTED_SECRET\n" }], main: "main.py" }),
    });
    await endsWithout(live, "DEMOTED_SECRET");
  });
});

describe("a teacher's reset link", () => {
  test("dies when its student becomes an admin before it is used", async () => {
    const c = new Client(room.t);
    await registerStudent(room.t, room.section.code, "quinn", c);
    const html = await (await room.teacher.post(`/people/${id("quinn")}/reset-link`)).text();
    const path = new URL(html.match(/<p class="secret secret-link">([^<]+)<\/p>/)![1]!).pathname;
    await room.admin.post(`/admin/users/${id("quinn")}/role`, { role: "admin" });
    const NEW = "Teacher-Owns-You-1";
    expect((await new Client(room.t).get(path)).status).toBe(410);
    expect((await new Client(room.t).post(path, { password: NEW, confirm: NEW })).status).toBe(410);
    expect((await login(new Client(room.t), "quinn", NEW)).status).not.toBe(303);
    expect((await login(new Client(room.t), "quinn")).status).toBe(303);
  });

  test("dies when the student leaves the teacher's section", async () => {
    const c = new Client(room.t);
    await registerStudent(room.t, room.section.code, "rob", c);
    const html = await (await room.teacher.post(`/people/${id("rob")}/reset-link`)).text();
    const path = new URL(html.match(/<p class="secret secret-link">([^<]+)<\/p>/)![1]!).pathname;
    room.t.ctx.sqlite.run("DELETE FROM enrollments WHERE user_id = ?", [id("rob")]);
    expect((await new Client(room.t).get(path)).status).toBe(410);
  });
});

describe("profile and ticket text", () => {
  test("markup in a display name, bio or ticket title stays text everywhere it is shown", async () => {
    const evil = '<img src=x onerror="alert(1)">';
    expect(
      (await sue.post("/profile", { displayName: `Sue ${evil}`, bio: `Hi <script>alert(2)</script>` }))
        .status,
    ).toBe(303);
    const person = await (await sam.get(`/people/${id("sue")}`)).text();
    expect(person).not.toContain("<img src=x");
    expect(person).not.toContain("<script>alert(2)");
    expect(person).toContain("&lt;script&gt;alert(2)");
    const avatar = await (await sam.get(`/avatars/${id("sue")}`)).text();
    expect(avatar).not.toContain("<img");
    const body = new FormData();
    body.append("kind", "bug");
    body.append("title", `Broken ${evil}`);
    body.append("description", `[x](javascript:alert(3)) ${evil}`);
    const res = await sue.request("/tickets", { method: "POST", body });
    const tid = res.headers.get("location")!;
    for (const c of [sue, room.admin]) {
      const html = await (await c.get(tid)).text();
      expect(html).not.toContain("<img src=x");
      expect(html).not.toContain('href="javascript:');
    }
    expect(await (await room.admin.get("/admin/tickets")).text()).not.toContain("<img src=x");
    await sue.post("/profile", { displayName: "Student sue", bio: "" });
  });
});
