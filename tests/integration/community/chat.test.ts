// Problem chat: a student asks with code, the section's teachers are notified and answer with code,
// messages arrive live on both sides, read state is kept; nobody else reads or writes a thread or
// its stream (other students, teachers of other sections, signed-out visitors).
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { patches, readSse } from "../../helpers/sse.ts";

const room = useClassroom();
let sam: Client;
let sue: Client;
let olga: Client;
let otto: Client;
let problemId = 0;
let threadId = 0;
const HX = { "hx-request": "true" };
const code = JSON.stringify({
  files: [{ name: "main.py", content: "def add(a, b):\n    return a - b\n" }],
  main: "main.py",
});

beforeAll(async () => {
  sam = (await registerStudent(room.t, room.section.code, "sam")).client;
  sue = (await registerStudent(room.t, room.section.code, "sue")).client;
  otto = await createTeacher(room.t, room.admin, "otto");
  const other = await createSection(room.t, otto, "Other");
  olga = (await registerStudent(room.t, other.code, "olga")).client;
  const task = await seedTask(room.t, room.section.id);
  problemId = (await seedSumProblem(room.t, task.id)).id;
});

const notificationsOf = (username: string) =>
  room.t.ctx.sqlite
    .query<{ kind: string; title: string; link: string }, [string]>(
      "SELECT kind, title, link FROM notifications JOIN users ON users.id = notifications.user_id WHERE username = ? ORDER BY notifications.id",
    )
    .all(username);

describe("asking and answering", () => {
  test("the problem page loads the student's chat panel", async () => {
    const page = await (await sam.get(`/problems/${problemId}`)).text();
    expect(page).toContain(`hx-get="/problems/${problemId}/chat"`);
    expect(page).toContain("Your teachers can see the code in this editor");
    const panel = await sam.get(`/problems/${problemId}/chat`, HX);
    expect(panel.status).toBe(200);
    const html = await panel.text();
    expect(html).toContain("Ask your teachers");
    threadId = Number(html.match(/\/chats\/(\d+)\/messages/)![1]);
    expect(threadId).toBeGreaterThan(0);
  });

  test("a question with code reaches the teacher live: toast, notification, menu count, thread", async () => {
    const teacherPage = readSse(await room.teacher.get("/live"));
    const teacherThread = readSse(await room.teacher.get(`/chats/${threadId}/live`));
    await teacherPage.until((t) => t.includes("bell-count"));
    const res = await sam.post(
      `/chats/${threadId}/messages`,
      { body: "Why does **add** fail? <script>alert(1)</script>", attach: "on", code, editor: "1" },
      HX,
    );
    expect(res.status).toBe(200);
    const own = await res.text();
    expect(own).toContain("<strong>add</strong>");
    expect(own).not.toContain("<script>alert");
    const live = await teacherPage.until(
      (t) => patches(t).includes("New message") && patches(t).includes("messages-count"),
    );
    expect(patches(live)).toContain("Student sam on “Add two numbers”");
    const thread = await teacherThread.until((t) => t.includes("event: messages"));
    expect(thread).toContain("Why does");
    expect(thread).toContain("tok-keyword"); // the attached code, highlighted
    await teacherPage.close();
    await teacherThread.close();
    expect(notificationsOf("tina").at(-1)).toMatchObject({ kind: "chat", link: `/chats/${threadId}` });
    expect(notificationsOf("otto").length).toBe(0); // not their section
    const list = await (await room.teacher.get("/notifications")).text();
    expect(list).toContain(`<a href="/chats/${threadId}">Open</a>`);
  });

  test("the teacher's menu counts it unread until the thread is opened", async () => {
    // The teacher's open thread read the first message; a second one arrives while it is closed.
    expect(await (await room.teacher.get("/messages/count")).text()).not.toContain("bell-badge");
    await sam.post(`/chats/${threadId}/messages`, { body: "Still stuck." });
    expect(await (await room.teacher.get("/messages/count")).text()).toContain(">1<");
    const menu = await (await room.teacher.get("/messages/menu")).text();
    expect(menu).toContain("Add two numbers");
    expect(menu).toContain("Student sam");
    const page = await room.teacher.get(`/chats/${threadId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(
      '<span class="tok-keyword">return</span> <span class="tok-variableName">a</span> <span class="tok-operator">-</span>',
    );
    expect(await (await room.teacher.get("/messages/count")).text()).not.toContain("bell-badge");
  });

  test("the teacher's reply with code arrives live for the student, loadable into the editor", async () => {
    const studentThread = readSse(await sam.get(`/chats/${threadId}/live?editor=1`));
    const reply = await room.teacher.post(`/chats/${threadId}/messages`, {
      body: "Look at the operator.",
      replyCode: "def add(a, b):\n    return a + b\n",
      replyFile: "main.py",
    });
    expect(reply.status).toBe(303);
    const got = await studentThread.until((t) => t.includes("Look at the operator."));
    expect(got).toContain("Load into my editor");
    expect(got).toContain('<span class="tok-operator">+</span>');
    await studentThread.close();
    expect(notificationsOf("sam").at(-1)).toMatchObject({
      kind: "chat",
      link: `/problems/${problemId}#chat`,
    });
    const messages = await (await sam.get("/messages")).text();
    expect(messages).toContain("Your teachers");
  });

  test("attaching without the page's code uses the student's saved draft", async () => {
    await sam.request(`/problems/${problemId}/draft`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        files: [{ name: "main.py", content: "print('draft code')\n" }],
        main: "main.py",
      }),
    });
    await sam.post(`/chats/${threadId}/messages`, { body: "Here is my draft", attach: "on" });
    const page = await (await room.teacher.get(`/chats/${threadId}`)).text();
    expect(page).toContain("draft code");
    expect(page).toContain("Here is my draft");
  });

  test("an empty message or broken code is refused and nothing is stored", async () => {
    const before = room.t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM chat_messages")
      .get()!.n;
    expect((await sam.post(`/chats/${threadId}/messages`, { body: "   " })).status).toBe(400);
    expect(
      (await sam.post(`/chats/${threadId}/messages`, { body: "x", attach: "on", code: "{nope" })).status,
    ).toBe(400);
    const after = room.t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM chat_messages")
      .get()!.n;
    expect(after).toBe(before);
  });
});

describe("nobody else reads or writes a conversation", () => {
  test("another student of the section", async () => {
    expect((await sue.get(`/chats/${threadId}`)).status).toBe(404);
    expect((await sue.get(`/chats/${threadId}/live`)).status).toBe(404);
    expect((await sue.post(`/chats/${threadId}/messages`, { body: "hi" })).status).toBe(404);
    expect(await (await sue.get("/messages")).text()).not.toContain("Why does");
    expect(await (await sue.get("/messages/menu")).text()).not.toContain("Add two numbers");
  });

  test("a student and a teacher of another section", async () => {
    for (const c of [olga, otto]) {
      expect((await c.get(`/chats/${threadId}`)).status).toBe(404);
      expect((await c.get(`/chats/${threadId}/live`)).status).toBe(404);
      expect((await c.post(`/chats/${threadId}/messages`, { body: "hi" })).status).toBe(404);
    }
    expect((await olga.get(`/problems/${problemId}/chat`, HX)).status).toBe(404);
    expect(await (await otto.get("/messages")).text()).not.toContain("Student sam");
  });

  test("signed-out visitors", async () => {
    const anon = new Client(room.t);
    expect((await anon.get(`/chats/${threadId}`)).status).toBe(303);
    expect((await anon.get(`/chats/${threadId}/live`)).status).toBe(303);
    expect((await anon.get("/messages/count")).status).toBe(303);
  });

  test("another student's message never reaches this thread's stream or the menu count", async () => {
    const samStream = readSse(await sam.get(`/chats/${threadId}/live`));
    const suePanel = await (await sue.get(`/problems/${problemId}/chat`, HX)).text();
    const sueThread = Number(suePanel.match(/\/chats\/(\d+)\/messages/)![1]);
    expect(sueThread).not.toBe(threadId);
    const samPage = readSse(await sam.get("/live"));
    await samPage.until((t) => t.includes("bell-count"));
    await sue.post(`/chats/${sueThread}/messages`, { body: "Sue's private question" });
    await Bun.sleep(400);
    expect(samStream.text()).not.toContain("Sue's private question");
    expect(patches(samPage.text())).not.toContain("messages-count");
    await samStream.close();
    await samPage.close();
  });
});
