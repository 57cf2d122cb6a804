// A problem's discussion: Markdown comments (sanitized) and replies, edit/delete own, teachers delete
// any and pin one, "only after solving" visibility, live updates, and who may read or write it.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { readSse } from "../../helpers/sse.ts";

const room = useClassroom();
let sam: Client;
let sue: Client;
let olga: Client;
let otto: Client;
let problemId = 0;
const HX = { "hx-request": "true" };
const commentId = (text: string) =>
  room.t.ctx.sqlite
    .query<{ id: number }, [string]>("SELECT id FROM discussion_comments WHERE body = ?")
    .get(text)!.id;

beforeAll(async () => {
  sam = (await registerStudent(room.t, room.section.code, "sam")).client;
  sue = (await registerStudent(room.t, room.section.code, "sue")).client;
  otto = await createTeacher(room.t, room.admin, "otto");
  olga = (await registerStudent(room.t, (await createSection(room.t, otto, "Other")).code, "olga")).client;
  problemId = (await seedSumProblem(room.t, (await seedTask(room.t, room.section.id)).id)).id;
});

describe("comments", () => {
  test("are Markdown, sanitized, and arrive live for others", async () => {
    const live = readSse(await sue.get(`/problems/${problemId}/discussion/live`));
    const res = await sam.post(
      `/problems/${problemId}/discussion`,
      { body: "Use `split()` <img src=x onerror=alert(1)> [x](javascript:alert(1))" },
      HX,
    );
    expect(res.status).toBe(200);
    const html = (await res.text()).match(/<div class="prose comment-body">([\s\S]*?)<\/div>/)![1]!;
    expect(html).toContain("<code>split()</code>");
    expect(html).not.toContain("onerror");
    expect(html).not.toContain("javascript:");
    const got = await live.until((t) => t.includes("event: discussion"));
    expect(got).toContain("<code>split()</code>");
    await live.close();
  });

  test("replies go under their comment; a reply to a reply or to another problem is refused", async () => {
    const parent = room.t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM discussion_comments LIMIT 1")
      .get()!.id;
    const res = await sue.post(
      `/problems/${problemId}/discussion`,
      { body: "Thanks!", parentId: String(parent) },
      HX,
    );
    expect(await res.text()).toMatch(/class="comments nested"><li class="comment" id="c\d+">/);
    const reply = commentId("Thanks!");
    expect(
      (await sue.post(`/problems/${problemId}/discussion`, { body: "x", parentId: String(reply) })).status,
    ).toBe(400);
    const other = await seedSumProblem(
      room.t,
      (await seedTask(room.t, room.section.id, { title: "Week 2" })).id,
    );
    expect(
      (await sue.post(`/problems/${other.id}/discussion`, { body: "x", parentId: String(parent) })).status,
    ).toBe(400);
  });

  test("authors edit and delete their own; others may not", async () => {
    await sue.post(`/problems/${problemId}/discussion`, { body: "Sue's note" });
    const id = commentId("Sue's note");
    expect((await sam.post(`/discussion/${id}/edit`, { body: "hacked" })).status).toBe(403);
    expect((await sam.post(`/discussion/${id}/delete`)).status).toBe(403);
    expect((await sue.post(`/discussion/${id}/edit`, { body: "Sue's better note" }, HX)).status).toBe(200);
    expect(await (await sam.get(`/problems/${problemId}/discussion`, HX)).text()).toContain("edited");
    expect((await sue.post(`/discussion/${id}/edit`, { body: "  " })).status).toBe(400);
    expect((await sue.post(`/discussion/${id}/delete`)).status).toBe(303);
    expect(room.t.ctx.sqlite.query("SELECT id FROM discussion_comments WHERE id = ?").get(id)).toBeNull();
  });

  test("a teacher deletes any comment (one with replies stays as deleted) and pins one", async () => {
    const parent = room.t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM discussion_comments ORDER BY id LIMIT 1")
      .get()!.id;
    await room.teacher.post(`/problems/${problemId}/discussion`, { body: "Read the statement again." });
    const mine = commentId("Read the statement again.");
    expect((await sam.post(`/discussion/${mine}/pin`)).status).toBe(403);
    expect((await room.teacher.post(`/discussion/${mine}/pin`)).status).toBe(303);
    const list = await (await sam.get(`/problems/${problemId}/discussion`, HX)).text();
    expect(list.indexOf("Read the statement again.")).toBeLessThan(list.indexOf("split()"));
    expect(list).toContain("Pinned");
    await room.teacher.post(`/discussion/${parent}/pin`);
    const pinned = room.t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM discussion_comments WHERE pinned = 1")
      .get()!.n;
    expect(pinned).toBe(1);
    expect((await room.teacher.post(`/discussion/${parent}/delete`)).status).toBe(303);
    const after = await (await sue.get(`/problems/${problemId}/discussion`, HX)).text();
    expect(after).toContain("This comment was deleted.");
    expect(after).toContain("Thanks!");
    expect(after).not.toContain("split()");
  });
});

describe("visibility", () => {
  test("only after solving: hidden from students who have not solved it, shown once they have", async () => {
    expect(
      (await sam.post(`/problems/${problemId}/discussion/settings`, { visibility: "after_solved" })).status,
    ).toBe(403);
    expect(
      (await room.teacher.post(`/problems/${problemId}/discussion/settings`, { visibility: "after_solved" }))
        .status,
    ).toBe(303);
    const hidden = await (await sam.get(`/problems/${problemId}/discussion`, HX)).text();
    expect(hidden).toContain("opens once you have solved");
    expect(hidden).not.toContain("Thanks!");
    expect((await sam.get(`/problems/${problemId}/discussion/live`)).status).toBe(403);
    expect((await sam.post(`/problems/${problemId}/discussion`, { body: "spoiler" })).status).toBe(403);
    room.t.ctx.sqlite
      .query(
        "INSERT INTO submissions (problem_id, user_id, files, main_file, status, score, max_score, submitted_at) SELECT ?, id, '[]', 'main.py', 'graded', 3, 3, 0 FROM users WHERE username = 'sam'",
      )
      .run(problemId);
    expect(await (await sam.get(`/problems/${problemId}/discussion`, HX)).text()).toContain("Thanks!");
    expect(await (await sue.get(`/problems/${problemId}/discussion`, HX)).text()).not.toContain("Thanks!");
    expect(await (await room.teacher.get(`/problems/${problemId}/discussion`, HX)).text()).toContain(
      "Thanks!",
    );
    await room.teacher.post(`/problems/${problemId}/discussion/settings`, { visibility: "always" });
  });

  test("students and teachers of other sections, and signed-out visitors, get nothing", async () => {
    for (const c of [olga, otto]) {
      expect((await c.get(`/problems/${problemId}/discussion`, HX)).status).toBe(404);
      expect((await c.get(`/problems/${problemId}/discussion/live`)).status).toBe(404);
      expect((await c.post(`/problems/${problemId}/discussion`, { body: "x" })).status).toBe(404);
    }
    const id = commentId("Thanks!");
    expect((await otto.post(`/discussion/${id}/delete`)).status).toBe(404);
    expect((await new Client(room.t).get(`/problems/${problemId}/discussion`)).status).toBe(303);
  });
});
