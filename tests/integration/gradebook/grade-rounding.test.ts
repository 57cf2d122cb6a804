// Averages are rounded once, when they are printed: averaging grades that were already rounded to two
// decimals is off by a rounding step (2/3 and 3/3 average 83.33%, not 83.34%).
import { beforeAll, expect, test } from "bun:test";
import {
  DAY,
  enroll,
  insertProblemRow,
  insertStudent,
  insertSubmission,
  insertTaskRow,
  loginAs,
} from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher } from "../../helpers/client.ts";

const { t, admin, teacher: alice } = useClassroom({ teacher: "alice", section: false });
let bob: Client;
let sectionA: number;

/** A section with one 3-point problem (tests worth 1 and 2) and students with the given scores. */
async function sectionWith(teacher: Client, name: string, scores: Record<string, number[]>) {
  const db = t.ctx.db;
  const now = t.clock.now();
  const { id } = await createSection(t, teacher, name);
  const task = await insertTaskRow(db, id, "Week 1", now - DAY);
  const p = await insertProblemRow(
    db,
    task,
    "Sum",
    [
      { name: "a", points: 1 },
      { name: "b", points: 2 },
    ],
    now,
  );
  const [a, b] = p.testIds as [number, number];
  for (const [username, tries] of Object.entries(scores)) {
    const user = await insertStudent(db, username, now - DAY);
    await enroll(db, id, user, now - DAY);
    for (const [i, score] of tries.entries()) {
      const outcome = (test: number, points: number, pass: boolean) =>
        ({ id: test, points, status: pass ? "pass" : "fail" }) as const;
      await insertSubmission(db, {
        problemId: p.id,
        userId: user,
        at: now - 3_600_000 + i * 60_000,
        tests: [outcome(a, 1, score === 1 || score === 3), outcome(b, 2, score >= 2)],
      });
    }
  }
  return id;
}

beforeAll(async () => {
  bob = await createTeacher(t, admin, "bob");
  sectionA = await sectionWith(alice, "Python A", { xavier: [2], yara: [3] });
  await sectionWith(alice, "Python D", { quinn: [2, 3] }); // two tries: 66.67% then 100%
  await sectionWith(bob, "Python B", { zoe: [2] });
  await sectionWith(bob, "Python C", { walt: [3] });
});

test("the class average of 66.67% and 100% is 83.33%", async () => {
  const gradebook = await (await alice.get(`/sections/${sectionA}/gradebook`)).text();
  expect(gradebook).toContain("class average 83.33%");
  const dashboard = await (await alice.get(`/sections/${sectionA}/dashboard`)).text();
  expect(dashboard).toContain("83.33%");
  expect(dashboard).not.toContain("83.34%");
});

test("the average over a teacher's sections is taken from their exact averages", async () => {
  const home = await (await bob.get("/")).text();
  expect(home).toMatch(/83\.33%/);
  expect(home).not.toContain("83.34%");
});

test("a student's score trend averages exact percentages", async () => {
  const quinn = await loginAs(new Client(t), "quinn");
  const home = await (await quinn.get("/")).text();
  expect(home).toContain("average 83.33%, latest 100%");
  // The chart and its table still show two decimals.
  expect(home).toContain("&quot;values&quot;:[66.67,100]");
});
