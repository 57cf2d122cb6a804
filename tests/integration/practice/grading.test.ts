// A catalog problem graded for real: the durable grading queue runs the submission in the Docker
// sandbox, the live result says what it gave, the points come once, the ranking shows the run.
import { describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client } from "../../helpers/client.ts";
import { codeForm } from "../../helpers/forms.ts";
import { readSse } from "../../helpers/sse.ts";
import {
  importItems,
  item,
  openRegistration,
  problemId,
  registerHobbyist,
  SUM_SOLUTION,
  userId,
} from "./helpers.ts";

const room = useClassroom({ sandbox: { grading: true } });

async function graded(id: number) {
  for (let i = 0; i < 600; i++) {
    const row = room.t.ctx.sqlite
      .query<{ status: string }, [number]>("SELECT status FROM submissions WHERE id = ?")
      .get(id);
    if (row?.status === "graded" || row?.status === "error") return row.status;
    await Bun.sleep(100);
  }
  throw new Error("not graded in 60 s");
}

async function submit(c: Client, pid: number, code: string): Promise<number> {
  const res = await c.post(`/practice/problems/${pid}/submit`, codeForm(code));
  expect(res.status).toBe(303);
  return Number(res.headers.get("location")!.split("/").pop());
}

describe("a hobbyist solves a catalog problem", () => {
  let hanna: Client;
  let pid: number;

  test("setup", async () => {
    await importItems(room.admin, [item("Sum of two")]);
    await openRegistration(room.admin);
    hanna = await registerHobbyist(room.t, "hanna");
    pid = problemId(room.t, "Sum of two");
  });

  test("Run tests runs the visible test only and records nothing", async () => {
    const res = await hanna.post(`/practice/problems/${pid}/run-tests`, codeForm(SUM_SOLUTION));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Visible tests (not recorded)");
    expect(html).toContain("1/1 tests");
    expect(room.t.ctx.sqlite.query("SELECT count(*) AS n FROM submissions").get()).toEqual({ n: 0 });
  }, 60_000);

  test("a wrong submission is graded and gives nothing", async () => {
    const id = await submit(hanna, pid, "print(3)\n");
    expect(await graded(id)).toBe("graded");
    const page = await (await hanna.get(`/practice/submissions/${id}`)).text();
    expect(page).toContain("1/2 tests");
    expect(page).not.toContain("Solved!");
    expect(room.t.ctx.sqlite.query("SELECT count(*) AS n FROM practice_solves").get()).toEqual({ n: 0 });
  }, 60_000);

  test("the right one: the live result shows the points; they come once; First Steps unlocks", async () => {
    const id = await submit(hanna, pid, SUM_SOLUTION);
    const stream = readSse(await hanna.get(`/practice/submissions/${id}/events`));
    const text = await stream.until((t) => t.includes("event: done"), 60_000);
    await stream.close();
    expect(text).toContain("Solved! +10 points.");
    expect(text).toContain("2/2 tests");
    const again = await submit(hanna, pid, SUM_SOLUTION);
    expect(await graded(again)).toBe("graded");
    await Bun.sleep(300); // the watcher runs after the grading is written
    const me = userId(room.t, "hanna");
    expect(
      room.t.ctx.sqlite.query("SELECT points, submission_id FROM practice_solves WHERE user_id = ?").all(me),
    ).toEqual([{ points: 10, submission_id: id }]);
    const codes = room.t.ctx.sqlite
      .query<{ code: string }, [number]>("SELECT code FROM practice_achievements WHERE user_id = ?")
      .all(me);
    expect(codes.map((c) => c.code)).toContain("first-steps");
    const catalog = await (await hanna.get("/practice")).text();
    expect(catalog).toMatch(/id="practice-points"[\s\S]*?<strong data-stat="true">10</);
  }, 120_000);

  test("the ranking shows her run with its time and memory, highlighted as hers", async () => {
    const html = await (await hanna.get(`/practice/problems/${pid}`)).text();
    const ranking = html.slice(html.indexOf("Ranking of accepted solutions"));
    expect(ranking).toMatch(
      /<tr class="me" aria-current="true"><td>1<\/td><td><strong>You<\/strong><\/td><td class="num">\d+ ms<\/td><td class="num">[\d.]+ MB/,
    );
    expect(html).toContain("Your submissions (3)");
  });

  test("nobody else may open or listen to her submission", async () => {
    const id = Number(
      room.t.ctx.sqlite.query<{ id: number }, []>("SELECT max(id) AS id FROM submissions").get()!.id,
    );
    const other = await registerHobbyist(room.t, "otto");
    expect((await other.get(`/practice/submissions/${id}`)).status).toBe(404);
    expect((await other.get(`/practice/submissions/${id}/events`)).status).toBe(404);
    expect((await new Client(room.t).get(`/practice/submissions/${id}`)).status).toBe(303);
    expect((await room.teacher.get(`/practice/submissions/${id}`)).status).toBe(404);
  });
});
