// A problem's data files travel in the Markdown export and import (issue 18): uploaded through the
// editor, exported by the task and problem routes, imported into another task in the same transaction
// as the problem, byte for byte, and a second export is identical. A clone copies them too.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createTeacher } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, admin, teacher, section } = useClassroom({ teacher: "alice" });
let sourceTask: number;
let problemId: number;
let other: Client;

/** Every byte value, then a pattern: 900 KiB, over the old 1 MiB import limit once it is base64. */
const big = new Uint8Array(900 * 1024).map((_, i) => (i < 256 ? i : (i * 31 + (i >> 9)) % 256));
const small = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);

function upload(client: Client, name: string, bytes: Uint8Array<ArrayBuffer> | string) {
  const body = new FormData();
  body.set("file", new File([bytes], name));
  return client.request(`/manage/problems/${problemId}/data-files`, { method: "POST", body });
}

function importText(client: Client, taskId: number, text: string) {
  const body = new FormData();
  body.set("file", new File([text], "week.md", { type: "text/markdown" }));
  return client.request(`/manage/tasks/${taskId}/import`, { method: "POST", body });
}

const dataRows = (taskId: number) =>
  t.ctx.sqlite
    .query<{ title: string; name: string; content: Uint8Array }, [number]>(
      `SELECT p.title, d.name, d.content FROM problem_data_files d JOIN problems p ON p.id = d.problem_id
       WHERE p.task_id = ? ORDER BY p.position, d.name`,
    )
    .all(taskId);

const count = (table: string) =>
  t.ctx.sqlite.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n;

beforeAll(async () => {
  sourceTask = (await seedTask(t, section.id)).id;
  problemId = (await seedSumProblem(t, sourceTask)).id;
  other = await createTeacher(t, admin, "bob");
  for (const [name, bytes] of [
    ["numbers.csv", "a,b\n1,2\n"],
    ["logo.png", small],
    ["big.bin", big],
  ] as const)
    expect((await upload(teacher, name, bytes)).status).toBe(303);
});

describe("data files in the Markdown export and import", () => {
  test("task export -> import -> export: identical text, identical bytes", async () => {
    const exported = await teacher.get(`/manage/tasks/${sourceTask}/export.md`);
    expect(exported.status).toBe(200);
    const text = await exported.text();
    expect(text).toContain("## Data file: numbers.csv\n\n```text\na,b\n1,2\n\n```");
    expect(text).toContain("## Data file: logo.png\n\n```base64\niVBORw0KGgoA/w==\n```");
    expect(text.length).toBeGreaterThan(1024 * 1024);

    const target = (await seedTask(t, section.id, { title: "Copy" })).id;
    const res = await importText(teacher, target, text);
    expect(res.status).toBe(303);
    const copied = dataRows(target);
    expect(copied.map((r) => r.name)).toEqual(["big.bin", "logo.png", "numbers.csv"]);
    for (const [i, row] of dataRows(sourceTask).entries())
      expect(Buffer.from(copied[i]!.content).equals(Buffer.from(row.content))).toBe(true);
    expect(Buffer.from(copied[0]!.content).equals(Buffer.from(big))).toBe(true);
    expect(await (await teacher.get(`/manage/tasks/${target}/export.md`)).text()).toBe(text);
  });

  test("one problem's export carries its data files and imports by pasting", async () => {
    const one = await (await teacher.get(`/manage/problems/${problemId}/export.md`)).text();
    expect(one).toContain("## Data file: logo.png");
    const target = (await seedTask(t, section.id, { title: "Pasted" })).id;
    expect((await teacher.post(`/manage/tasks/${target}/import`, { text: one })).status).toBe(303);
    expect(dataRows(target).map((r) => [r.name, r.content.length])).toEqual([
      ["big.bin", big.length],
      ["logo.png", small.length],
      ["numbers.csv", 8],
    ]);
  });

  test("a bad data file refuses the whole import with its line; nothing is created", async () => {
    const text = await (await teacher.get(`/manage/problems/${problemId}/export.md`)).text();
    const broken = text.replace("## Data file: numbers.csv", "## Data file: ../numbers.csv");
    const target = (await seedTask(t, section.id, { title: "Refused" })).id;
    const before = [count("problems"), count("test_cases"), count("problem_data_files")];
    const res = await importText(teacher, target, broken);
    expect(res.status).toBe(422);
    const line = broken.split("\n").indexOf("## Data file: ../numbers.csv") + 1;
    expect(await res.text()).toContain(
      `Line ${line}</span> Data file: The file name &quot;../numbers.csv&quot;`,
    );
    expect([count("problems"), count("test_cases"), count("problem_data_files")]).toEqual(before);
  });

  test("an import over the limit is refused before it is read", async () => {
    const target = (await seedTask(t, section.id, { title: "Huge" })).id;
    const res = await importText(teacher, target, "x".repeat(4 * 1024 * 1024 + 100 * 1024));
    expect(res.status).toBe(413);
    expect(dataRows(target)).toEqual([]);
  });

  test("cloning the task copies its data files too", async () => {
    const res = await teacher.post(`/manage/tasks/${sourceTask}/clone`, { sectionId: String(section.id) });
    expect(res.status).toBe(303);
    const copy = Number(res.headers.get("location")!.split("/").pop());
    const copied = dataRows(copy);
    expect(copied.map((r) => r.name)).toEqual(["big.bin", "logo.png", "numbers.csv"]);
    expect(Buffer.from(copied[1]!.content).equals(Buffer.from(small))).toBe(true);
  });

  test("another teacher can neither export the data files nor import into the task", async () => {
    expect((await other.get(`/manage/tasks/${sourceTask}/export.md`)).status).toBe(404);
    expect((await other.get(`/manage/problems/${problemId}/export.md`)).status).toBe(404);
    const text = await (await teacher.get(`/manage/problems/${problemId}/export.md`)).text();
    const before = count("problem_data_files");
    expect((await importText(other, sourceTask, text)).status).toBe(404);
    expect(count("problem_data_files")).toBe(before);
  });
});
