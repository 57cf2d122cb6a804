// Teachers' comments on lines of a submission: several per line, Markdown, edit own / delete; the
// student is notified and sees them beside the code and counted in the history; nobody else sees them.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const room = useClassroom();
let sam: Client;
let sue: Client;
let otto: Client;
let problemId = 0;
let subId = 0;

beforeAll(async () => {
  sam = (await registerStudent(room.t, room.section.code, "sam")).client;
  sue = (await registerStudent(room.t, room.section.code, "sue")).client;
  otto = await createTeacher(room.t, room.admin, "otto");
  await createSection(room.t, otto, "Other");
  problemId = (await seedSumProblem(room.t, (await seedTask(room.t, room.section.id)).id)).id;
  const files = JSON.stringify([
    { name: "main.py", content: "a, b = map(int, input().split())\nprint(a - b)\n" },
  ]);
  subId = room.t.ctx.sqlite
    .query<{ id: number }, [number, string]>(
      "INSERT INTO submissions (problem_id, user_id, files, main_file, status, score, max_score, submitted_at) SELECT ?, id, ?, 'main.py', 'graded', 1, 3, 0 FROM users WHERE username = 'sam' RETURNING id",
    )
    .get(problemId, files)!.id;
});

const comments = () =>
  room.t.ctx.sqlite
    .query<{ id: number; line: number; body: string }, []>(
      "SELECT id, line, body FROM code_comments ORDER BY id",
    )
    .all();

describe("commenting", () => {
  test("a teacher adds two comments on one line; the student is notified and sees them beside the code", async () => {
    const first = await room.teacher.post(`/submissions/${subId}/comments`, {
      file: "main.py",
      line: "2",
      body: "Is **minus** right?",
    });
    expect(first.status).toBe(303);
    await room.teacher.post(`/submissions/${subId}/comments`, {
      file: "main.py",
      line: "2",
      body: "Check the statement.",
    });
    expect(comments().map((c) => c.line)).toEqual([2, 2]);
    const page = await (await sam.get(`/submissions/${subId}`)).text();
    expect(page).toContain('aria-label="Comments on line 2"');
    expect(page).toContain("Is <strong>minus</strong> right?");
    expect(page).toContain("Check the statement.");
    expect(page).not.toContain("Add comment"); // students read, they do not comment
    const note = room.t.ctx.sqlite
      .query<{ kind: string; link: string }, []>(
        "SELECT kind, link FROM notifications JOIN users ON users.id = user_id WHERE username = 'sam' ORDER BY notifications.id DESC LIMIT 1",
      )
      .get()!;
    expect(note).toEqual({ kind: "code_comment", link: `/submissions/${subId}` });
    const problemPage = await (await sam.get(`/problems/${problemId}`)).text();
    expect(problemPage).toContain("2 comments from your teacher");
  });

  test("bad input is refused and nothing is stored", async () => {
    const before = comments().length;
    expect(
      (await room.teacher.post(`/submissions/${subId}/comments`, { file: "other.py", line: "1", body: "x" }))
        .status,
    ).toBe(400);
    const far = await room.teacher.post(`/submissions/${subId}/comments`, {
      file: "main.py",
      line: "99",
      body: "x",
    });
    expect(far.status).toBe(303);
    expect(
      (await room.teacher.post(`/submissions/${subId}/comments`, { file: "main.py", line: "1", body: " " }))
        .status,
    ).toBe(400);
    expect(comments().length).toBe(before);
  });

  test("the author edits; a co-worker cannot edit it; deleting removes it", async () => {
    const id = comments()[0]!.id;
    expect(
      (await room.teacher.post(`/code-comments/${id}/edit`, { body: "Is subtraction right?" })).status,
    ).toBe(303);
    expect(comments()[0]!.body).toBe("Is subtraction right?");
    expect((await room.admin.post(`/code-comments/${id}/edit`, { body: "admin edit" })).status).toBe(403);
    expect((await room.teacher.post(`/code-comments/${comments()[1]!.id}/delete`)).status).toBe(303);
    expect(comments().length).toBe(1);
  });
});

describe("nobody else", () => {
  test("students, the other student and a teacher of another section cannot comment, change or read", async () => {
    const id = comments()[0]!.id;
    expect(
      (await sam.post(`/submissions/${subId}/comments`, { file: "main.py", line: "1", body: "x" })).status,
    ).toBe(403);
    expect((await sam.post(`/code-comments/${id}/delete`)).status).toBe(403);
    for (const c of [sue, otto]) {
      expect((await c.get(`/submissions/${subId}`)).status).toBe(404);
      expect(
        (await c.post(`/submissions/${subId}/comments`, { file: "main.py", line: "1", body: "x" })).status,
      ).toBe(404);
      expect((await c.post(`/code-comments/${id}/edit`, { body: "x" })).status).toBe(404);
      expect((await c.post(`/code-comments/${id}/delete`)).status).toBe(404);
    }
    expect((await new Client(room.t).post(`/code-comments/${id}/delete`)).status).toBe(303);
    expect(comments().length).toBe(1);
  });
});
