// Uploading and removing a problem's data files: only its section's teachers may (404 for everyone
// else), with clear messages for bad names and sizes, and the editor lists them.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, admin, teacher, section } = useClassroom({ teacher: "alice" });
let problemId: number;
let other: Client;
let student: Client;

beforeAll(async () => {
  const task = await seedTask(t, section.id);
  problemId = (await seedSumProblem(t, task.id)).id;
  other = await createTeacher(t, admin, "bob");
  student = (await registerStudent(t, section.code, "sam")).client;
});

function upload(client: Client, name: string, bytes: Uint8Array<ArrayBuffer> | string) {
  const body = new FormData();
  body.set("file", new File([bytes], name));
  return client.request(`/manage/problems/${problemId}/data-files`, { method: "POST", body });
}

const rows = () =>
  t.ctx.sqlite
    .query<{ name: string; size: number }, [number]>(
      "SELECT name, length(content) AS size FROM problem_data_files WHERE problem_id = ? ORDER BY name",
    )
    .all(problemId);

describe("data file routes", () => {
  test("a teacher uploads text and binary files, sees them in the editor, and removes one", async () => {
    expect((await upload(teacher, "words.txt", "a\nb\n")).status).toBe(303);
    expect((await upload(teacher, "image.bin", new Uint8Array([0, 255, 1]))).status).toBe(303);
    expect(rows()).toEqual([
      { name: "image.bin", size: 3 },
      { name: "words.txt", size: 4 },
    ]);
    const page = await (await teacher.get(`/manage/problems/${problemId}`)).text();
    expect(page).toContain("Data files (2)");
    expect(page).toContain("<code>words.txt</code>");
    const removed = await teacher.post(`/manage/problems/${problemId}/data-files/delete?name=image.bin`);
    expect(removed.status).toBe(303);
    expect(rows().map((r) => r.name)).toEqual(["words.txt"]);
  });

  test("bad names and oversized files are refused with a message, nothing changed", async () => {
    const before = rows();
    const bad = await upload(teacher, "../evil.txt", "x");
    expect(bad.status).toBe(303);
    const big = await upload(teacher, "big.bin", new Uint8Array(970 * 1024));
    expect(big.status).toBe(303);
    expect(rows()).toEqual(before);
    const page = await (await teacher.get(`/manage/problems/${problemId}`)).text();
    expect(page).toContain("is over 960 KiB");
  });

  test("other teachers, students and signed-out visitors cannot upload or remove", async () => {
    const before = rows();
    for (const client of [other, student, new Client(t)]) {
      const res = await upload(client, "x.txt", "x");
      expect([302, 303, 404]).toContain(res.status);
      if (res.status !== 404) expect(res.headers.get("location") ?? "").toContain("login");
      const del = await client.post(`/manage/problems/${problemId}/data-files/delete?name=words.txt`);
      expect([302, 303, 404]).toContain(del.status);
      if (del.status !== 404) expect(del.headers.get("location") ?? "").toContain("login");
    }
    expect(rows()).toEqual(before);
  });
});

describe("a test's own files in the test form", () => {
  test("the form saves an added file and an expected file, and shows them when editing", async () => {
    const res = await teacher.post(`/manage/problems/${problemId}/tests/new`, {
      name: "files",
      points: "1",
      kind: "io",
      input: "",
      expected: "",
      compare: "trim",
      tolerance: "",
      message: "",
      file_name: "input.txt",
      file_content: "4 5\n",
      expected_file_name: "out.txt",
      expected_file_content: "9\n",
    });
    expect(res.status).toBe(303);
    const row = t.ctx.sqlite
      .query<{ id: number; files: string; expected_files: string }, []>(
        "SELECT id, files, expected_files FROM test_cases WHERE name = 'files'",
      )
      .get()!;
    expect(JSON.parse(row.files)).toEqual([{ name: "input.txt", content: "4 5\n" }]);
    expect(JSON.parse(row.expected_files)).toEqual([{ name: "out.txt", content: "9\n" }]);
    const page = await (await teacher.get(`/manage/problems/${problemId}/tests/${row.id}`)).text();
    expect(page).toContain('value="out.txt"');
    const bad = await teacher.post(`/manage/problems/${problemId}/tests/new`, {
      name: "bad file",
      points: "1",
      input: "",
      expected: "",
      compare: "trim",
      tolerance: "",
      message: "",
      file_name: "../x",
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("A file the test adds");
  });
});
