// Review 15: attacks that held, kept as tests. Four reveals of the same hint at once charge it once;
// the second hint posted twice at once is revealed once; video frames from look-alike hosts (a suffix,
// userinfo, a wildcard in the teacher's list) never survive the lesson sanitizer.
import { expect, test } from "bun:test";
import { parseHosts, renderLessonPage } from "../../../src/features/lessons/render.ts";
import { insertProblemRow, insertSubmission } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { registerStudent } from "../../helpers/client.ts";

const { t, teacher, section } = useClassroom({ perTest: true });

test("concurrent reveals charge each hint once", async () => {
  const { client: rita } = await registerStudent(t, section.code, "rita");
  const ritaId = t.ctx.sqlite
    .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'rita'")
    .get()!.id;
  const made = await teacher.post(`/manage/sections/${section.id}/tasks/new`, {
    title: "Loops",
    late_policy: "none",
    published: "on",
  });
  const taskId = Number(made.headers.get("location")!.split("/").pop());
  const problem = await insertProblemRow(t.ctx.db, taskId, "Sum", [{ name: "a", points: 3 }], t.clock.now());
  await teacher.post(`/manage/problems/${problem.id}/hints`, { body: "one", penalty: "1" });
  await teacher.post(`/manage/problems/${problem.id}/hints`, { body: "two", penalty: "1" });
  const [h1, h2] = t.ctx.sqlite
    .query<{ id: number }, []>("SELECT id FROM problem_hints ORDER BY position")
    .all()
    .map((h) => h.id);
  await insertSubmission(t.ctx.db, {
    problemId: problem.id,
    userId: ritaId,
    at: t.clock.now(),
    tests: [{ id: problem.testIds[0]!, points: 3, status: "pass" }],
  });
  const reveal = (id: number) => rita.post(`/problems/${problem.id}/hints/reveal`, { hint: String(id) });
  const first = await Promise.all([1, 2, 3, 4].map(() => reveal(h1!)));
  expect(first.map((r) => r.status)).toEqual([303, 303, 303, 303]);
  const second = await Promise.all([reveal(h2!), reveal(h2!)]);
  expect(second.map((r) => r.status)).toEqual([303, 303]);
  expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM hint_reveals").get()).toEqual({ n: 2 });
  const best = t.ctx.sqlite
    .query("SELECT best FROM grade_cells WHERE problem_id = ? AND user_id = ?")
    .get(problem.id, ritaId);
  expect(best).toEqual({ best: 1 });
});

test("look-alike video hosts are refused", () => {
  const hosts = ["www.youtube.com"];
  for (const src of [
    "https://www.youtube.com.evil.example/embed/x",
    "https://www.youtube.com@evil.example/embed/x",
    "https://www.youtube.com:443@evil.example/",
    "https:/\\evil.example/x",
    "http://www.youtube.com/embed/x",
    "//www.youtube.com/embed/x",
    " javascript:alert(1)",
  ]) {
    expect({ src, html: renderLessonPage(`<iframe src="${src}"></iframe>`, { hosts }) }).toEqual({
      src,
      html: "",
    });
  }
  const kept = renderLessonPage(
    '<iframe src="https://www.youtube.com/embed/x" srcdoc="<b>x</b>" allow="camera; microphone" sandbox="allow-top-navigation allow-popups" onload="x()" style="position:fixed"></iframe>',
    { hosts },
  );
  expect(kept).toContain('sandbox="allow-scripts allow-same-origin allow-presentation"');
  expect(kept).toContain('allow="autoplay; fullscreen"');
  for (const bad of ["srcdoc", "camera", "allow-top-navigation", "onload", "style"])
    expect(kept).not.toContain(bad);
  expect(parseHosts("*.youtube.com").bad).toBe("*.youtube.com");
  expect(parseHosts("https://www.youtube.com@evil.example").bad).not.toBeNull();
});
