// Data files (issue 18) against the real sandbox: a problem's files are in the working directory of every
// test, read-only for the program (text and binary); a test adds its own files and checks files the
// program writes (compared like stdout); no test sees what an earlier one wrote.
import { beforeAll, describe, expect, test } from "bun:test";
import type { NewTestCase, Problem, TestCase } from "../../../src/db/tables/problems.ts";
import { presentResult } from "../../../src/grading/present.ts";
import { runTests } from "../../../src/grading/service.ts";
import { selectTests } from "../../../src/models/problem.ts";
import { selectDataJobFiles, upsertDataFile } from "../../../src/models/problem-data-files.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, teacher, section } = useClassroom({ sandbox: { max: 2 } });
let problem: Problem;
let tests: TestCase[];

const BINARY = new Uint8Array([0, 1, 2, 255, 254, 10, 13, 0x89, 0x50, 0x4e, 0x47]);

beforeAll(async () => {
  const task = await seedTask(t, section.id);
  const spec: Partial<NewTestCase>[] = [
    { name: "reads data", input: "", expected: "3 lines\n11 bytes\n" },
    {
      name: "writes a file",
      input: "",
      expected: "",
      files: JSON.stringify([{ name: "input.txt", content: "4\n5\n" }]),
      expected_files: JSON.stringify([{ name: "out.txt", content: "9\n" }]),
    },
    { name: "sees nothing of the last test", input: "", expected: "clean\n" },
  ];
  problem = await seedSumProblem(t, task.id, spec);
  await upsertDataFile(t.ctx.db, problem.id, "data.txt", new TextEncoder().encode("a\nb\nc\n"), 1);
  await upsertDataFile(t.ctx.db, problem.id, "blob.bin", BINARY, 1);
  tests = await selectTests(t.ctx.db, problem.id);
});

/** Reads the data files; with the second test's input.txt, writes out.txt instead. */
const PROGRAM = `import os
if os.path.exists("input.txt"):
    a, b = map(int, open("input.txt").read().split())
    open("out.txt", "w").write(f"{a + b}\\n")
else:
    assert open("blob.bin", "rb").read() == bytes(${JSON.stringify(Array.from(BINARY))})
    print(len(open("data.txt").read().splitlines()), "lines")
    print(len(open("blob.bin", "rb").read()), "bytes")
`;

async function grade(main: string) {
  const dataFiles = await selectDataJobFiles(t.ctx.db, problem.id);
  return runTests(t.ctx.sandbox, problem, tests, [{ name: "main.py", content: main }], "main.py", {
    dataFiles,
  });
}

describe("data files", () => {
  test("a program reads text and binary data files and writes the file a test checks", async () => {
    const r = await grade(PROGRAM);
    expect(r.tests[0]!.status).toBe("pass");
    expect(r.tests[1]!.status).toBe("pass");
    expect(r.tests[1]!.written).toEqual({ "out.txt": "9\n" });
  });

  test("the third test sees neither the second test's file nor what its program wrote", async () => {
    const r = await grade(
      'import os\nprint("dirty" if os.path.exists("out.txt") or os.path.exists("input.txt") else "clean")\nopen("out.txt", "w").write("9\\n") if os.path.exists("input.txt") else None\n',
    );
    expect(r.tests[2]!.status).toBe("pass");
  });

  test("a wrong written file fails, and the student sees expected and written content", async () => {
    const r = await grade(
      'import os\nif os.path.exists("input.txt"):\n    open("out.txt", "w").write("10\\n")\n',
    );
    expect(r.tests[1]!.status).toBe("fail");
    const view = presentResult(r, tests, "student");
    expect(view.tests[1]!.files).toEqual([{ name: "out.txt", expected: "9\n", actual: "10\n" }]);
    const none = await grade("pass\n");
    expect(presentResult(none, tests, "student").tests[1]!.files![0]!.actual).toBeNull();
  });

  test("data files are read-only: writing, appending, chmod and replacing in place all fail", async () => {
    const attack = `import os
report = []
for how in ("w", "a", "r+"):
    try:
        open("data.txt", how).write("x")
        report.append(how)
    except OSError as e:
        report.append(f"{how}:{e.errno}")
try:
    os.chmod("data.txt", 0o666)
    report.append("chmod")
except OSError:
    report.append("chmod:no")
try:
    os.truncate("data.txt", 0)
    report.append("truncate")
except OSError:
    report.append("truncate:no")
print(" ".join(report))
print(open("data.txt").read().replace("\\n", ","))
`;
    const r = await grade(attack);
    const out = r.tests[0]!.actual;
    expect(out).toContain("w:13 a:13 r+:13 chmod:no truncate:no");
    expect(out).toContain("a,b,c,");
    // The next job in the same container starts clean and gets the data again.
    const again = await grade(attack);
    expect(again.tests[0]!.actual).toContain("a,b,c,");
  });
});

describe("a problem page's run", () => {
  test("gets the problem's data files; a student of another section gets 404", async () => {
    const { registerStudent, createSection } = await import("../../helpers/client.ts");
    const { readSse } = await import("../../helpers/sse.ts");
    const student = (await registerStudent(t, section.code, "reader")).client;
    const run = (c: typeof student) =>
      c.request("/playground/runs", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream, application/json" },
        body: JSON.stringify({
          files: [{ name: "main.py", content: "print(open('data.txt').read().split())\n" }],
          main: "main.py",
          problemId: problem.id,
        }),
      });
    const res = await run(student);
    expect(res.status).toBe(200);
    const stream = readSse(res);
    const text = await stream.until((s) => s.includes("event: exit"), 60_000);
    expect(text).toContain(JSON.stringify("['a', 'b', 'c']\n"));
    await stream.close();
    const elsewhere = await createSection(t, teacher, "Other class");
    const outsider = (await registerStudent(t, elsewhere.code, "outsider")).client;
    expect((await run(outsider)).status).toBe(404);
  }, 120_000);
});
