// Tutor conversations, one per student and problem (problem NULL: the playground), and the replies
// the leak guard withheld. A student's "Clear" hides their messages from them; the section's
// teachers still see every message, marked as cleared.
import type { Db } from "../../db/connection.ts";
import type { AiLeak, AiMessage } from "../../db/tables/ai.ts";
import type { ResultView } from "../../grading/present.ts";

const HISTORY_TURNS = 12;

function owner(db: Db, userId: number, problemId: number | null) {
  const q = db.selectFrom("ai_messages").where("user_id", "=", userId);
  return problemId === null ? q.where("problem_id", "is", null) : q.where("problem_id", "=", problemId);
}

export async function insertMessage(
  db: Db,
  m: {
    userId: number;
    problemId: number | null;
    role: "user" | "assistant";
    content: string;
    withheld?: boolean;
  },
  now: number,
): Promise<number> {
  const row = await db
    .insertInto("ai_messages")
    .values({
      user_id: m.userId,
      problem_id: m.problemId,
      role: m.role,
      content: m.content,
      withheld: m.withheld ? 1 : 0,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What the student sees (not cleared), oldest first. */
export function selectConversation(db: Db, userId: number, problemId: number | null): Promise<AiMessage[]> {
  return owner(db, userId, problemId).selectAll().where("cleared_at", "is", null).orderBy("id").execute();
}

/** Everything, for the section's teachers. */
export function selectFullConversation(db: Db, userId: number, problemId: number): Promise<AiMessage[]> {
  return owner(db, userId, problemId).selectAll().orderBy("id").execute();
}

/** The turns the model sees again, newest last. */
export async function selectHistory(db: Db, userId: number, problemId: number | null): Promise<AiMessage[]> {
  const rows = await owner(db, userId, problemId)
    .selectAll()
    .where("cleared_at", "is", null)
    .orderBy("id", "desc")
    .limit(HISTORY_TURNS)
    .execute();
  return rows.reverse();
}

export async function clearConversation(
  db: Db,
  userId: number,
  problemId: number | null,
  now: number,
): Promise<void> {
  let q = db
    .updateTable("ai_messages")
    .set({ cleared_at: now })
    .where("user_id", "=", userId)
    .where("cleared_at", "is", null);
  q = problemId === null ? q.where("problem_id", "is", null) : q.where("problem_id", "=", problemId);
  await q.execute();
}

export async function insertLeak(db: Db, l: Omit<AiLeak, "id">): Promise<void> {
  await db.insertInto("ai_leaks").values(l).execute();
}

export interface ConversationRow {
  userId: number;
  displayName: string;
  username: string;
  problemId: number;
  problemTitle: string;
  taskTitle: string;
  messages: number;
  withheld: number;
  lastAt: number;
}

/** Every tutor conversation in a section's problems, newest first. */
export async function selectSectionConversations(db: Db, sectionId: number): Promise<ConversationRow[]> {
  const rows = await db
    .selectFrom("ai_messages")
    .innerJoin("problems", "problems.id", "ai_messages.problem_id")
    .innerJoin("tasks", "tasks.id", "problems.task_id")
    .innerJoin("users", "users.id", "ai_messages.user_id")
    .where("tasks.section_id", "=", sectionId)
    .select((eb) => [
      "ai_messages.user_id as userId",
      "users.display_name as displayName",
      "users.username as username",
      "problems.id as problemId",
      "problems.title as problemTitle",
      "tasks.title as taskTitle",
      eb.fn.countAll<number>().as("messages"),
      eb.fn.sum<number>("ai_messages.withheld").as("withheld"),
      eb.fn.max("ai_messages.created_at").as("lastAt"),
    ])
    .groupBy(["ai_messages.user_id", "problems.id"])
    .orderBy("lastAt", "desc")
    .execute();
  return rows.map((r) => ({
    ...r,
    messages: Number(r.messages),
    withheld: Number(r.withheld ?? 0),
    lastAt: Number(r.lastAt),
  }));
}

export function selectLeaks(db: Db, userId: number, problemId: number): Promise<AiLeak[]> {
  return db
    .selectFrom("ai_leaks")
    .selectAll()
    .where("user_id", "=", userId)
    .where("problem_id", "=", problemId)
    .orderBy("id")
    .execute();
}

/** Keeps the outcome of a student's "Run tests" (visible tests only) for the tutor's context. */
export async function recordVisibleRun(
  db: Db,
  userId: number,
  problemId: number,
  view: ResultView,
  now: number,
): Promise<void> {
  const summary = summarizeRun(view);
  await db
    .insertInto("ai_visible_runs")
    .values({ user_id: userId, problem_id: problemId, summary, created_at: now })
    .onConflict((oc) => oc.columns(["user_id", "problem_id"]).doUpdateSet({ summary, created_at: now }))
    .execute();
}

const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function summarizeRun(view: ResultView): string {
  if (view.check) return `The code did not run: ${clip(view.check.message)}`;
  const lines = view.tests
    .filter((t) => !t.hidden && t.data)
    .map((t) => {
      const d = t.data!;
      if (t.status === "pass") return `- ${t.name}: passed`;
      return `- ${t.name}: ${t.status}. Input: ${clip(d.input)} Expected: ${clip(d.expected)} Got: ${clip(d.actual)}${d.stderr ? ` Error: ${clip(d.stderr)}` : ""}`;
    });
  return lines.join("\n");
}

export async function selectVisibleRun(db: Db, userId: number, problemId: number): Promise<string | null> {
  const row = await db
    .selectFrom("ai_visible_runs")
    .select("summary")
    .where("user_id", "=", userId)
    .where("problem_id", "=", problemId)
    .executeTakeFirst();
  return row?.summary ?? null;
}
