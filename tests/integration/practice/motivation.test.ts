// Points, streaks, achievements, rankings and the opt-outs, over graded submissions stored as the
// grading queue writes them (the real grading path has its own test in grading.test.ts). The clock is
// the test's own, moved across days.
import { describe, expect, test } from "bun:test";
import { checkAchievements } from "../../../src/features/practice/achievements.ts";
import { scoreCatalogSubmission } from "../../../src/features/practice/watch.ts";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import {
  importItems,
  item,
  openRegistration,
  problemId,
  registerHobbyist,
  storeGraded,
  userId,
} from "./helpers.ts";

const room = useClassroom();
const DAY = 86_400_000;

const achievements = (uid: number) =>
  room.t.ctx.sqlite
    .query<{ code: string }, [number]>(
      "SELECT code FROM practice_achievements WHERE user_id = ? ORDER BY code",
    )
    .all(uid)
    .map((r) => r.code);

async function solve(
  uid: number,
  title: string,
  p: { ms?: number; memoryKb?: number; full?: boolean; at?: number } = {},
) {
  const id = storeGraded(room.t, {
    problemId: problemId(room.t, title),
    userId: uid,
    ms: p.ms ?? 20,
    memoryKb: p.memoryKb ?? 9000,
    full: p.full ?? true,
    at: p.at,
  });
  await scoreCatalogSubmission(room.t.ctx, id);
  return id;
}

describe("points and achievements", () => {
  test("setup: a catalog and hobbyists", async () => {
    await importItems(room.admin, [
      item("Alpha"),
      item("Beta", { difficulty: "medium", points: 50 }),
      item("Gamma", { difficulty: "hard", points: 60 }),
    ]);
    await openRegistration(room.admin);
    for (const name of ["ann", "ben", "cat", "dan"]) await registerHobbyist(room.t, name);
    expect(countRows(room.t, "practice_problems")).toBe(3);
  });

  test("a failed try gives nothing; the first full solve gives the points once, and First Steps", async () => {
    const ann = userId(room.t, "ann");
    await solve(ann, "Alpha", { full: false });
    expect(countRows(room.t, "practice_solves")).toBe(0);
    expect(achievements(ann)).toEqual([]);
    await solve(ann, "Alpha");
    await solve(ann, "Alpha", { ms: 5 });
    const rows = room.t.ctx.sqlite
      .query<{ points: number }, [number]>("SELECT points FROM practice_solves WHERE user_id = ?")
      .all(ann);
    expect(rows).toEqual([{ points: 10 }]);
    expect(achievements(ann)).toEqual(["first-steps"]);
    const notes = room.t.ctx.sqlite
      .query<{ title: string }, [number]>(
        "SELECT title FROM notifications WHERE user_id = ? AND kind = 'achievement'",
      )
      .all(ann);
    expect(notes).toEqual([{ title: "Achievement unlocked: First Steps" }]);
  });

  test("Century at 100 points, Master when every catalog problem is solved", async () => {
    const ann = userId(room.t, "ann");
    await solve(ann, "Beta");
    expect(achievements(ann)).toEqual(["first-steps"]); // 60 points
    await solve(ann, "Gamma");
    expect(achievements(ann)).toEqual(["century", "first-steps", "master"]); // 120 points, all three
    await checkAchievements(room.t.ctx, ann);
    expect(countRows(room.t, "notifications")).toBe(3); // each unlock once
  });

  test("the profile lists them with dates and the points total; a toast shows once", async () => {
    const ann = await loginAs("ann");
    const html = await (await ann.get("/practice/profile")).text();
    expect(html).toContain("First Steps");
    expect(html).toContain("Century");
    expect(html).toContain("Unlocked");
    expect(html).toContain("120");
    expect(html).toContain("Achievement unlocked: Master"); // the toast, not shown live (not online)
    expect(await (await ann.get("/practice/profile")).text()).not.toContain("Achievement unlocked: Master");
  });

  test("Dedicated after seven days in a row (the test's clock moves a day at a time)", async () => {
    const ben = userId(room.t, "ben");
    const start = room.t.clock.now();
    for (let d = 0; d < 6; d++) {
      await solve(ben, "Alpha", { full: false, at: room.t.clock.now() });
      room.t.clock.advance(DAY);
    }
    await checkAchievements(room.t.ctx, ben);
    expect(achievements(ben)).not.toContain("dedicated");
    await solve(ben, "Alpha", { full: false, at: room.t.clock.now() });
    expect(achievements(ben)).toContain("dedicated");
    const home = await (await (await loginAs("ben")).get("/practice")).text();
    expect(home).toMatch(/id="practice-streak"[\s\S]*?<strong data-stat="true">7</);
    room.t.clock.ms = start;
  });

  test("a broken streak starts again at 1; the longest is kept", async () => {
    const cat = userId(room.t, "cat");
    const start = room.t.clock.now();
    for (const day of [0, 1, 2, 4]) await solve(cat, "Alpha", { full: false, at: start + day * DAY });
    room.t.clock.ms = start + 4 * DAY + 3_600_000;
    const html = await (await (await loginAs("cat")).get("/practice/profile")).text();
    expect(html).toMatch(/<strong data-stat="true">1<\/strong><small>day streak/);
    expect(html).toMatch(/<strong data-stat="true">3<\/strong><small>longest streak/);
    room.t.clock.ms = start + 6 * DAY;
    const later = await (await (await loginAs("cat")).get("/practice/profile")).text();
    expect(later).toMatch(/<strong data-stat="true">0<\/strong><small>day streak/);
    room.t.clock.ms = start;
  });

  test("the grading watcher gives points when the queue announces a grading", async () => {
    const dan = userId(room.t, "dan");
    const id = storeGraded(room.t, {
      problemId: problemId(room.t, "Beta"),
      userId: dan,
      ms: 30,
      memoryKb: 8000,
      full: true,
    });
    const scored = new Promise<void>((resolve) => {
      const off = room.t.ctx.events.on("practice:scored", (e) => {
        if (e.submissionId === id) {
          off();
          resolve();
        }
      });
    });
    room.t.ctx.events.emit("practice:graded", {
      submissionId: id,
      problemId: problemId(room.t, "Beta"),
      userId: dan,
    });
    await scored;
    expect(room.t.ctx.sqlite.query("SELECT points FROM practice_solves WHERE user_id = ?").get(dan)).toEqual({
      points: 50,
    });
  });
});

describe("ranking", () => {
  test("fastest accepted solution per person, then memory; failures are not ranked", async () => {
    const [ann, ben, cat, dan] = ["ann", "ben", "cat", "dan"].map((n) => userId(room.t, n)) as [
      number,
      number,
      number,
      number,
    ];
    await solve(ben, "Gamma", { ms: 40, memoryKb: 9000 });
    await solve(cat, "Gamma", { ms: 40, memoryKb: 7000 });
    await solve(dan, "Gamma", { ms: 1, memoryKb: 1000, full: false });
    // ann solved Gamma in 20 ms (above); ben's slower second try does not replace his best
    await solve(ben, "Gamma", { ms: 90, memoryKb: 9000 });
    const html = await (
      await (await loginAs("cat")).get(`/practice/problems/${problemId(room.t, "Gamma")}`)
    ).text();
    const ranking = html.slice(html.indexOf("Ranking of accepted solutions"));
    const rows = [
      ...ranking.matchAll(
        /<tr( class="me" aria-current="true")?><td>(\d+)<\/td><td>(.*?)<\/td><td class="num">(\d+) ms/g,
      ),
    ].map((m) => [m[2], m[3], m[4], Boolean(m[1])]);
    expect(rows.map((r) => r[2])).toEqual(["20", "40", "40"]);
    expect(rows[1]![3]).toBe(true); // cat (less memory than ben at 40 ms) is second, highlighted
    expect(rows[1]![1]).toContain("You");
    expect(ranking).toContain("Anonymous");
    expect(ranking).not.toContain("Hobbyist ann");
    void ann;
  });

  test("names appear only for people who opted in", async () => {
    const ann = await loginAs("ann");
    expect((await ann.post("/practice/profile/prefs", { showName: "on" })).status).toBe(303);
    const html = await (
      await (await loginAs("cat")).get(`/practice/problems/${problemId(room.t, "Gamma")}`)
    ).text();
    expect(html).toContain("Hobbyist ann");
    expect(html).not.toContain("Hobbyist ben");
  });
});

describe("a large ranking", () => {
  test("the top 20 and the viewer's own place, wherever it is", async () => {
    await importItems(room.admin, [item("Crowded")]);
    const pid = problemId(room.t, "Crowded");
    for (let i = 1; i <= 24; i++) {
      const uid = room.t.ctx.sqlite
        .query<{ id: number }, [string]>(
          "INSERT INTO users (username, display_name, password_hash, role, created_at) VALUES (?, 'Crowd', 'x', 'student', 0) RETURNING id",
        )
        .get(`crowd${i}`)!.id;
      storeGraded(room.t, { problemId: pid, userId: uid, ms: i * 10, memoryKb: 1000, full: true });
    }
    storeGraded(room.t, {
      problemId: pid,
      userId: userId(room.t, "dan"),
      ms: 999,
      memoryKb: 1000,
      full: true,
    });
    const html = await (await (await loginAs("dan")).get(`/practice/problems/${pid}`)).text();
    const ranking = html.slice(html.indexOf("Ranking of accepted solutions"), html.indexOf("Your code"));
    const ranks = [...ranking.matchAll(/<tr(?: class="me" aria-current="true")?><td>(\d+)<\/td>/g)].map((m) =>
      Number(m[1]),
    );
    expect(ranks).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), 25]);
    expect(html).toContain("25 people in all.");
  });
});

describe("opt-outs", () => {
  test("hidden points leave the catalog leaderboard and a task's leaderboard", async () => {
    const before = await (await (await loginAs("cat")).get("/practice")).text();
    expect(before).toContain("Hobbyist ann");
    const ann = await loginAs("ann");
    await ann.post("/practice/profile/prefs", { showName: "on", hidePoints: "on" });
    const after = await (await (await loginAs("cat")).get("/practice")).text();
    expect(after.slice(after.indexOf("Top learners"))).not.toContain("Hobbyist ann");
    // the task leaderboard of a section
    const task = await seedTask(room.t, room.section.id, { title: "Loops" });
    const p = await seedSumProblem(room.t, task.id);
    const { client: s1 } = await registerStudent(room.t, room.section.code, "hidden1");
    const { client: s2 } = await registerStudent(room.t, room.section.code, "shown1");
    for (const name of ["hidden1", "shown1"])
      storeGraded(room.t, { problemId: p.id, userId: userId(room.t, name), ms: 10, memoryKb: 1, full: true });
    await s1.post("/practice/profile/prefs", { hidePoints: "on" });
    const board = await (await s2.get(`/tasks/${task.id}/leaderboard`)).text();
    expect(board).toContain("Student shown1");
    expect(board).not.toContain("Student hidden1");
  });

  test("a section achievement unlocks when every problem of its task is solved; gamification off stops it", async () => {
    const task = await seedTask(room.t, room.section.id, { title: "Task three" });
    const p1 = await seedSumProblem(room.t, task.id);
    const p2 = await seedSumProblem(room.t, task.id, undefined, { title: "Second" });
    const add = await room.teacher.post(`/practice/sections/${room.section.id}/achievements`, {
      title: "Task three champion",
      taskId: String(task.id),
      icon: "star",
    });
    expect(add.status).toBe(303);
    const { client: stu } = await registerStudent(room.t, room.section.code, "eve");
    const eve = userId(room.t, "eve");
    storeGraded(room.t, { problemId: p1.id, userId: eve, ms: 5, memoryKb: 1, full: true });
    await checkAchievements(room.t.ctx, eve, room.section.id);
    expect(achievements(eve)).toEqual(["first-steps"]);
    storeGraded(room.t, { problemId: p2.id, userId: eve, ms: 5, memoryKb: 1, full: true });
    await checkAchievements(room.t.ctx, eve, room.section.id);
    expect(achievements(eve).some((c) => c.startsWith("section:"))).toBe(true);
    expect(await (await stu.get("/practice/profile")).text()).toContain("Task three champion");

    // Off: the section's scores give no points and its achievements do not unlock.
    const { client: other } = await registerStudent(room.t, room.section.code, "fay");
    const fay = userId(room.t, "fay");
    expect((await room.teacher.post(`/practice/sections/${room.section.id}/gamification`, {})).status).toBe(
      303,
    );
    for (const p of [p1, p2])
      storeGraded(room.t, { problemId: p.id, userId: fay, ms: 5, memoryKb: 1, full: true });
    await checkAchievements(room.t.ctx, fay, room.section.id);
    expect(achievements(fay)).toEqual([]);
    expect(await (await other.get("/practice/profile")).text()).toContain("0 practice, 0 classes");
    await room.teacher.post(`/practice/sections/${room.section.id}/gamification`, { on: "on" });
    expect(await (await other.get("/practice/profile")).text()).toContain("0 practice, 4 classes");
  });

  test("only the section's teachers manage its gamification", async () => {
    const { client } = await registerStudent(room.t, room.section.code, "gus");
    expect((await client.get(`/practice/sections/${room.section.id}`)).status).toBe(403);
    expect((await client.post(`/practice/sections/${room.section.id}/gamification`, {})).status).toBe(403);
    const hobby = await loginAs("ben");
    expect(
      (
        await hobby.post(`/practice/sections/${room.section.id}/achievements`, {
          title: "x",
          taskId: "1",
          icon: "star",
        })
      ).status,
    ).toBe(403);
    expect((await room.teacher.get(`/practice/sections/${room.section.id}`)).status).toBe(200);
    expect((await room.teacher.get("/practice/sections/99999")).status).toBe(404);
    const id = room.t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM practice_section_achievements")
      .get()!.id;
    expect(
      (await client.post(`/practice/sections/${room.section.id}/achievements/${id}/delete`)).status,
    ).toBe(403);
    expect(countRows(room.t, "practice_section_achievements")).toBe(1);
    const removed = await room.teacher.post(
      `/practice/sections/${room.section.id}/achievements/${id}/delete`,
    );
    expect(removed.status).toBe(303);
    expect(countRows(room.t, "practice_section_achievements")).toBe(0);
    expect(
      room.t.ctx.sqlite.query("SELECT 1 FROM practice_achievements WHERE code LIKE 'section:%'").get(),
    ).toBeNull();
  });
});

async function loginAs(username: string) {
  const { Client, login } = await import("../../helpers/client.ts");
  const c = new Client(room.t);
  await login(c, username);
  return c;
}
