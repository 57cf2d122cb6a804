// Running a lesson's snippet in the real sandbox: the code the student has in the editor runs, the
// output streams live, input() waits for what the student types, and nobody else can read or steer
// the run, not even through another lesson's address.
import { expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";
import { readSse } from "../../helpers/sse.ts";

const { t, teacher, section } = useClassroom({ sandbox: { max: 2 } });

const json = (c: Client, method: string, path: string, body?: unknown) =>
  c.request(path, {
    method,
    headers: { "content-type": "application/json", accept: "text/event-stream, application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

test("a snippet runs with live output and interactive input; the run is the student's alone", async () => {
  const res = await teacher.post(`/sections/${section.id}/lessons/import`, {
    op: "create",
    markdown: '# Greet\n\n### Hello\n\n```python\nname = input("Name? ")\nprint("Hi", name)\n```\n',
  });
  const lessonId = Number(res.headers.get("location")!.match(/\/lessons\/(\d+)/)![1]);
  await teacher.post(`/lessons/${lessonId}`, { title: "Greet", published: "on", completion: "manual" });
  const snippetId = t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM lesson_snippets").get()!.id;
  const { client: ann } = await registerStudent(t, section.code, "ann");
  const { client: bob } = await registerStudent(t, section.code, "bob");

  // The student's edited code is what runs.
  const code = 'name = input("Name? ")\nprint("Hello,", name.upper())';
  const run = await json(ann, "POST", `/lessons/${lessonId}/snippets/${snippetId}/runs`, { code });
  expect(run.status).toBe(200);
  expect(run.headers.get("content-type")).toContain("text/event-stream");
  const runId = run.headers.get("x-run-id")!;
  const stream = readSse(run);
  await stream.until((s) => s.includes("Name? "), 60_000);

  // Another student cannot steer or read it, nor can anyone through another lesson's address.
  const base = `/lessons/${lessonId}/snippets/${snippetId}/runs/${runId}`;
  expect((await json(bob, "POST", `${base}/stdin`, { text: "evil\n" })).status).toBe(404);
  expect((await json(bob, "POST", `${base}/stop`)).status).toBe(404);
  expect((await bob.get(`${base}/events`)).status).toBe(404);
  expect((await json(ann, "POST", `${base}/stdin`, { text: "ada\n" })).status).toBe(204);
  const text = await stream.until((s) => s.includes("event: exit"), 30_000);
  expect(text).toContain("Hello, ADA");
  expect(text).toContain('"exitCode":0');
  await stream.close();
});
