// Problem chat between a student and their section's teachers: the panel on the problem page, a
// thread's page, posting (a student may attach their current code; a teacher may reply with code the
// student loads into their editor), a live stream per thread, the messages page and the top bar's
// menu with unread counts, kept live on every page. Access: chat-access.ts, checked per event too.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../context.ts";
import type { User } from "../../../db/schema.ts";
import { currentUser } from "../../../http/auth-middleware.ts";
import { everyPageFeeds, toHtml } from "../../../http/live.tsx";
import { limit } from "../../../http/rate-limit.ts";
import { sse } from "../../../http/sse.ts";
import { problemToView } from "../../../http/task-access.ts";
import { idParam, validated } from "../../../http/validation.ts";
import { selectDraft } from "../../../models/problem-draft.ts";
import { selectOptionalUser } from "../../../models/user.ts";
import { notifyUsers } from "../notify.ts";
import {
  ChatMessages,
  MessagesCount,
  MessagesMenuBody,
  MessagesPage,
  ProblemChatPanel,
  ThreadPage,
} from "../views/chat.tsx";
import { mayView, threadToView } from "./chat-access.ts";
import {
  type AttachedCode,
  insertMessage,
  markThreadRead,
  selectConversations,
  selectMessages,
  selectThreadTeachers,
  threadFor,
} from "./chat-model.ts";

const MAX_CODE = 200_000;

const attachedCode = z
  .string()
  .max(MAX_CODE * 2)
  .transform((text, ctx) => {
    try {
      const parsed = z
        .object({
          files: z
            .array(z.object({ name: z.string().min(1).max(100), content: z.string().max(MAX_CODE) }))
            .min(1)
            .max(20),
          main: z.string().max(100),
        })
        .parse(JSON.parse(text));
      return parsed as AttachedCode;
    } catch {
      ctx.addIssue({ code: "custom", message: "The attached code could not be read." });
      return z.NEVER;
    }
  });

const messageForm = z.object({
  body: z.string().trim().min(1, "Write a message first.").max(4000, "A message is at most 4000 characters."),
  attach: z.string().optional(),
  code: attachedCode.optional(),
  replyCode: z.string().max(MAX_CODE, "The code is too long.").optional(),
  replyFile: z.string().trim().max(100).optional(),
  editor: z.enum(["1"]).optional(),
});

/** What the message carries: the student's code (sent by the page, else their saved draft) or a teacher's. */
async function codeOf(
  c: Context<AppEnv>,
  form: z.infer<typeof messageForm>,
  teaches: boolean,
  problemId: number,
): Promise<AttachedCode | null> {
  if (teaches) {
    if (!form.replyCode?.trim()) return null;
    const name = form.replyFile && /^[\w.-]+\.py$/.test(form.replyFile) ? form.replyFile : "main.py";
    return { files: [{ name, content: form.replyCode }], main: name };
  }
  if (form.attach !== "on") return null;
  if (form.code) return form.code;
  const draft = await selectDraft(c.var.ctx.db, problemId, currentUser(c).id);
  return draft ? { files: JSON.parse(draft.files), main: draft.main_file } : null;
}

async function listHtml(c: Context<AppEnv>, threadId: number, viewer: User, loadable: boolean) {
  const messages = await selectMessages(c.var.ctx.db, threadId);
  return toHtml(
    <ChatMessages messages={messages} viewerId={viewer.id} loadable={loadable} empty="No messages yet." />,
  );
}

async function unreadCount(c: Context<AppEnv>, user: User): Promise<number> {
  const list = await selectConversations(c.var.ctx.db, user);
  return list.reduce((n, conv) => n + conv.unread, 0);
}

// The messages menu's count on every page, live: a message in one of the user's conversations, or
// the user reading one in another tab.
everyPageFeeds.push((c, user, live) => {
  const { events } = c.var.ctx;
  const refresh = () =>
    live.coalesce("messages-count", 150, async () =>
      toHtml(<MessagesCount count={await unreadCount(c, user)} oob />),
    );
  // A teacher's count changes only with messages in sections they teach (read once per stream; the
  // stream ends every few minutes, so a new section is picked up soon).
  let taught: Set<number> | null = null;
  if (user.role !== "student") {
    void c.var.ctx.db
      .selectFrom("section_teachers")
      .select("section_id")
      .where("user_id", "=", user.id)
      .execute()
      .then((rows) => {
        taught = new Set(rows.map((r) => r.section_id));
      });
  }
  const offMessage = events.on("chat:message", (e) => {
    if (e.authorId === user.id) return;
    const mine = user.role === "student" ? e.studentId === user.id : (taught?.has(e.sectionId) ?? true);
    if (mine) refresh();
  });
  const offRead = events.on("chat:read", (e) => {
    if (e.userId === user.id) refresh();
  });
  return () => {
    offMessage();
    offRead();
  };
});

export const chatRoutes = new Hono<AppEnv>()
  .get("/problems/:id/chat", validated("param", idParam), async (c) => {
    const { problem, teaches } = await problemToView(c, c.req.valid("param").id);
    if (teaches)
      return c.html(
        <p class="muted">Students ask their questions here. Your conversations are under Messages.</p>,
      );
    const user = currentUser(c);
    const { db, clock, events } = c.var.ctx;
    const thread = await threadFor(db, problem.id, user.id, clock.now());
    if (await markThreadRead(db, thread.id, user.id)) events.emit("chat:read", { userId: user.id });
    const messages = await selectMessages(db, thread.id);
    if (!c.req.header("hx-request")) return c.redirect(`/chats/${thread.id}`, 303);
    return c.html(<ProblemChatPanel threadId={thread.id} messages={messages} viewerId={user.id} />);
  })
  .get("/chats/:id", validated("param", idParam), async (c) => {
    const { thread, problem, section, teaches } = await threadToView(c, c.req.valid("param").id);
    const user = currentUser(c);
    const { db, events } = c.var.ctx;
    if (await markThreadRead(db, thread.id, user.id)) events.emit("chat:read", { userId: user.id });
    const [messages, student, draft] = await Promise.all([
      selectMessages(db, thread.id),
      selectOptionalUser(db, thread.student_id),
      selectDraft(db, problem.id, thread.student_id),
    ]);
    const page = (
      <ThreadPage
        threadId={thread.id}
        messages={messages}
        viewerId={user.id}
        teaches={teaches}
        student={{ id: thread.student_id, name: student?.display_name ?? "Student" }}
        problem={problem}
        section={section}
        studentMain={draft?.main_file ?? problem.main_file}
      />
    );
    return c.render(page, { title: `Messages · ${problem.title}` });
  })
  .post(
    "/chats/:id/messages",
    limit({
      max: 30,
      key: (c) => `chat:${c.var.user?.id}`,
      message: "Too many messages at once. Wait a moment.",
    }),
    validated("param", idParam),
    validated("form", messageForm),
    async (c) => {
      const { thread, problem, section, teaches } = await threadToView(c, c.req.valid("param").id);
      const user = currentUser(c);
      const ctx = c.var.ctx;
      const form = c.req.valid("form");
      const code = await codeOf(c, form, teaches, problem.id);
      await insertMessage(ctx.db, {
        threadId: thread.id,
        authorId: user.id,
        body: form.body,
        code,
        now: ctx.clock.now(),
      });
      await markThreadRead(ctx.db, thread.id, user.id);
      ctx.events.emit("chat:message", {
        threadId: thread.id,
        problemId: problem.id,
        sectionId: section.id,
        studentId: thread.student_id,
        authorId: user.id,
      });
      const recipients = teaches
        ? [thread.student_id]
        : (await selectThreadTeachers(ctx.db, problem.id)).filter((id) => id !== user.id);
      await notifyUsers(ctx, {
        userIds: recipients,
        kind: "chat",
        heading: "New message",
        title: `${user.display_name} on “${problem.title}”`,
        body: form.body.slice(0, 300),
        link: teaches ? `/problems/${problem.id}#chat` : `/chats/${thread.id}`,
      });
      if (!c.req.header("hx-request")) return c.redirect(`/chats/${thread.id}`, 303);
      return c.html(await listHtml(c, thread.id, user, !teaches && form.editor === "1"));
    },
  )
  .get(
    "/chats/:id/live",
    validated("param", idParam),
    validated("query", z.object({ editor: z.enum(["1"]).optional() })),
    async (c) => {
      const { thread } = await threadToView(c, c.req.valid("param").id);
      const user = currentUser(c);
      const { db, events } = c.var.ctx;
      // On the problem page (?editor=1) the student may load a teacher's code into the editor.
      const loadable = user.id === thread.student_id && c.req.valid("query").editor === "1";
      return sse(c, async (stream) => {
        let changed = false;
        stream.defer(
          events.on("chat:message", (e) => {
            if (e.threadId !== thread.id) return;
            changed = true;
            stream.wake();
          }),
        );
        while (stream.open) {
          await stream.idle();
          if (!changed) continue;
          changed = false;
          if (!(await mayView(c, thread))) return stream.close(); // lost access since the stream opened
          const html = await listHtml(c, thread.id, user, loadable);
          await stream.send("messages", html);
          if (await markThreadRead(db, thread.id, user.id)) events.emit("chat:read", { userId: user.id });
        }
      });
    },
  )
  .get("/messages", async (c) => {
    const user = currentUser(c);
    const list = await selectConversations(c.var.ctx.db, user);
    return c.render(
      <MessagesPage list={list} teaches={user.role !== "student"} now={c.var.ctx.clock.now()} />,
      {
        title: "Messages",
      },
    );
  })
  .get("/messages/menu", async (c) => {
    const user = currentUser(c);
    const list = await selectConversations(c.var.ctx.db, user, 20);
    return c.html(
      <MessagesMenuBody list={list} teaches={user.role !== "student"} now={c.var.ctx.clock.now()} />,
    );
  })
  .get("/messages/count", async (c) =>
    c.html(<MessagesCount count={await unreadCount(c, currentUser(c))} />),
  );
