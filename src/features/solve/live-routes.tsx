// Live student pages: a section's task list (a task whose start time arrives appears, a changed due
// time shows), a task's rules on its task and problem pages (the due time), and a task's leaderboard
// (new scores). Each stream runs the page's own access check when it opens and again before every
// update it sends, so a student who lost access (unenrolled, task hidden) gets nothing more.

import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../context.ts";
import type { Task } from "../../db/tables/problems.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { type LiveChannel, liveStream, toHtml } from "../../http/live.tsx";
import { sectionToView } from "../../http/section-access.ts";
import { taskToView } from "../../http/task-access.ts";
import { idParam, validated } from "../../http/validation.ts";
import { selectLeaderboard } from "../../models/leaderboard.ts";
import { selectTasks } from "../../models/task.ts";
import { StudentTaskList, TaskRules } from "../../ui/student-task.tsx";
import { nextLessonStart } from "../lessons/lessons.ts";
import { sectionLessonsCard } from "../lessons/section-lessons.tsx";
import { LeaderboardBoard } from "./views/leaderboard.tsx";

/** Runs an access check; false instead of its 403/404. */
const allowed = (check: () => Promise<unknown>) =>
  check().then(
    () => true,
    () => false,
  );

/** The viewer lost access since the stream opened: send nothing more and end it. */
function lostAccess(live: LiveChannel): null {
  live.close();
  return null;
}

/** The next start or due time after `now` among published tasks: when a task list changes by itself. */
function nextTime(tasks: Task[], now: number): number | null {
  const times = tasks
    .filter((t) => t.published === 1)
    .flatMap((t) => [t.starts_at, t.due_at])
    .filter((at): at is number => at !== null && at > now);
  return times.length > 0 ? Math.min(...times) : null;
}

/** The task as the task page sees it (the access code form shows there too), or null. */
function taskForPage(c: Context<AppEnv>, id: number) {
  return taskToView(c, id, { allowLocked: true }).then(
    (found) => found,
    () => null,
  );
}

/** Who may see the leaderboard: the page's own rule. */
async function boardToView(c: Context<AppEnv>, id: number) {
  const found = await taskToView(c, id);
  if (!found.teaches && !found.task.leaderboard)
    throw new HTTPException(404, { message: "This task has no leaderboard." });
  return found;
}

export const liveListRoutes = new Hono<AppEnv>()
  .get("/sections/:id/live", validated("param", idParam), async (c) => {
    const id = c.req.valid("param").id;
    const { teaches } = await sectionToView(c, id); // the same check as the section page
    const user = currentUser(c);
    if (teaches) return liveStream(c, user); // the teacher's page has no student task list
    const { db, clock, events } = c.var.ctx;
    return liveStream(c, user, async (live: LiveChannel) => {
      const list = async (): Promise<string | null> => {
        if (!(await allowed(() => sectionToView(c, id)))) return lostAccess(live);
        const all = await selectTasks(db, id);
        const now = clock.now();
        arm(all, now);
        return toHtml(<StudentTaskList tasks={await selectTasks(db, id, now, user.id)} now={now} oob />);
      };
      // The list changes by itself when a start or due time arrives ("past due" is a due time).
      const arm = (tasks: Task[], now: number) => {
        const next = nextTime(tasks, now);
        if (next !== null) live.at("tasks", next, list);
      };
      arm(await selectTasks(db, id), clock.now());
      // Lessons too: one that starts while the page is open appears without a reload.
      const lessons = async (): Promise<string | null> => {
        if (!(await allowed(() => sectionToView(c, id)))) return lostAccess(live);
        const now = clock.now();
        await armLessons(now);
        return toHtml(await sectionLessonsCard(db, id, { id: user.id, teaches: false }, now, true));
      };
      const armLessons = async (now: number) => {
        const next = await nextLessonStart(db, id, now);
        if (next !== null) live.at("lessons", next, lessons);
      };
      await armLessons(clock.now());
      return events.on("task:changed", (e) => {
        if (e.sectionId === id) live.coalesce("tasks", 100, list);
      });
    });
  })
  .get("/tasks/:id/live", validated("param", idParam), async (c) => {
    const id = c.req.valid("param").id;
    const found = await taskForPage(c, id); // the same check as the task and problem pages
    if (!found) throw new HTTPException(404, { message: "There is no such task, or you cannot see it." });
    const { clock, events } = c.var.ctx;
    return liveStream(c, currentUser(c), (live: LiveChannel) => {
      const rules = async (): Promise<string | null> => {
        const fresh = await taskForPage(c, id);
        if (!fresh) return lostAccess(live);
        arm(fresh.task);
        return toHtml(<TaskRules task={fresh.task} now={clock.now()} oob />);
      };
      const arm = (task: Task) => {
        if (task.due_at !== null && task.due_at > clock.now()) live.at("due", task.due_at, rules);
      };
      arm(found.task);
      return events.on("task:changed", (e) => {
        if (e.taskId === id) live.coalesce("rules", 100, rules);
      });
    });
  })
  .get("/tasks/:id/leaderboard/live", validated("param", idParam), async (c) => {
    const id = c.req.valid("param").id;
    const { teaches } = await boardToView(c, id); // the same check as the leaderboard page
    const user = currentUser(c);
    const { db, events } = c.var.ctx;
    return liveStream(c, user, (live: LiveChannel) =>
      events.on("submission:graded", (e) => {
        if (e.taskId !== id) return;
        // A regrade grades many at once: one board for the burst.
        live.coalesce("board", 300, async () => {
          if (!(await allowed(() => boardToView(c, id)))) return lostAccess(live);
          const rows = await selectLeaderboard(db, id);
          return toHtml(<LeaderboardBoard rows={rows} viewerId={user.id} teaches={teaches} oob />);
        });
      }),
    );
  });
