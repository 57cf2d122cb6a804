// Problem chat (migrations/0015): one thread per student and problem, its messages, and how far each
// participant has read. Who may read a thread is decided in chat-access.ts, never here.

import type { Db } from "../../../db/connection.ts";
import type { ChatThread } from "../../../db/tables/community.ts";
import { openToStudentSql } from "../../targeting/assignees.ts";

export interface AttachedCode {
  files: { name: string; content: string }[];
  main: string;
}

export interface MessageRow {
  id: number;
  authorId: number;
  authorName: string;
  authorRole: string;
  body: string;
  code: AttachedCode | null;
  createdAt: number;
}

export async function threadFor(
  db: Db,
  problemId: number,
  studentId: number,
  now: number,
): Promise<ChatThread> {
  await db
    .insertInto("chat_threads")
    .values({ problem_id: problemId, student_id: studentId, created_at: now, last_message_at: now })
    .onConflict((oc) => oc.columns(["problem_id", "student_id"]).doNothing())
    .execute();
  return db
    .selectFrom("chat_threads")
    .selectAll()
    .where("problem_id", "=", problemId)
    .where("student_id", "=", studentId)
    .executeTakeFirstOrThrow();
}

export function selectThread(db: Db, id: number): Promise<ChatThread | undefined> {
  return db.selectFrom("chat_threads").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertMessage(
  db: Db,
  m: { threadId: number; authorId: number; body: string; code: AttachedCode | null; now: number },
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("chat_messages")
      .values({
        thread_id: m.threadId,
        author_id: m.authorId,
        body: m.body,
        code: m.code ? JSON.stringify(m.code) : null,
        created_at: m.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .updateTable("chat_threads")
      .set({ last_message_at: m.now })
      .where("id", "=", m.threadId)
      .execute();
    return row.id;
  });
}

export async function selectMessages(db: Db, threadId: number): Promise<MessageRow[]> {
  const rows = await db
    .selectFrom("chat_messages")
    .innerJoin("users", "users.id", "chat_messages.author_id")
    .select([
      "chat_messages.id",
      "chat_messages.author_id",
      "users.display_name",
      "users.role",
      "chat_messages.body",
      "chat_messages.code",
      "chat_messages.created_at",
    ])
    .where("chat_messages.thread_id", "=", threadId)
    .orderBy("chat_messages.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    authorId: r.author_id,
    authorName: r.display_name,
    authorRole: r.role,
    body: r.body,
    code: r.code ? (JSON.parse(r.code) as AttachedCode) : null,
    createdAt: r.created_at,
  }));
}

/** Marks the thread read by the user up to its newest message; true when that changed anything. */
export async function markThreadRead(db: Db, threadId: number, userId: number): Promise<boolean> {
  const newest = await db
    .selectFrom("chat_messages")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("thread_id", "=", threadId)
    .executeTakeFirst();
  const lastId = Number(newest?.id ?? 0);
  if (lastId === 0) return false;
  const before = await db
    .selectFrom("chat_reads")
    .select("last_read_id")
    .where("thread_id", "=", threadId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (before && before.last_read_id >= lastId) return false;
  await db
    .insertInto("chat_reads")
    .values({ thread_id: threadId, user_id: userId, last_read_id: lastId })
    .onConflict((oc) => oc.columns(["thread_id", "user_id"]).doUpdateSet({ last_read_id: lastId }))
    .execute();
  return true;
}

export interface Conversation {
  threadId: number;
  problemId: number;
  problemTitle: string;
  taskTitle: string;
  sectionName: string;
  studentId: number;
  studentName: string;
  lastMessageAt: number;
  unread: number;
  lastBody: string;
}

/**
 * The user's conversations with at least one message, newest first: a student's own threads; a
 * teacher's (or admin's) threads on problems of sections they teach.
 */
export async function selectConversations(
  db: Db,
  user: { id: number; role: string },
  limit = 200,
): Promise<Conversation[]> {
  let q = db
    .selectFrom("chat_threads as t")
    .innerJoin("problems as p", "p.id", "t.problem_id")
    .innerJoin("tasks as k", "k.id", "p.task_id")
    .innerJoin("sections as s", "s.id", "k.section_id")
    .innerJoin("users as u", "u.id", "t.student_id")
    .leftJoin("chat_reads as r", (j) => j.onRef("r.thread_id", "=", "t.id").on("r.user_id", "=", user.id))
    .select((eb) => [
      "t.id as threadId",
      "p.id as problemId",
      "p.title as problemTitle",
      "k.title as taskTitle",
      "s.name as sectionName",
      "u.id as studentId",
      "u.display_name as studentName",
      "t.last_message_at as lastMessageAt",
      eb
        .selectFrom("chat_messages as m")
        .select((m) => m.fn.countAll<number>().as("n"))
        .whereRef("m.thread_id", "=", "t.id")
        .where("m.author_id", "!=", user.id)
        .where("m.id", ">", eb.fn.coalesce("r.last_read_id", eb.val(0)))
        .as("unread"),
      eb
        .selectFrom("chat_messages as m")
        .select("m.body")
        .whereRef("m.thread_id", "=", "t.id")
        .orderBy("m.id", "desc")
        .limit(1)
        .as("lastBody"),
    ])
    .where((eb) =>
      eb.exists(eb.selectFrom("chat_messages as m").select("m.id").whereRef("m.thread_id", "=", "t.id")),
    );
  if (user.role === "student")
    q = q.where("t.student_id", "=", user.id).where(openToStudentSql("task", user.id, "k"));
  else
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("section_teachers as st")
          .select("st.user_id")
          .whereRef("st.section_id", "=", "s.id")
          .where("st.user_id", "=", user.id),
      ),
    );
  const rows = await q.orderBy("t.last_message_at", "desc").limit(limit).execute();
  return rows.map((r) => ({ ...r, unread: Number(r.unread ?? 0), lastBody: r.lastBody ?? "" }));
}

/** Who teaches the thread's section: the people a student's question goes to. */
export async function selectThreadTeachers(db: Db, problemId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("problems as p")
    .innerJoin("tasks as k", "k.id", "p.task_id")
    .innerJoin("section_teachers as st", "st.section_id", "k.section_id")
    .innerJoin("users as u", "u.id", "st.user_id")
    .select("st.user_id")
    .where("p.id", "=", problemId)
    .where("u.active", "=", 1)
    .execute();
  return rows.map((r) => r.user_id);
}
