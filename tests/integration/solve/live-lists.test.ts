// Live student pages over SSE: an open section page gets a task when its start time arrives and a
// due time when the teacher changes it; open task and problem pages get the new due time; an open
// leaderboard gets a new accepted submission (graded for real in the sandbox). Streams check access
// when they open and before every update.
import { afterAll, describe, expect, test } from "bun:test";
import type { Task } from "../../../src/db/tables/problems.ts";
import { formatDateTime } from "../../../src/lib/format.ts";
import { parseLocalInput, toLocalInput } from "../../../src/lib/local-time.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createSection, registerStudent } from "../../helpers/client.ts";
import { codeForm } from "../../helpers/forms.ts";
import { SUM_RIGHT, seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { patches, readSse, type SseReader } from "../../helpers/sse.ts";

let n = 0;
const open: SseReader[] = [];
// Registered before the classroom's, so it runs first: the streams end before the app closes.
afterAll(async () => {
  for (const s of open) await s.close();
});
const { t, teacher, section } = useClassroom({ sandbox: { max: 2, grading: true } });

async function student(): Promise<{ client: Client; id: number }> {
  const username = `live${++n}`;
  const { client } = await registerStudent(t, section.code, username);
  const row = t.ctx.sqlite
    .query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?")
    .get(username);
  return { client, id: row!.id };
}

/** Opens a live stream and waits until it is set up (the bell's first count arrives). */
async function listen(c: Client, path: string): Promise<SseReader> {
  const res = await c.get(path);
  expect(res.status).toBe(200);
  const live = readSse(res);
  open.push(live);
  await live.until((s) => s.includes('id="bell-count"'));
  return live;
}

const pings = (s: string) => s.split("event: ping").length - 1;

/** Waits for one more heartbeat (5 s): anything an event triggered 100-300 ms earlier has been sent by then. */
/** What arrived until the next heartbeat, or until the server ended the stream (access lost). */
async function afterHeartbeat(live: SseReader): Promise<string> {
  const before = pings(live.text());
  try {
    return await live.until((s) => pings(s) > before, 15_000);
  } catch (err) {
    if ((err as Error).message.startsWith("stream ended")) return live.text();
    throw err;
  }
}

/** The task form as the teacher's edit page fills it, with changes. */
function taskForm(task: Task, over: Record<string, string>): Record<string, string> {
  return {
    title: task.title,
    description: task.description,
    starts_at: toLocalInput(task.starts_at),
    due_at: toLocalInput(task.due_at),
    late_policy: "none",
    access_code: "",
    max_submissions: "",
    published: "on",
    leaderboard: task.leaderboard ? "on" : "",
    ...over,
  };
}

describe("a section's task list", () => {
  test("a task whose start time arrives appears on the open page", async () => {
    const { client } = await student();
    const later = await seedTask(t, section.id, { title: "Opens soon", starts_at: t.clock.now() + 500 });
    const page = await (await client.get(`/sections/${section.id}`)).text();
    expect(page).toContain(`sse-connect="/sections/${section.id}/live"`);
    expect(page).not.toContain("Opens soon");

    const live = await listen(client, `/sections/${section.id}/live`);
    t.clock.advance(1000); // the start time passes
    const text = await live.until((s) => patches(s).includes("Opens soon"));
    expect(patches(text)).toContain('id="task-list"');
    expect(patches(text)).toContain(`href="/tasks/${later.id}"`);
  });

  test("a changed due time reaches the open section page", async () => {
    const { client } = await student();
    const task = await seedTask(t, section.id, { title: "Loops", due_at: t.clock.now() + 86_400_000 });
    const live = await listen(client, `/sections/${section.id}/live`);
    const due = "2026-09-20T17:30";
    const res = await teacher.post(`/manage/tasks/${task.id}`, taskForm(task, { due_at: due }));
    expect(res.status).toBe(303);
    const text = await live.until((s) => patches(s).includes(`due ${formatDateTime(parseLocalInput(due)!)}`));
    expect(patches(text)).toContain("Loops");
  });

  test("a student of another section cannot listen; one removed while listening gets nothing more", async () => {
    const other = await createSection(t, teacher, "Other class");
    const outsider = (await registerStudent(t, other.code, `outsider${++n}`)).client;
    expect((await outsider.get(`/sections/${section.id}/live`)).status).toBe(404);

    const stays = await student();
    const leaves = await student();
    const task = await seedTask(t, section.id, { title: "Secret plans" });
    const staysLive = await listen(stays.client, `/sections/${section.id}/live`);
    const leavesLive = await listen(leaves.client, `/sections/${section.id}/live`);
    expect((await teacher.post(`/sections/${section.id}/students/${leaves.id}/remove`)).status).toBe(303);

    await teacher.post(`/manage/tasks/${task.id}`, taskForm(task, { title: "Secret plans, renamed" }));
    await staysLive.until((s) => patches(s).includes("Secret plans, renamed"));
    expect(patches(await afterHeartbeat(leavesLive))).not.toContain("Secret plans");
    // Their stream is ended, not left open until its lifetime (the reconnect is refused like the page).
    await expect(leavesLive.until(() => false, 3000)).rejects.toThrow("stream ended");
    expect((await leaves.client.get(`/sections/${section.id}/live`)).status).toBe(404);
  }, 30_000);
});

describe("a task's rules", () => {
  test("open task and problem pages get the new due time", async () => {
    const { client } = await student();
    const task = await seedTask(t, section.id, { title: "Functions", due_at: t.clock.now() + 86_400_000 });
    const problem = await seedSumProblem(t, task.id);
    for (const path of [`/tasks/${task.id}`, `/problems/${problem.id}`]) {
      const page = await (await client.get(path)).text();
      expect(page).toContain(`sse-connect="/tasks/${task.id}/live"`);
      expect(page).toContain('id="task-rules"');
    }
    const live = await listen(client, `/tasks/${task.id}/live`);
    const due = "2026-10-02T08:15";
    await teacher.post(`/manage/tasks/${task.id}`, taskForm(task, { due_at: due }));
    const text = await live.until((s) => patches(s).includes(formatDateTime(parseLocalInput(due)!)));
    expect(patches(text)).toContain('id="task-rules"');
    expect(patches(text)).toContain('hx-swap-oob="true"');
  });

  test("the due time arriving marks the open page past due", async () => {
    const { client } = await student();
    const task = await seedTask(t, section.id, { title: "Almost due", due_at: t.clock.now() + 500 });
    const live = await listen(client, `/tasks/${task.id}/live`);
    expect(patches(live.text())).not.toContain("past due");
    t.clock.advance(1000);
    await live.until((s) => patches(s).includes("past due"));
  });

  test("an unpublished task or one of another section cannot be listened to", async () => {
    const { client } = await student();
    const hidden = await seedTask(t, section.id, { published: 0 });
    expect((await client.get(`/tasks/${hidden.id}/live`)).status).toBe(404);
    const other = await createSection(t, teacher, "Third class");
    const elsewhere = await seedTask(t, other.id);
    expect((await client.get(`/tasks/${elsewhere.id}/live`)).status).toBe(404);
  });
});

describe("a leaderboard", () => {
  test("a new accepted submission updates the open board; a hidden board sends nothing", async () => {
    const task = await seedTask(t, section.id, { title: "Race", leaderboard: 1 });
    const problem = await seedSumProblem(t, task.id);
    const watcher = await student();
    const solver = await student();
    const page = await (await watcher.client.get(`/tasks/${task.id}/leaderboard`)).text();
    expect(page).toContain(`sse-connect="/tasks/${task.id}/leaderboard/live"`);
    expect(page).toContain("No scores yet");
    const live = await listen(watcher.client, `/tasks/${task.id}/leaderboard/live`);
    const teacherLive = await listen(teacher, `/tasks/${task.id}/leaderboard/live`);

    const res = await solver.client.post(`/problems/${problem.id}/submit`, codeForm(SUM_RIGHT));
    expect(res.status).toBe(303);
    const text = await live.until((s) => patches(s).includes('id="leaderboard"'), 60_000);
    expect(patches(text)).toContain("Student 1"); // someone else's name stays hidden from students
    expect(patches(text)).not.toContain(`Student live${n}`);
    expect(patches(text)).toContain(">3<"); // 1 + 2 points
    await teacherLive.until((s) => patches(s).includes(`Student live${n}`), 60_000);

    // The teacher hides the board: the open student stream sends no more boards.
    expect((await teacher.post(`/manage/tasks/${task.id}/leaderboard`)).status).toBe(303);
    const boards = patches(live.text()).split('id="leaderboard"').length;
    await watcher.client.post(`/problems/${problem.id}/submit`, codeForm(SUM_RIGHT));
    await teacherLive.until((s) => patches(s).includes(`Student live${n - 1}`), 60_000);
    expect(patches(await afterHeartbeat(live)).split('id="leaderboard"').length).toBe(boards);
    expect((await watcher.client.get(`/tasks/${task.id}/leaderboard/live`)).status).toBe(404);
  }, 120_000);
});
