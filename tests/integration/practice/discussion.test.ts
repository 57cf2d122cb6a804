// A practice catalog problem's discussion, through the real discussion routes: everyone who may
// practise a published problem reads and writes it (Markdown sanitized, replies, edit/delete own);
// its moderators are the teacher who published it and the admins (delete any, pin one, choose
// "only after solving", never locked out); unpublished problems exist only for their moderators;
// signed-out users get nothing; live updates re-check access.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher, registerStudent } from "../../helpers/client.ts";
import { readSse } from "../../helpers/sse.ts";
import { problemId as catalogId, importItems, item, storeGraded, userId } from "./helpers.ts";

const room = useClassroom();
const HX = { "hx-request": "true" };
let hana: Client;
let hugo: Client;
let otto: Client; // a teacher who did not publish the problem
let id = 0;

const commentId = (text: string) =>
  room.t.ctx.sqlite
    .query<{ id: number }, [string]>("SELECT id FROM discussion_comments WHERE body = ?")
    .get(text)!.id;
const commentCount = () =>
  room.t.ctx.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM discussion_comments").get()!.n;

async function editMeta(who: Client, fields: Record<string, string>) {
  return who.post(`/practice/problems/${id}/edit`, {
    difficulty: "easy",
    points: "10",
    tags: "",
    published: "on",
    ...fields,
  });
}

beforeAll(async () => {
  expect((await importItems(room.teacher, [item("Sum two")])).status).toBe(200);
  id = catalogId(room.t, "Sum two");
  hana = (await registerStudent(room.t, room.section.code, "hana")).client;
  hugo = (await registerStudent(room.t, room.section.code, "hugo")).client;
  otto = await createTeacher(room.t, room.admin, "otto");
});

describe("the thread on the practice problem page", () => {
  test("the page loads the discussion; the panel answers a signed-in learner", async () => {
    const page = await (await hana.get(`/practice/problems/${id}`)).text();
    expect(page).toContain(`hx-get="/problems/${id}/discussion"`);
    const panel = await (await hana.get(`/problems/${id}/discussion`, HX)).text();
    expect(panel).toContain("No comments yet");
    expect(panel).toContain(`sse-connect="/problems/${id}/discussion/live"`);
    expect(panel).not.toContain("discussion-settings"); // not a moderator
    expect((await hana.get(`/problems/${id}/discussion`)).status).toBe(200); // the page without scripts
  });

  test("comments are Markdown, sanitized, arrive live, and a form post returns to the practice page", async () => {
    const live = readSse(await hugo.get(`/problems/${id}/discussion/live`));
    const res = await hana.post(
      `/problems/${id}/discussion`,
      { body: "Try `int()` <img src=x onerror=alert(1)> [x](javascript:alert(1))" },
      HX,
    );
    expect(res.status).toBe(200);
    const html = (await res.text()).match(/<div class="prose comment-body">([\s\S]*?)<\/div>/)![1]!;
    expect(html).toContain("<code>int()</code>");
    expect(html).not.toContain("onerror");
    expect(html).not.toContain("javascript:");
    expect(await live.until((t) => t.includes("event: discussion"))).toContain("<code>int()</code>");
    await live.close();
    const plain = await hugo.post(`/problems/${id}/discussion`, { body: "Hugo's first" });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(`/practice/problems/${id}#discussion`);
  });

  test("replies go under their comment; edit and delete only one's own", async () => {
    const parent = commentId("Hugo's first");
    const reply = await hana.post(
      `/problems/${id}/discussion`,
      { body: "Nice", parentId: String(parent) },
      HX,
    );
    expect(await reply.text()).toMatch(/class="comments nested"><li class="comment" id="c\d+">/);
    const mine = commentId("Nice");
    expect((await hugo.post(`/discussion/${mine}/edit`, { body: "hacked" })).status).toBe(403);
    expect((await hugo.post(`/discussion/${mine}/delete`)).status).toBe(403);
    expect((await hana.post(`/discussion/${mine}/edit`, { body: "Nice one" }, HX)).status).toBe(200);
    expect((await hana.post(`/discussion/${mine}/edit`, { body: "   " })).status).toBe(400);
    expect(commentId("Nice one")).toBe(mine);
    const gone = await hana.post(`/discussion/${mine}/delete`);
    expect(gone.status).toBe(303);
    expect(gone.headers.get("location")).toBe(`/practice/problems/${id}#discussion`);
  });
});

describe("moderators: the problem's author and the admins", () => {
  test("learners and other teachers cannot pin, delete others' comments or choose the visibility", async () => {
    const c = commentId("Hugo's first");
    for (const who of [hana, otto]) {
      expect((await who.post(`/discussion/${c}/pin`)).status).toBe(403);
      expect((await who.post(`/discussion/${c}/delete`)).status).toBe(403);
      expect(
        (await who.post(`/problems/${id}/discussion/settings`, { visibility: "after_solved" })).status,
      ).toBe(403);
    }
    expect((await otto.get(`/practice/problems/${id}/edit`)).status).toBe(404);
    expect(commentId("Hugo's first")).toBe(c);
    const pinned = room.t.ctx.sqlite.query("SELECT id FROM discussion_comments WHERE pinned = 1").get();
    expect(pinned).toBeNull();
  });

  test("the author pins one comment, the admin pins another (only one stays pinned) and deletes any", async () => {
    await hana.post(`/problems/${id}/discussion`, { body: "Hana's tip" });
    const first = commentId("Hugo's first");
    const second = commentId("Hana's tip");
    const panel = await (await room.teacher.get(`/problems/${id}/discussion`, HX)).text();
    expect(panel).toContain("discussion-settings");
    expect((await room.teacher.post(`/discussion/${first}/pin`, {}, HX)).status).toBe(200);
    expect((await room.admin.post(`/discussion/${second}/pin`, {}, HX)).status).toBe(200);
    const pinned = room.t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM discussion_comments WHERE pinned = 1")
      .all();
    expect(pinned.map((r) => r.id)).toEqual([second]);
    const list = await (await hugo.get(`/problems/${id}/discussion`, HX)).text();
    const tip = list.search(/Hana(&#39;|')s tip/);
    expect(tip).toBeGreaterThan(-1);
    expect(tip).toBeLessThan(list.search(/Hugo(&#39;|')s first/));
    const reply = await hana.post(`/problems/${id}/discussion`, { body: "a reply", parentId: String(first) });
    expect(reply.status).toBe(303);
    expect((await room.admin.post(`/discussion/${commentId("a reply")}/pin`)).status).toBe(400);
    expect((await room.teacher.post(`/discussion/${commentId("a reply")}/delete`)).status).toBe(303);
    expect((await room.admin.post(`/discussion/${second}/delete`)).status).toBe(303);
    expect(room.t.ctx.sqlite.query("SELECT id FROM discussion_comments WHERE id = ?").get(second)).toBeNull();
  });
});

describe("only after solving, chosen on the edit page", () => {
  test("the edit page shows the choice; saving it closes the thread and a learner's live stream", async () => {
    const edit = await (await room.teacher.get(`/practice/problems/${id}/edit`)).text();
    expect(edit).toContain('name="discussion"');
    const live = readSse(await hugo.get(`/problems/${id}/discussion/live`));
    expect((await editMeta(room.teacher, { discussion: "after_solved" })).status).toBe(303);
    expect(
      room.t.ctx.sqlite.query("SELECT visibility FROM discussion_settings WHERE problem_id = ?").get(id),
    ).toEqual({ visibility: "after_solved" });
    const ended = await live.until(() => false, 10_000).catch((e: Error) => e.message);
    expect(ended).toContain("stream ended");
    await live.close();
    const bad = await editMeta(room.teacher, { discussion: "everyone" });
    expect(bad.status).toBe(422);
  });

  test("closed until a full-score accepted submission; moderators always see it", async () => {
    const before = commentCount();
    const closed = await (await hana.get(`/problems/${id}/discussion`, HX)).text();
    expect(closed).toContain("opens once you have solved");
    expect(closed).not.toMatch(/Hugo(&#39;|')s first/);
    expect((await hana.post(`/problems/${id}/discussion`, { body: "spoiler" })).status).toBe(403);
    expect((await hana.get(`/problems/${id}/discussion/live`)).status).toBe(403);
    // Her own earlier comment is out of reach too while the thread is closed to her.
    expect((await hugo.post(`/discussion/${commentId("Hugo's first")}/edit`, { body: "x" })).status).toBe(
      404,
    );
    storeGraded(room.t, {
      problemId: id,
      userId: userId(room.t, "hana"),
      ms: 20,
      memoryKb: 9000,
      full: false,
    });
    expect(await (await hana.get(`/problems/${id}/discussion`, HX)).text()).toContain(
      "opens once you have solved",
    );
    storeGraded(room.t, {
      problemId: id,
      userId: userId(room.t, "hana"),
      ms: 20,
      memoryKb: 9000,
      full: true,
    });
    const open = await (await hana.get(`/problems/${id}/discussion`, HX)).text();
    expect(open).toMatch(/Hugo(&#39;|')s first/);
    expect((await hana.post(`/problems/${id}/discussion`, { body: "after solving" }, HX)).status).toBe(200);
    for (const mod of [room.teacher, room.admin])
      expect(await (await mod.get(`/problems/${id}/discussion`, HX)).text()).toContain("after solving");
    expect(commentCount()).toBe(before + 1);
    expect((await editMeta(room.admin, { discussion: "always" })).status).toBe(303);
    expect(await (await hugo.get(`/problems/${id}/discussion`, HX)).text()).toContain("after solving");
  });
});

describe("unpublished problems and signed-out users", () => {
  test("an unpublished problem's thread exists only for its author and the admins", async () => {
    const c = commentId("after solving");
    expect((await editMeta(room.teacher, { published: "" })).status).toBe(303);
    const before = commentCount();
    for (const who of [hana, otto]) {
      expect((await who.get(`/problems/${id}/discussion`, HX)).status).toBe(404);
      expect((await who.get(`/problems/${id}/discussion/live`)).status).toBe(404);
      expect((await who.post(`/problems/${id}/discussion`, { body: "x" })).status).toBe(404);
      expect((await who.post(`/discussion/${c}/edit`, { body: "x" })).status).toBe(404);
      expect((await who.post(`/discussion/${c}/delete`)).status).toBe(404);
      expect((await who.post(`/discussion/${c}/pin`)).status).toBe(404);
      expect((await who.post(`/problems/${id}/discussion/settings`, { visibility: "always" })).status).toBe(
        404,
      );
    }
    expect(commentCount()).toBe(before);
    expect(commentId("after solving")).toBe(c);
    for (const mod of [room.teacher, room.admin])
      expect((await mod.get(`/problems/${id}/discussion`, HX)).status).toBe(200);
    expect((await editMeta(room.teacher, {})).status).toBe(303); // published again
  });

  test("signed-out users are sent to the login page on every route and stream", async () => {
    const anon = new Client(room.t);
    const c = String(commentId("after solving"));
    const before = commentCount();
    const answers = [
      await anon.get(`/problems/${id}/discussion`, HX),
      await anon.get(`/problems/${id}/discussion/live`),
      await anon.post(`/problems/${id}/discussion`, { body: "x" }),
      await anon.post(`/discussion/${c}/edit`, { body: "x" }),
      await anon.post(`/discussion/${c}/delete`),
      await anon.post(`/discussion/${c}/pin`),
      await anon.post(`/problems/${id}/discussion/settings`, { visibility: "always" }),
    ];
    for (const res of answers) {
      expect(res.status).not.toBe(200);
      expect(res.headers.get("location") ?? res.headers.get("hx-redirect") ?? "").toContain("/login");
    }
    expect(commentCount()).toBe(before);
  });
});
