// Managing practice: the catalog's JSON import and export and each problem's difficulty, points,
// tags and visibility (teachers their own problems, admins all); the admin's settings (public
// registration, point ranges) and analytics per problem; a section's gamification switch and its
// achievements (the section's teachers).
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser, requireRole } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { checkbox, formValidator, idParam, line, validated } from "../../http/validation.ts";
import { selectTasks } from "../../models/task.ts";
import { saveVisibility, selectVisibility } from "../community/discussion/discussion-model.ts";
import { entryToManage } from "./access.ts";
import {
  deleteSectionAchievement,
  insertSectionAchievement,
  SECTION_ICONS,
  selectSectionAchievements,
} from "./achievements.ts";
import { problemAnalytics } from "./analytics.ts";
import { deleteCatalogProblem, selectCatalog, updateCatalogMeta } from "./catalog.ts";
import { exportCatalogJson, type ImportReport, importCatalog } from "./import-export.ts";
import {
  DIFFICULTIES,
  gamificationOn,
  isRegistrationOpen,
  pointRanges,
  pointsProblem,
  setGamification,
  setPointRanges,
  setRegistrationOpen,
} from "./settings.ts";
import { serverTimeZone } from "./streaks.ts";
import { AdminPage, AnalyticsPage } from "./views/admin.tsx";
import { EditPage, ManagePage } from "./views/manage.tsx";
import { SectionGamePage } from "./views/section.tsx";

const MAX_IMPORT_CHARS = 900_000; // under the app's 1 MiB body limit

const metaForm = z.object({
  difficulty: z.enum(DIFFICULTIES, { error: "Choose easy, medium or hard." }),
  points: z.coerce.number({ error: "Points must be a number." }).int("Points must be a whole number."),
  tags: z.string().max(400).optional().default(""),
  published: checkbox,
  discussion: z.enum(["always", "after_solved"], { error: "Choose who sees the discussion." }).optional(),
});

const splitTags = (text: string) =>
  text
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)
    .slice(0, 20);

const range = z.coerce.number().int().min(0).max(10_000);
const settingsForm = z.object({
  registration: checkbox,
  easyMin: range,
  easyMax: range,
  mediumMin: range,
  mediumMax: range,
  hardMin: range,
  hardMax: range,
});

const achievementForm = z.object({
  title: line("Title", 80),
  taskId: z.coerce.number().int().positive({ error: "Choose a task." }),
  icon: z.enum(SECTION_ICONS as [string, ...string[]], { error: "Choose an icon." }),
});

async function managePage(c: Context<AppEnv>, report?: ImportReport, source = "") {
  const user = currentUser(c, "teacher", "admin");
  const rows = await selectCatalog(c.var.ctx.db, user.id, {
    q: "",
    difficulty: "",
    tag: "",
    solved: "",
    includeHidden: true,
  });
  return c.render(
    <ManagePage rows={rows} report={report} source={source} ranges={await pointRanges(c.var.ctx.db)} />,
    {
      title: "Manage the practice catalog",
    },
  );
}

const catalogRoutes = new Hono<AppEnv>()
  .get("/manage", (c) => managePage(c))
  .post("/import", async (c) => {
    const user = currentUser(c, "teacher", "admin");
    const body = await c.req.parseBody();
    const file = body.file;
    const source =
      file instanceof File && file.size > 0
        ? await file.text()
        : typeof body.json === "string"
          ? body.json
          : "";
    if (source.trim() === "") {
      c.status(422);
      return managePage(c, {
        ok: false,
        errors: ["Choose a JSON file or paste its contents."],
        outcomes: [],
      });
    }
    if (source.length > MAX_IMPORT_CHARS) {
      c.status(422);
      return managePage(c, {
        ok: false,
        errors: ["The file is too large: split it into smaller files."],
        outcomes: [],
      });
    }
    const { db, clock } = c.var.ctx;
    const report = await importCatalog(
      db,
      source,
      await pointRanges(db),
      { userId: user.id, admin: user.role === "admin" },
      clock.now(),
    );
    if (!report.ok) c.status(422);
    return managePage(c, report, report.ok ? "" : source);
  })
  .get("/export.json", async (c) => {
    const user = currentUser(c, "teacher", "admin");
    c.header("Content-Type", "application/json; charset=utf-8");
    c.header("Content-Disposition", 'attachment; filename="practice-catalog.json"');
    // The file holds hidden tests: a teacher gets the problems they published, an admin all.
    const createdBy = user.role === "admin" ? undefined : user.id;
    return c.body(await exportCatalogJson(c.var.ctx.db, createdBy));
  })
  .get("/problems/:id/edit", validated("param", idParam), async (c) => {
    const entry = await entryToManage(c, c.req.valid("param").id);
    const { db } = c.var.ctx;
    const page = (
      <EditPage
        entry={entry}
        ranges={await pointRanges(db)}
        discussion={await selectVisibility(db, entry.problem.id)}
      />
    );
    return c.render(page, {
      title: `Edit · ${entry.problem.title}`,
    });
  })
  .post(
    "/problems/:id/edit",
    validated("param", idParam),
    formValidator(metaForm, async (c, error) => {
      const entry = await entryToManage(c, Number(c.req.param("id")));
      c.status(422);
      const { db } = c.var.ctx;
      const discussion = await selectVisibility(db, entry.problem.id);
      const page = (
        <EditPage entry={entry} ranges={await pointRanges(db)} discussion={discussion} error={error} />
      );
      return c.render(page, {
        title: "Edit",
      });
    }),
    async (c) => {
      const entry = await entryToManage(c, c.req.valid("param").id);
      const form = c.req.valid("form");
      const { db, clock } = c.var.ctx;
      const ranges = await pointRanges(db);
      const problem = pointsProblem(ranges, form.difficulty, form.points);
      if (problem) {
        c.status(422);
        const discussion = await selectVisibility(db, entry.problem.id);
        const page = <EditPage entry={entry} ranges={ranges} discussion={discussion} error={problem} />;
        return c.render(page, { title: "Edit" });
      }
      await updateCatalogMeta(db, entry.problem.id, { ...form, tags: splitTags(form.tags) }, clock.now());
      if (form.discussion) {
        await saveVisibility(db, entry.problem.id, form.discussion);
        c.var.ctx.events.emit("discussion:changed", { problemId: entry.problem.id });
      }
      return redirectWith(c, `/practice/problems/${entry.problem.id}`, "Saved.");
    },
  )
  .post("/problems/:id/delete", validated("param", idParam), async (c) => {
    const entry = await entryToManage(c, c.req.valid("param").id);
    await deleteCatalogProblem(c.var.ctx.db, entry.problem.id);
    return redirectWith(c, "/practice/manage", `"${entry.problem.title}" was deleted with its submissions.`);
  });

const adminRoutes = new Hono<AppEnv>()
  .use(requireRole("admin"))
  .get("/", async (c) => {
    const { db } = c.var.ctx;
    const rows = await selectCatalog(db, currentUser(c).id, {
      q: "",
      difficulty: "",
      tag: "",
      solved: "",
      includeHidden: true,
    });
    const page = (
      <AdminPage rows={rows} registration={await isRegistrationOpen(db)} ranges={await pointRanges(db)} />
    );
    return c.render(page, { title: "Practice settings" });
  })
  .post("/settings", validated("form", settingsForm), async (c) => {
    const f = c.req.valid("form");
    const ranges = {
      easy: { min: f.easyMin, max: f.easyMax },
      medium: { min: f.mediumMin, max: f.mediumMax },
      hard: { min: f.hardMin, max: f.hardMax },
    };
    if (Object.values(ranges).some((r) => r.min > r.max))
      return redirectWith(
        c,
        "/practice/admin",
        "Each range's lowest points must not be above its highest.",
        "error",
      );
    await setRegistrationOpen(c.var.ctx.db, f.registration);
    await setPointRanges(c.var.ctx.db, ranges);
    return redirectWith(
      c,
      "/practice/admin",
      f.registration
        ? "Saved. Anyone can now register at /register."
        : "Saved. Public registration is closed.",
    );
  })
  .get("/problems/:id", validated("param", idParam), async (c) => {
    const entry = await entryToManage(c, c.req.valid("param").id);
    const { db, clock } = c.var.ctx;
    const stats = await problemAnalytics(db, entry.problem.id, clock.now(), serverTimeZone());
    return c.render(<AnalyticsPage entry={entry} stats={stats} />, {
      title: `Analytics · ${entry.problem.title}`,
    });
  });

const sectionRoutes = new Hono<AppEnv>()
  .get("/sections/:id", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const { db } = c.var.ctx;
    const page = (
      <SectionGamePage
        section={section}
        on={await gamificationOn(db, section.id)}
        achievements={await selectSectionAchievements(db, section.id)}
        tasks={await selectTasks(db, section.id)}
      />
    );
    return c.render(page, { title: `Gamification · ${section.name}` });
  })
  .post(
    "/sections/:id/gamification",
    validated("param", idParam),
    validated("form", z.object({ on: checkbox })),
    async (c) => {
      const section = await sectionToTeach(c, c.req.valid("param").id);
      const on = c.req.valid("form").on;
      await setGamification(c.var.ctx.db, section.id, on);
      return redirectWith(
        c,
        `/practice/sections/${section.id}`,
        on
          ? "Points and achievements are on for this section."
          : "Points and achievements are off for this section.",
      );
    },
  )
  .post(
    "/sections/:id/achievements",
    validated("param", idParam),
    formValidator(achievementForm, (c, error) =>
      redirectWith(c, `/practice/sections/${c.req.param("id")}`, error, "error"),
    ),
    async (c) => {
      const section = await sectionToTeach(c, c.req.valid("param").id);
      const form = c.req.valid("form");
      const { db, clock } = c.var.ctx;
      const task = (await selectTasks(db, section.id)).find((t) => t.id === form.taskId);
      if (!task) throw new HTTPException(404, { message: "There is no such task in this section." });
      await insertSectionAchievement(db, {
        sectionId: section.id,
        taskId: task.id,
        title: form.title,
        icon: form.icon,
        createdBy: currentUser(c).id,
        now: clock.now(),
      });
      return redirectWith(c, `/practice/sections/${section.id}`, `Achievement "${form.title}" added.`);
    },
  )
  .post(
    "/sections/:id/achievements/:aid/delete",
    validated(
      "param",
      z.object({ id: z.coerce.number().int().positive(), aid: z.coerce.number().int().positive() }),
    ),
    async (c) => {
      const { id, aid } = c.req.valid("param");
      const section = await sectionToTeach(c, id);
      await deleteSectionAchievement(c.var.ctx.db, section.id, aid);
      return redirectWith(c, `/practice/sections/${section.id}`, "Achievement removed.");
    },
  );

export const manageRoutes = new Hono<AppEnv>()
  .route("/", catalogRoutes)
  .route("/admin", adminRoutes)
  .route("/", sectionRoutes);
