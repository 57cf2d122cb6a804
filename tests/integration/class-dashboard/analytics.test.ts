// Analytics numbers against the hand-computed class in tests/helpers/class-fixture.ts.
import { beforeAll, describe, expect, test } from "bun:test";
import { compareSections } from "../../../src/analytics/comparison.ts";
import { loadSectionGrades, restrictGrades, sortStudents } from "../../../src/analytics/grades.ts";
import {
  atRiskStudents,
  completionByProblem,
  DEFAULT_AT_RISK,
  gradeDistribution,
  gradeSummary,
  mostFailedTests,
  sectionActivity,
} from "../../../src/analytics/insights.ts";
import {
  activeStreak,
  selectRecentResults,
  selectScoreTrend,
  selectStudentDays,
  selectTaskProgress,
  upcomingDeadlines,
} from "../../../src/analytics/student.ts";
import { insertSubmission } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";

const { t, f } = useClassroom({ section: "Python A", fixture: {} });
let now: number;

beforeAll(() => {
  now = t.clock.now();
});

const grades = () => loadSectionGrades(t.ctx.db, f.sectionId, now);
const byName = async () => new Map((await grades()).students.map((s) => [s.username, s]));

describe("section grades", () => {
  test("only visible problems count, with points from their tests", async () => {
    const g = await grades();
    expect(g.problems.map((p) => [p.title, p.maxPoints])).toEqual([
      ["Sum", 3],
      ["Max", 2],
      ["Loops", 5],
    ]);
    expect(g.maxPoints).toBe(10);
  });

  test("best effective score per cell, totals and grades", async () => {
    const s = await byName();
    const cell = (u: string, p: number) => s.get(u)!.cells.get(p)?.best ?? null;
    expect(cell("ann", f.problems.p1)).toBe(3);
    expect(cell("ben", f.problems.p1)).toBe(3); // best of 1 and 3
    expect(cell("cat", f.problems.p1)).toBe(2); // the override, not the graded 1
    expect(cell("ben", f.problems.p2)).toBe(0);
    expect(s.get("cat")!.cells.get(f.problems.p3)).toMatchObject({ best: null, pending: 1, attempts: 1 });
    expect(s.get("ann")!.cells.has(f.problems.p4)).toBe(false); // unpublished task
    expect([...s.values()].map((x) => [x.username, x.points, x.grade, x.solved, x.attempted])).toEqual([
      ["ann", 10, 100, 3, 3],
      ["ben", 3, 30, 1, 2],
      ["cat", 2, 20, 0, 2],
      ["dan", 0, null, 0, 1],
      ["eve", 0, null, 0, 0],
      ["fay", 1, 10, 0, 1],
    ]);
  });

  test("default order: highest grade first, students without grades last (by name)", async () => {
    const g = await grades();
    expect(sortStudents(g.students, "grade", "desc").map((s) => s.username)).toEqual([
      "ann",
      "ben",
      "cat",
      "fay",
      "dan",
      "eve",
    ]);
    expect(sortStudents(g.students, "grade", "asc").map((s) => s.username)).toEqual([
      "fay",
      "cat",
      "ben",
      "ann",
      "dan",
      "eve",
    ]);
    expect(sortStudents(g.students, `p${f.problems.p1}`, "desc").map((s) => s.username)).toEqual([
      "ann",
      "ben",
      "cat",
      "fay",
      "dan",
      "eve",
    ]);
    expect(sortStudents(g.students, "name", "desc").map((s) => s.username)[0]).toBe("fay");
  });

  test("a subset of problems recomputes points and grades", async () => {
    const g = restrictGrades(await grades(), new Set([f.problems.p2, f.problems.p3]));
    expect(g.maxPoints).toBe(7);
    const s = new Map(g.students.map((x) => [x.username, x]));
    expect([s.get("ann")!.points, s.get("ann")!.grade]).toEqual([7, 100]);
    expect([s.get("ben")!.points, s.get("ben")!.grade]).toEqual([0, 0]);
    expect(s.get("cat")!.grade).toBeNull(); // only a queued P3 among these
    expect(s.get("fay")!.grade).toBeNull();
  });
});

describe("insights", () => {
  test("completion per problem", async () => {
    const c = completionByProblem(await grades());
    expect(
      c.map((x) => [x.problem.title, x.solved, x.attempted, x.solvedPct, x.attemptedPct, x.meanPct]),
    ).toEqual([
      ["Sum", 2, 4, 33.33, 66.67, 75], // (100 + 100 + 66.67 + 33.33) / 4
      ["Max", 1, 3, 16.67, 50, 50], // ann 100, ben 0; dan pending
      ["Loops", 1, 2, 16.67, 33.33, 100], // cat pending
    ]);
  });

  test("grade distribution and summary", async () => {
    const g = await grades();
    const bins = gradeDistribution(g.students);
    expect(bins.map((b) => b.count)).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
    expect(bins[9]).toEqual({ from: 90, to: 100, count: 1 });
    expect(gradeSummary(g.students)).toEqual({ graded: 4, mean: 40, median: 25 });
  });

  test("at-risk: every rule, with its reason", async () => {
    const risk = atRiskStudents(await grades(), now, DEFAULT_AT_RISK);
    const reasons = new Map(risk.map((r) => [r.student.username, r.reasons]));
    expect(reasons.has("ann")).toBe(false);
    // inactive: last submission 10 days ago; 60% on attempted problems is not low
    expect(reasons.get("ben")).toEqual([{ rule: "inactive", text: "No submission for 10 days" }]);
    // nothing solved after trying; 2 of 3 on P1 is 66.67%, not low
    expect(reasons.get("cat")).toEqual([
      { rule: "nothing-solved", text: "Nothing solved yet after trying 2 problems" },
    ]);
    expect(reasons.get("dan")).toEqual([
      { rule: "nothing-solved", text: "Nothing solved yet after trying 1 problem" },
    ]);
    // never submitted: inactive since joining, and nothing solved with a task past due
    expect(reasons.get("eve")).toEqual([
      { rule: "inactive", text: "No submission since joining 8 days ago" },
      { rule: "nothing-solved", text: "Nothing solved; 1 task past due" },
    ]);
    // low scores: 1 of 3 points
    expect(reasons.get("fay")).toEqual([
      { rule: "low-scores", text: "Average 33.33% on the 1 problem attempted (below 50%)" },
      { rule: "nothing-solved", text: "Nothing solved yet after trying 1 problem" },
    ]);
    expect(risk[0]!.reasons.length).toBe(2); // most reasons first
    // thresholds are the teacher's choice
    const strict = atRiskStudents(await grades(), now, { inactiveDays: 30, lowScorePct: 70 });
    const strictBen = strict.find((r) => r.student.username === "ben");
    expect(strictBen?.reasons.map((r) => r.rule)).toEqual(["low-scores"]); // 60% < 70%
  });

  test("the tests that fail most often", async () => {
    const failing = await mostFailedTests(t.ctx.db, f.sectionId);
    expect(
      failing.map((x) => [x.testName, x.problemTitle, x.runs, x.failures, x.students, x.wrong, x.timedOut]),
    ).toEqual([
      ["b", "Sum", 5, 3, 3, 2, 1],
      ["c", "Max", 2, 1, 1, 1, 0],
    ]);
  });

  test("activity per day over the last 30 days", async () => {
    const days = await sectionActivity(t.ctx.db, f.sectionId, now, 30);
    expect(days).toHaveLength(30);
    const total = days.reduce((n, d) => n + d.submissions, 0);
    expect(total).toBe(11); // every submission of the section, the draft task's included
    expect(days[29]!.submissions).toBe(5); // today: ann x4, dan
    expect(days[29]!.students).toBe(2);
    expect(days[18]!.submissions).toBe(1); // 11 days ago: ben
  });

  test("comparison across the teacher's sections", async () => {
    const teacher = await t.ctx.db
      .selectFrom("users")
      .selectAll()
      .where("username", "=", "tina")
      .executeTakeFirstOrThrow();
    const rows = await compareSections(t.ctx.db, teacher, now);
    expect(rows.map((r) => [r.name, r.students, r.problems, r.avgGrade, r.completion, r.activeWeek])).toEqual(
      [
        ["Python A", 6, 3, 40, 22.22, 4], // 4 solved pairs of 18; ann, cat, dan, fay this week
        ["Python B", 1, 1, 100, 100, 1],
      ],
    );
  });
});

describe("student dashboard data", () => {
  test("task progress, deadlines, recent results, activity and streak", async () => {
    const ann = f.users.ann;
    const tasks = await selectTaskProgress(t.ctx.db, ann, now);
    expect(tasks.map((x) => [x.title, x.problems, x.attempted, x.solved, x.points, x.maxPoints])).toEqual([
      ["Week 1", 2, 2, 2, 5, 5],
      ["Week 2", 1, 1, 1, 5, 5],
    ]);
    const ben = await selectTaskProgress(t.ctx.db, f.users.ben, now);
    expect(ben.map((x) => [x.title, x.solved, x.points])).toEqual([
      ["Week 1", 1, 3],
      ["Week 2", 0, 0],
    ]);
    expect(upcomingDeadlines(ben, now)).toEqual([]); // Week 1 is past due, Week 2 has none
    const recent = await selectRecentResults(t.ctx.db, f.users.cat);
    expect(recent.map((r) => [r.problemTitle, r.status, r.score])).toEqual([
      ["Loops", "queued", null],
      ["Sum", "graded", 2],
    ]);
    // fay: active yesterday only -> a streak of 1 (today not yet worked); add today -> 2
    let days = await selectStudentDays(t.ctx.db, f.users.fay, now, 365);
    expect(activeStreak(days, now)).toBe(1);
    await insertSubmission(t.ctx.db, {
      problemId: f.problems.p2,
      userId: f.users.fay,
      at: now - 60_000,
      status: "queued",
    });
    days = await selectStudentDays(t.ctx.db, f.users.fay, now, 365);
    expect(activeStreak(days, now)).toBe(2);
    // ben: last active 10 days ago -> no streak
    expect(activeStreak(await selectStudentDays(t.ctx.db, f.users.ben, now, 365), now)).toBe(0);
    // the score trend: graded submissions of visible tasks, oldest first, in percent
    // Exact percentages (the dashboard rounds them when it prints them).
    const pct2 = (p: { pct: number }) => Math.round(p.pct * 100) / 100;
    expect((await selectScoreTrend(t.ctx.db, f.users.ben)).map((p) => [p.problemTitle, pct2(p)])).toEqual([
      ["Sum", 33.33],
      ["Sum", 100],
      ["Max", 0],
    ]);
    expect((await selectScoreTrend(t.ctx.db, f.users.cat)).map(pct2)).toEqual([66.67]); // the override
    expect((await selectScoreTrend(t.ctx.db, f.users.ann)).map((p) => p.problemTitle)).toEqual([
      "Sum",
      "Max",
      "Loops",
    ]);
  });
});
