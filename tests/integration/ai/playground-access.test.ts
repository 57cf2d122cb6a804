// The playground's AI switches for a student in several sections, read in two queries for all of
// them (src/features/ai/access.ts): any section with the feature off, or any open task that has
// it off, turns it off there; the strictest daily limit applies. And the daily-limit counts are
// read from the partial indexes of migrations/0020_ai_usage_counted.sql.
import { beforeEach, describe, expect, test } from "bun:test";
import type { User } from "../../../src/db/schema.ts";
import { COUNT_MINE_SQL, COUNT_TODAY_SQL, featureAllowed } from "../../../src/features/ai/access.ts";
import { saveSectionAi, saveTaskAi } from "../../../src/features/ai/switches.ts";
import { setAssignees } from "../../../src/features/targeting/assignees.ts";
import { insertEnrollment } from "../../../src/models/section.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { createSection, registerStudent } from "../../helpers/client.ts";
import { seedTask } from "../../helpers/problems.ts";
import { useProvider } from "./helpers.ts";

const { env } = useProvider();
const { t, teacher, section } = useClassroom({ env });
const HOUR = 3_600_000;
let n = 0;

/** A student of the classroom's section and of `others`. */
async function student(...others: number[]): Promise<User> {
  const username = `pg${++n}`;
  await registerStudent(t, section.code, username);
  const user = t.ctx.sqlite.query<User, [string]>("SELECT * FROM users WHERE username = ?").get(username)!;
  for (const id of others) await insertEnrollment(t.ctx.db, id, user.id, t.clock.now());
  return user;
}

const playground = { kind: "playground" } as const;
const on = (dailyLimit = 20) => ({ tutor: true, complexity: true, dailyLimit });

beforeEach(async () => {
  await saveSectionAi(t.ctx.db, section.id, on(20), t.clock.now());
});

describe("the playground follows all the student's sections", () => {
  test("on in every section: allowed, with the strictest daily limit", async () => {
    const b = await createSection(t, teacher, "Both on B");
    await saveSectionAi(t.ctx.db, b.id, on(5), t.clock.now());
    const user = await student(b.id);
    const p = await featureAllowed(t.ctx, user, "tutor", playground);
    expect(p).toEqual({ allowed: true, sectionId: null, problemId: null, dailyLimit: 5 });
  });

  test("off in one section (or no settings yet): refused, naming it; an archived section does not count", async () => {
    const off = await createSection(t, teacher, "Zeta off");
    await saveSectionAi(t.ctx.db, off.id, { ...on(), tutor: false }, t.clock.now());
    const unset = await createSection(t, teacher, "Unset");
    const user = await student(off.id);
    expect(await featureAllowed(t.ctx, user, "tutor", playground)).toEqual({
      allowed: false,
      reason: "The tutor is turned off in the playground while it is off in Zeta off.",
    });
    expect((await featureAllowed(t.ctx, user, "complexity", playground)).allowed).toBe(true);
    t.ctx.sqlite.query("UPDATE sections SET archived_at = ? WHERE id = ?").run(t.clock.now(), off.id);
    expect((await featureAllowed(t.ctx, user, "tutor", playground)).allowed).toBe(true);
    const other = await student(unset.id);
    expect(await featureAllowed(t.ctx, other, "complexity", playground)).toEqual({
      allowed: false,
      reason: "AI Analysis is turned off in the playground while it is off in Unset.",
    });
  });

  test("an open task with the feature off in a second section: refused, naming the task and the section", async () => {
    const b = await createSection(t, teacher, "Exam B");
    await saveSectionAi(t.ctx.db, b.id, on(), t.clock.now());
    const now = t.clock.now();
    const exam = await seedTask(t, b.id, { title: "Midterm", starts_at: now - HOUR, due_at: now + HOUR });
    await saveTaskAi(t.ctx.db, exam.id, { tutor: false, complexity: true }, now);
    // Not open, so not in the way: over, not started yet, not published.
    for (const over of [
      { title: "Old exam", starts_at: now - 3 * HOUR, due_at: now - HOUR },
      { title: "Next exam", starts_at: now + HOUR, due_at: now + 2 * HOUR },
      { title: "Draft exam", published: 0 },
    ]) {
      const task = await seedTask(t, section.id, over);
      await saveTaskAi(t.ctx.db, task.id, { tutor: false, complexity: false }, now);
    }
    const user = await student(b.id);
    expect(await featureAllowed(t.ctx, user, "tutor", playground)).toEqual({
      allowed: false,
      reason: "The tutor is turned off in the playground while “Midterm” in Exam B is open.",
    });
    expect((await featureAllowed(t.ctx, user, "complexity", playground)).allowed).toBe(true);
    // A student of the classroom's section only is not held by another section's exam.
    expect((await featureAllowed(t.ctx, await student(), "tutor", playground)).allowed).toBe(true);
    t.clock.advance(2 * HOUR);
    expect((await featureAllowed(t.ctx, user, "tutor", playground)).allowed).toBe(true);
  });

  test("another student's remedial exam neither holds a student nor names itself to them", async () => {
    const b = await createSection(t, teacher, "Remedial B");
    await saveSectionAi(t.ctx.db, b.id, on(), t.clock.now());
    const now = t.clock.now();
    const exam = await seedTask(t, b.id, {
      title: "Catch-up exam",
      starts_at: now - HOUR,
      due_at: now + HOUR,
    });
    await saveTaskAi(t.ctx.db, exam.id, { tutor: false, complexity: true }, now);
    t.ctx.sqlite.query("UPDATE tasks SET remedial = 1 WHERE id = ?").run(exam.id);
    const assigned = await student(b.id);
    const other = await student(b.id);
    await setAssignees(t.ctx.db, "task", exam.id, b.id, [assigned.id]);
    expect((await featureAllowed(t.ctx, other, "tutor", playground)).allowed).toBe(true);
    expect(await featureAllowed(t.ctx, assigned, "tutor", playground)).toEqual({
      allowed: false,
      reason: "The tutor is turned off in the playground while “Catch-up exam” in Remedial B is open.",
    });
  });
});

describe("the daily-limit counts", () => {
  test("are answered from the partial indexes, not by reading the day's rows", () => {
    const plan = (sql: string, ...args: (string | number)[]) =>
      t.ctx.sqlite
        .query<{ detail: string }, (string | number)[]>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...args)
        .map((r) => r.detail)
        .join("; ");
    expect(plan(COUNT_TODAY_SQL, "2026-01-01")).toContain("COVERING INDEX ai_usage_counted_day");
    expect(plan(COUNT_MINE_SQL, "2026-01-01", 1)).toContain("COVERING INDEX ai_usage_counted_user_day");
  });
});
