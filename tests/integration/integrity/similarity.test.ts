// Similarity through the engine and the routes: copies (renamed variables, reordered functions,
// changed comments, added dead code) rank above independent solutions, the starter code is excluded,
// runs go in the background with a live progress stream, results are reused until submissions change,
// the side-by-side view marks matching fragments, earlier terms' copies can be included, and every
// page and stream is for the section's teachers only.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Problem, Task } from "../../../src/db/tables/problems.ts";
import { compareDocuments } from "../../../src/features/integrity/similarity/compare.ts";
import { matchingFragments } from "../../../src/features/integrity/similarity/fragments.ts";
import { runsSettled } from "../../../src/features/integrity/similarity/runs.ts";
import { submit } from "../../../src/features/solve/submit.ts";
import { cloneTask } from "../../../src/features/tasks/task-clone.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { readSse } from "../../helpers/sse.ts";

const STARTER = "values = [int(x) for x in input().split()]\n";

const ORIGINAL = `${STARTER}
def average(numbers):
    total = 0
    for n in numbers:
        total += n
    return total / len(numbers)


def largest(numbers):
    best = numbers[0]
    for n in numbers:
        if n > best:
            best = n
    return best


print(average(values), largest(values))
`;

/** Renamed variables and functions' order swapped, comments changed, dead code added. */
const DISGUISED = `${STARTER}
# find the biggest one
def largest(xs):
    m = xs[0]
    for v in xs:
        if v > m:
            m = v
    return m

def average(xs):
    # add them all up
    s = 0
    for v in xs:
        s += v
    unused = 42
    if False:
        print("never")
    return s / len(xs)

print(average(values), largest(values))
`;

const RENAMED_ONLY = ORIGINAL.replaceAll("numbers", "lst")
  .replaceAll("total", "acc")
  .replaceAll("best", "top");

const INDEPENDENT = `${STARTER}print(sum(values) / len(values), max(values))
`;

const INDEPENDENT_2 = `${STARTER}
import statistics
ordered = sorted(values)
mean = statistics.mean(ordered)
while len(ordered) > 1:
    ordered.pop(0)
print(mean, ordered[0])
`;

describe("the comparison itself", () => {
  test("copies rank above independent solutions on every metric that should see through disguises", async () => {
    const docs = [ORIGINAL, DISGUISED, RENAMED_ONLY, INDEPENDENT, INDEPENDENT_2].map((text, id) => ({
      id,
      text,
    }));
    const pairs = await compareDocuments(docs, { starter: STARTER });
    expect(pairs).toHaveLength(10);
    const get = (a: number, b: number) => pairs.find((p) => p.a === a && p.b === b)!;
    // Only renamed: identical after normalisation.
    expect(get(0, 2).similarity).toBeGreaterThan(0.95);
    expect(get(0, 2).jaccard).toBeGreaterThan(0.95);
    expect(get(0, 2).structure).toBeGreaterThan(0.95);
    expect(get(0, 2).text).toBeLessThan(0.9); // the plain text does see the renames
    // Reordered, recommented, with dead code: still clearly a copy.
    const disguised = get(0, 1);
    expect(disguised.similarity).toBeGreaterThan(0.6);
    expect(disguised.structure).toBeGreaterThan(0.7);
    const independent = pairs.filter((p) => p.a >= 3 || p.b >= 3);
    for (const p of independent) {
      expect(p.similarity).toBeLessThan(0.2);
      expect(p.similarity).toBeLessThan(disguised.similarity);
      expect(p.jaccard).toBeLessThan(disguised.jaccard);
    }
  });

  test("starter code is excluded: two students who only kept the starter share nothing", async () => {
    const bigStarter = ORIGINAL; // the teacher handed out the whole program
    const a = `${ORIGINAL}\nprint("done")\n`;
    const b = `${ORIGINAL}\nfor i in range(3):\n    print(i * i)\n`;
    const [withStarter] = await compareDocuments(
      [
        { id: 1, text: a },
        { id: 2, text: b },
      ],
      { starter: bigStarter },
    );
    const [without] = await compareDocuments([
      { id: 1, text: a },
      { id: 2, text: b },
    ]);
    expect(without!.similarity).toBeGreaterThan(0.8);
    expect(withStarter!.similarity).toBeLessThan(0.2);
    expect(withStarter!.jaccard).toBeLessThan(without!.jaccard / 2);
    // Nor does the side-by-side view mark the starter part as a match.
    const marks = matchingFragments(a, b, bigStarter);
    expect(marks.left).toHaveLength(0);
  });

  test("the side-by-side fragments pair up: the same match number on both sides, over the copied code", () => {
    const marks = matchingFragments(ORIGINAL, RENAMED_ONLY, STARTER);
    expect(marks.left.length).toBeGreaterThan(0);
    expect(marks.left.map((m) => m.match)).toEqual(marks.right.map((m) => m.match));
    const covered = marks.left.reduce((n, m) => n + (m.to - m.from), 0);
    expect(covered).toBeGreaterThan((ORIGINAL.length - STARTER.length) * 0.7);
  });
});

describe("similarity pages", () => {
  const { t, admin, teacher, section } = useClassroom();
  let task: Task;
  let problem: Problem;
  let alice: Client;
  let otherTeacher: Client;
  let outsider: Client;
  const names = ["ann", "ben", "cat", "dan", "eve"];
  const code = [ORIGINAL, DISGUISED, RENAMED_ONLY, INDEPENDENT, INDEPENDENT_2];

  const user = (username: string) =>
    t.ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();
  const submitAs = async (username: string, content: string, p = problem, tk = task) => {
    const r = await submit(t.ctx, {
      user: await user(username),
      task: tk,
      problem: p,
      files: [{ name: "main.py", content }],
      mainFile: "main.py",
    });
    if (!r.ok) throw new Error(r.message);
    return r.submission;
  };
  const page = (query = "") => `/manage/integrity/problems/${problem.id}/similarity${query}`;

  beforeAll(async () => {
    for (const n of names) await registerStudent(t, section.code, n);
    alice = (await registerStudent(t, section.code, "alice")).client;
    otherTeacher = await createTeacher(t, admin, "olga");
    outsider = (await registerStudent(t, (await createSection(t, otherTeacher, "Other")).code, "oscar"))
      .client;
    task = await seedTask(t, section.id, { title: "Statistics" });
    problem = await seedSumProblem(t, task.id, [], {
      title: "Average and largest",
      starter_files: JSON.stringify([{ name: "main.py", content: STARTER }]),
    });
    for (const [i, n] of names.entries()) await submitAs(n, code[i]!);
  });

  test("before any run the page offers to check; a run goes in the background and is then shown", async () => {
    const empty = await (await teacher.get(page())).text();
    expect(empty).toContain("Nothing compared yet.");
    const start = await teacher.post(page(), {});
    expect(start.status).toBe(303);
    await runsSettled(t.ctx);
    const html = await (await teacher.get(page("?min=50"))).text();
    expect(html).toContain("Compared 5 submissions (10 pairs)");
    expect(html).toContain('Student ann <span class="muted">and</span> Student cat');
    expect(html).toContain('Student ann <span class="muted">and</span> Student ben');
    expect(html).not.toContain('Student dan <span class="muted">and</span> Student eve');
    // Clusters: ann, ben and cat share code.
    expect(html).toMatch(/3 submissions, up to 1\d\d%|3 submissions, up to 9\d%/);
    // The risk scores of the compared submissions now include the similarity.
    const risk = t.ctx.sqlite
      .query<{ contributions: string }, []>(
        "SELECT contributions FROM integrity_risk r JOIN submissions s ON s.id = r.submission_id JOIN users u ON u.id = s.user_id WHERE u.username = 'cat'",
      )
      .get()!;
    expect(risk.contributions).toContain("similar to Student ann");
  });

  test("the threshold filters the pairs; bad thresholds are refused", async () => {
    const all = await (await teacher.get(page("?min=0"))).text();
    expect(all).toContain("Pairs (10)");
    const high = await (await teacher.get(page("?min=95"))).text();
    expect(high).toContain("Pairs (1)");
    expect((await teacher.get(page("?min=150"))).status).toBe(400);
    expect((await teacher.get(page("?min=abc"))).status).toBe(400);
  });

  test("results are reused until submissions change", async () => {
    const runs = () =>
      t.ctx.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM similarity_runs").get()!.n;
    const before = runs();
    const again = await teacher.post(page(), {});
    expect(again.status).toBe(303);
    expect(runs()).toBe(before); // nothing changed: the stored run is the answer
    await submitAs("eve", DISGUISED.replace("unused = 42", "unused = 43"));
    expect(await (await teacher.get(page())).text()).toContain("Submissions changed since this comparison");
    await teacher.post(page(), {});
    expect(runs()).toBe(before + 1);
    await runsSettled(t.ctx);
    const html = await (await teacher.get(page("?min=50"))).text();
    expect(html).toContain('Student ben <span class="muted">and</span> Student eve');
  });

  test("the progress stream reports the run and ends when it is done", async () => {
    const id = t.ctx.sqlite.query<{ id: number }, []>("SELECT max(id) AS id FROM similarity_runs").get()!.id;
    const res = await teacher.get(`/manage/integrity/runs/${id}/events`);
    expect(res.status).toBe(200);
    const stream = readSse(res);
    const text = await stream.until((s) => s.includes("event: done"));
    expect(text).toContain("event: progress");
    expect(text).toContain("Compared 5 submissions");
    await stream.close();
  });

  test("the task page compares every problem of the task", async () => {
    await teacher.post(`/manage/integrity/tasks/${task.id}/similarity`, {});
    await runsSettled(t.ctx);
    const html = await (await teacher.get(`/manage/integrity/tasks/${task.id}/similarity?min=50`)).text();
    expect(html).toContain("Similarity · Statistics");
    expect(html).toContain("Average and largest"); // the problem column of a task's pairs
  });

  test("the side-by-side view shows both submissions with paired marks and the figures", async () => {
    const id = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT max(id) AS id FROM similarity_runs WHERE scope = 'problem'")
      .get()!.id;
    const pair = t.ctx.sqlite
      .query<{ a: number; b: number }, [number]>(
        "SELECT a_submission_id AS a, b_submission_id AS b FROM similarity_pairs WHERE run_id = ? ORDER BY similarity DESC LIMIT 1",
      )
      .get(id)!;
    const res = await teacher.get(`/manage/integrity/runs/${id}/pairs/${pair.a}/${pair.b}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Token Jaccard");
    expect(html).toContain("Structure");
    expect(html).toContain('class="sim-m0"');
    expect(html).toContain('id="sim-data"');
    // A pair that was not compared in this run does not exist.
    expect((await teacher.get(`/manage/integrity/runs/${id}/pairs/${pair.a}/999999`)).status).toBe(404);
  });

  test("students, other teachers and signed-out users reach no page and no stream", async () => {
    const id = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT max(id) AS id FROM similarity_runs WHERE scope = 'problem'")
      .get()!.id;
    const pair = t.ctx.sqlite
      .query<{ a: number; b: number }, [number]>(
        "SELECT a_submission_id AS a, b_submission_id AS b FROM similarity_pairs WHERE run_id = ? LIMIT 1",
      )
      .get(id)!;
    const gets = [
      page(),
      `/manage/integrity/tasks/${task.id}/similarity`,
      `/manage/integrity/runs/${id}/events`,
      `/manage/integrity/runs/${id}/pairs/${pair.a}/${pair.b}`,
    ];
    const posts = [page(), `/manage/integrity/tasks/${task.id}/similarity`];
    for (const who of [alice, outsider]) {
      for (const path of gets) expect([403, 404]).toContain((await who.get(path)).status);
      for (const path of posts) expect([403, 404]).toContain((await who.post(path, {})).status);
    }
    for (const path of gets) expect((await otherTeacher.get(path)).status).toBe(404);
    for (const path of posts) expect((await otherTeacher.post(path, {})).status).toBe(404);
    const anon = new Client(t);
    for (const path of gets) expect((await anon.get(path)).headers.get("location")).toStartWith("/login");
  });

  test("earlier terms' copies of a cloned problem can be compared too", async () => {
    // Last term's class: the same task in another section of this teacher, with its own submission.
    const lastTerm = await createSection(t, teacher, "Last term");
    const oldTask = await cloneTask(t.ctx.db, task, lastTerm.id, t.clock.now());
    await t.ctx.db.updateTable("tasks").set({ published: 1 }).where("id", "=", oldTask.id).execute();
    const oldProblem = await t.ctx.db
      .selectFrom("problems")
      .selectAll()
      .where("task_id", "=", oldTask.id)
      .executeTakeFirstOrThrow();
    // The old copy must be the earlier one.
    await t.ctx.db
      .updateTable("problems")
      .set({ created_at: problem.created_at - 1000 })
      .where("id", "=", oldProblem.id)
      .execute();
    await registerStudent(t, lastTerm.code, "zoe");
    await submitAs(
      "zoe",
      RENAMED_ONLY,
      { ...oldProblem, created_at: problem.created_at - 1000 },
      { ...oldTask, published: 1 },
    );
    await teacher.post(page(), { history: "1" });
    await runsSettled(t.ctx);
    const html = await (await teacher.get(page("?history=1&min=90"))).text();
    expect(html).toContain("Student zoe");
    expect(html).toContain("earlier term");
    // Without the option, last term stays out.
    expect(await (await teacher.get(page("?min=90"))).text()).not.toContain("Student zoe");
  });
});
