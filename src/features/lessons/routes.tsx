// Lessons: multi-page reading with runnable Python snippets, per section. Teachers write, import
// (Markdown), export, clone and follow them; students read, run and edit the snippets (their edits are
// kept), and complete pages. Every route checks access through access.ts: a lesson someone may not
// see (another section, a draft, not started, remedial and not assigned) answers 404. Mounted at "/".
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { Section } from "../../db/schema.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { runLimit } from "../../http/rate-limit.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { checkbox, formValidator, idParam, line, optionalText, validated } from "../../http/validation.ts";
import { parseLocalInput, serverZone, toLocalInput } from "../../lib/local-time.ts";
import { selectRoster, selectTeachingSections } from "../../models/section.ts";
import { sendRunInput, startRun, stdinBody } from "../playground/run-requests.ts";
import { parseCursor, type RunSession, START } from "../playground/runs.ts";
import { streamRun } from "../playground/stream.ts";
import { assigneeIds, setAssignees } from "../targeting/assignees.ts";
import { targetingError, targetingFields } from "../targeting/form.ts";
import { lessonToTeach, lessonToView } from "./access.ts";
import { cloneLesson } from "./clone.ts";
import { allowFrames } from "./framing.ts";
import {
  ImageRefused,
  type LessonImageRow,
  lessonImageFiles,
  lessonImageMarkdown,
  lessonImages,
  readLessonImage,
  saveImageFile,
  storeLessonImage,
} from "./images.ts";
import {
  createLessonFromDraft,
  insertLesson,
  insertPage,
  type Lesson,
  type LessonFields,
  movePage,
  pageSnippets,
  resetSnippetEdit,
  saveSnippetEdit,
  saveVideoHosts,
  selectPages,
  snippetOfLesson,
  touchLesson,
  updateLesson,
  updatePage,
  videoHosts,
} from "./lessons.ts";
import {
  exportLessonMarkdown,
  imageDefinitionLine,
  MAX_BODY,
  normalizeBody,
  normalizeNewlines,
  pageHeadingLine,
  parseLessonMarkdown,
  unclosedFenceLine,
} from "./markdown-format.ts";
import {
  decodeImages,
  imageAddresses,
  withCopiedAddresses,
  withImageAddresses,
  withImagePlaceholders,
  withImageReferences,
} from "./markdown-images.ts";
import { completedPages, completePage, lessonResults } from "./progress.ts";
import { parseHosts, renderLessonPage, renderLessonProse, snippetCodes } from "./render.ts";
import { LessonClonePage } from "./views/clone.tsx";
import { ImportPage } from "./views/import.tsx";
import {
  EditLessonPage,
  type LessonValues,
  lessonValues,
  NEW_LESSON_VALUES,
  NewLessonPage,
} from "./views/lesson-form.tsx";
import { LessonReader } from "./views/lesson-page.tsx";
import { PageFormPage } from "./views/page-form.tsx";
import { ResultsPage } from "./views/results.tsx";
import { VideoHostsPage } from "./views/video-hosts.tsx";

// A lesson brings its images inside the file (base64, up to 900 KiB each), so the import takes more
// than the app-wide 1 MiB (this path is in profiles/images.ts UPLOAD_ROUTES and has its own limit).
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
const importTooLarge = () => {
  throw new HTTPException(413, {
    message: "The lesson is larger than 8 MiB. Use fewer or smaller images, or upload them after importing.",
  });
};
const MAX_SNIPPET_BYTES = 64 * 1024;

/** A description or body must not contain a `###` line (it would start a page in the Markdown file). */
function proseProblem(text: string, what: string): string | undefined {
  const heading = pageHeadingLine(text);
  if (heading !== null)
    return `Line ${heading} of the ${what} is a ### heading, which starts a new page in a lesson's Markdown. Use #### or add a page.`;
  const image = imageDefinitionLine(text);
  if (image !== null)
    return `Line ${image} of the ${what} is an image definition ([img-…]: data:…), which a lesson's Markdown file keeps for the images it carries. Upload the image instead.`;
  const fence = unclosedFenceLine(text);
  if (fence !== null) return `The code block on line ${fence} of the ${what} is never closed.`;
  return undefined;
}

const lessonForm = z
  .object({
    title: line("Title", 200),
    description: optionalText("Description", 4000),
    published: checkbox,
    starts_at: z.string().max(40).optional().default(""),
    completion: z.enum(["manual", "end"], { error: "Choose how pages are completed." }).default("manual"),
    ...targetingFields,
  })
  .transform((f, ctx) => {
    const starts = parseLocalInput(f.starts_at);
    const description = normalizeBody(f.description);
    const problem =
      starts === undefined
        ? "The start time is not a valid date and time."
        : proseProblem(description, "description");
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return { ...f, description, starts_at: starts ?? null };
  });

const pageForm = z
  .object({
    title: line("Page title", 200),
    body: z
      .string()
      .max(MAX_BODY, `A page can be at most ${MAX_BODY.toLocaleString("en")} characters.`)
      .default(""),
  })
  .transform((f, ctx) => {
    const body = normalizeBody(f.body);
    const problem = proseProblem(body, "page");
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return { title: f.title, body };
  });

const pageParam = idParam.extend({ pageId: idParam.shape.id });
const moveParam = pageParam.extend({ dir: z.enum(["up", "down"]) });
const snippetParam = idParam.extend({ snippetId: idParam.shape.id });
const runParam = snippetParam.extend({ runId: z.uuid("Not a valid run id.") });
const shaParam = idParam.extend({ sha: z.string().regex(/^[0-9a-f]{64}$/, "Not an image.") });
const codeBody = z.object({ code: z.string().max(MAX_SNIPPET_BYTES, "That code is too long.") }).strict();
const SANDBOX_OFF = "Code execution is turned off on this Slate server, so examples cannot run here.";

const fieldsOf = (f: z.infer<typeof lessonForm>): LessonFields => ({
  title: f.title,
  description: f.description,
  published: f.published,
  starts_at: f.starts_at,
  completion: f.completion,
  remedial: f.remedial,
});

/** A checked form back as the strings the form shows (after a targeting error). */
function formValues(f: z.infer<typeof lessonForm>): LessonValues {
  return {
    title: f.title,
    description: f.description,
    published: f.published ? "on" : "",
    starts_at: toLocalInput(f.starts_at),
    completion: f.completion,
    remedial: f.remedial ? "on" : "",
    assignees: f.assignees.join(","),
  };
}

async function renderNewForm(c: Context<AppEnv>, section: Section, values: LessonValues, error?: string) {
  const students = await selectRoster(c.var.ctx.db, section.id);
  return c.render(
    <NewLessonPage section={section} values={values} students={students} zone={serverZone()} error={error} />,
    { title: "New lesson" },
  );
}

async function renderEditForm(
  c: Context<AppEnv>,
  section: Section,
  lesson: Lesson,
  values?: LessonValues,
  error?: string,
) {
  const { db } = c.var.ctx;
  const images = (await lessonImages(db, lesson.id)).map((i) => ({
    sha256: i.sha256,
    name: i.name,
    markdown: lessonImageMarkdown(lesson.id, i.sha256, i.name),
  }));
  return c.render(
    <EditLessonPage
      section={section}
      lesson={lesson}
      pages={await selectPages(db, lesson.id)}
      images={images}
      values={values ?? lessonValues(lesson, await assigneeIds(db, "lesson", lesson.id))}
      students={await selectRoster(db, section.id)}
      zone={serverZone()}
      error={error}
    />,
    { title: `Edit ${lesson.title}` },
  );
}

const invalidLessonForm = formValidator(lessonForm, async (c, error, values) => {
  c.status(422);
  const id = Number(c.req.param("id"));
  if (c.req.path.startsWith("/sections/"))
    return renderNewForm(c, await sectionToTeach(c, id), values, error);
  const { lesson, section } = await lessonToTeach(c, id);
  return renderEditForm(c, section, lesson, values, error);
});

async function renderPageForm(
  c: Context<AppEnv>,
  lessonId: number,
  pageId: number | undefined,
  values?: { title?: string; body?: string },
  error?: string,
) {
  const { lesson, section } = await lessonToTeach(c, lessonId);
  const page = pageId === undefined ? undefined : await pageOf(c, lesson.id, pageId);
  const v = values ?? { title: page?.title ?? "", body: page?.body ?? "" };
  const hosts = await videoHosts(c.var.ctx.db, section.id);
  allowFrames(c, hosts);
  return c.render(
    <PageFormPage
      section={section}
      lesson={lesson}
      page={page}
      values={v}
      previewHtml={renderLessonPage(v.body ?? "", { hosts })}
      error={error}
    />,
    { title: page ? `Edit ${page.title}` : "New page" },
  );
}

const invalidPageForm = formValidator(pageForm, (c, error, values) => {
  c.status(422);
  const pageId = c.req.param("pageId");
  return renderPageForm(c, Number(c.req.param("id")), pageId ? Number(pageId) : undefined, values, error);
});

async function pageOf(c: Context<AppEnv>, lessonId: number, pageId: number) {
  const page = (await selectPages(c.var.ctx.db, lessonId)).find((p) => p.id === pageId);
  if (!page) throw new HTTPException(404, { message: "There is no such page in this lesson." });
  return page;
}

/** The snippet of a lesson the user may see, else 404. */
async function snippetToUse(c: Context<AppEnv>, lessonId: number, snippetId: number) {
  const { lesson } = await lessonToView(c, lessonId);
  const snippet = await snippetOfLesson(c.var.ctx.db, lesson.id, snippetId);
  if (!snippet) throw new HTTPException(404, { message: "There is no such example in this lesson." });
  return snippet;
}

/** A run of this user's, started from this lesson's snippet. */
const lessonRuns = new WeakMap<RunSession, string>();
function ownRun(c: Context<AppEnv>, lessonId: number, runId: string): RunSession {
  const session = c.var.ctx.runs.get(runId, currentUser(c).id);
  if (!session || lessonRuns.get(session) !== `lesson:${lessonId}`)
    throw new HTTPException(404, { message: "That run does not exist or has ended." });
  return session;
}

/** Reads the Markdown of an import: the uploaded file when there is one, else the pasted text. */
async function importSource(c: Context<AppEnv>): Promise<{ op: string; source: string; message?: string }> {
  const body = await c.req.parseBody();
  const op = body.op === "create" ? "create" : "preview";
  const file = body.file;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_IMPORT_BYTES) return { op, source: "", message: "The file is larger than 8 MiB." };
    const text = new TextDecoder("utf-8", { fatal: false }).decode(await file.arrayBuffer());
    return { op, source: normalizeNewlines(text) };
  }
  const pasted = typeof body.markdown === "string" ? body.markdown : "";
  if (pasted.length > MAX_IMPORT_BYTES) return { op, source: "", message: "The text is longer than 8 MiB." };
  return { op, source: normalizeNewlines(pasted) };
}

/**
 * Images a pasted file points at by address that belong to lessons of this server the teacher may
 * edit: the new lesson gets its own rows for them (the files are already stored), so its students
 * can load them. Addresses of lessons the teacher may not edit are left as written.
 */
async function copyableImages(c: Context<AppEnv>, texts: string[]) {
  const rows: LessonImageRow[] = [];
  const keys = new Set<string>();
  const mayEdit = new Map<number, boolean>();
  for (const { lessonId, sha256 } of imageAddresses(texts)) {
    if (!mayEdit.has(lessonId))
      mayEdit.set(
        lessonId,
        await lessonToTeach(c, lessonId).then(
          () => true,
          () => false,
        ),
      );
    if (!mayEdit.get(lessonId)) continue;
    const row = await c.var.ctx.db
      .selectFrom("lesson_images")
      .select(["sha256", "mime", "name", "bytes"])
      .where("lesson_id", "=", lessonId)
      .where("sha256", "=", sha256)
      .executeTakeFirst();
    if (!row) continue;
    keys.add(`${lessonId}/${sha256}`);
    if (!rows.some((r) => r.sha256 === sha256)) rows.push(row);
  }
  return { rows, keys };
}

export const lessonRoutes = new Hono<AppEnv>()
  // ------------------------------------------------------------------ teachers: create and import
  .get("/sections/:id/lessons/new", validated("param", idParam), async (c) =>
    renderNewForm(c, await sectionToTeach(c, c.req.valid("param").id), NEW_LESSON_VALUES),
  )
  .post("/sections/:id/lessons", validated("param", idParam), invalidLessonForm, async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const f = c.req.valid("form");
    const { db, clock } = c.var.ctx;
    const lesson = await db
      .transaction()
      .execute(async (trx) => {
        const made = await insertLesson(trx, section.id, fieldsOf(f), clock.now());
        const assigned = f.remedial ? await setAssignees(trx, "lesson", made.id, section.id, f.assignees) : 0;
        const problem = targetingError(f, assigned);
        if (problem) throw new HTTPException(422, { message: problem });
        return made;
      })
      .catch(async (e) => {
        if (e instanceof HTTPException && e.status === 422) return e.message;
        throw e;
      });
    if (typeof lesson === "string") {
      c.status(422);
      return renderNewForm(c, section, formValues(f), lesson);
    }
    return redirectWith(c, `/lessons/${lesson.id}/edit`, "Lesson created. Add its pages.");
  })
  .get("/sections/:id/lessons/import", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    return c.render(<ImportPage section={section} source="" />, { title: "Import a lesson" });
  })
  .use(
    "/sections/:id/lessons/import",
    bodyLimit({ maxSize: MAX_IMPORT_BYTES + 64 * 1024, onError: importTooLarge }),
  )
  .post("/sections/:id/lessons/import", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const { op, source, message } = await importSource(c);
    const render = (
      props: Omit<Parameters<typeof ImportPage>[0], "section" | "source">,
      status: 200 | 422,
    ) => {
      c.status(status);
      return c.render(<ImportPage section={section} source={source} {...props} />, {
        title: "Import a lesson",
      });
    };
    if (message) return render({ message }, 422);
    if (!source.trim())
      return render({ message: "Choose a Markdown file or paste the lesson's Markdown." }, 422);
    const parsed = parseLessonMarkdown(source);
    if (!parsed.ok) return render({ errors: parsed.errors }, 422);
    const decoded = decodeImages(parsed.images, parsed.uses);
    if (!decoded.ok) return render({ errors: decoded.errors }, 422);
    const { db, clock, config } = c.var.ctx;
    if (op === "create") {
      const images = [...decoded.images.values()];
      for (const img of images) saveImageFile(config.dataDir, img.body);
      const texts = [parsed.lesson.description, ...parsed.lesson.pages.map((p) => p.body)];
      const copied = await copyableImages(c, texts);
      const lesson = await createLessonFromDraft(
        db,
        section.id,
        parsed.lesson,
        { published: false, starts_at: null, completion: "manual", remedial: false },
        clock.now(),
        {
          rows: [...images.map(({ body: _b, ...row }) => row), ...copied.rows],
          userId: currentUser(c).id,
          place: (text, lessonId) =>
            withCopiedAddresses(withImageAddresses(text, lessonId, decoded.images), lessonId, copied.keys),
        },
      );
      const brought = images.length > 0 ? ` and ${images.length} images` : "";
      return redirectWith(
        c,
        `/lessons/${lesson.id}/edit`,
        `Lesson imported with ${parsed.lesson.pages.length} pages${brought}. It is a draft: publish it when it is ready.`,
      );
    }
    const hosts = await videoHosts(db, section.id);
    allowFrames(c, hosts);
    const shown = (text: string) => withImagePlaceholders(text, decoded.images);
    return render(
      {
        preview: {
          title: parsed.lesson.title,
          descriptionHtml: renderLessonProse(shown(parsed.lesson.description)),
          pages: parsed.lesson.pages.map((p) => ({
            title: p.title,
            html: renderLessonPage(shown(p.body), { hosts }),
            snippets: snippetCodes(p.body).length,
          })),
        },
      },
      200,
    );
  })
  .get("/sections/:id/lessons/video-hosts", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const hosts = await videoHosts(c.var.ctx.db, section.id);
    return c.render(<VideoHostsPage section={section} value={hosts.join("\n")} />, {
      title: "Allowed video hosts",
    });
  })
  .post(
    "/sections/:id/lessons/video-hosts",
    validated("param", idParam),
    validated("form", z.object({ hosts: z.string().max(4000, "That list is too long.").default("") })),
    async (c) => {
      const section = await sectionToTeach(c, c.req.valid("param").id);
      const text = c.req.valid("form").hosts;
      const { hosts, bad } = parseHosts(text);
      if (bad !== null || hosts.length > 30) {
        c.status(422);
        const error =
          bad !== null ? `“${bad}” is not a host name (like www.youtube-nocookie.com).` : "At most 30 hosts.";
        return c.render(<VideoHostsPage section={section} value={text} error={error} />, {
          title: "Allowed video hosts",
        });
      }
      await saveVideoHosts(c.var.ctx.db, section.id, hosts, c.var.ctx.clock.now());
      return redirectWith(c, `/sections/${section.id}#lessons`, "Allowed video hosts saved.");
    },
  )

  // ------------------------------------------------------------------ reading
  .get(
    "/lessons/:id",
    validated("param", idParam),
    validated("query", z.object({ page: z.coerce.number().int().min(1).max(1000).optional() })),
    async (c) => {
      const { lesson, section, teaches } = await lessonToView(c, c.req.valid("param").id);
      const { db, clock } = c.var.ctx;
      const user = currentUser(c);
      const pages = await selectPages(db, lesson.id);
      const index = Math.min((c.req.valid("query").page ?? 1) - 1, Math.max(pages.length - 1, 0));
      const page = pages[index];
      const hosts = await videoHosts(db, section.id);
      const snippets = page ? await pageSnippets(db, page.id, user.id) : [];
      allowFrames(c, hosts);
      return c.render(
        <LessonReader
          section={section}
          lesson={lesson}
          pages={pages}
          index={index}
          bodyHtml={page ? renderLessonPage(page.body, { hosts, snippets }) : ""}
          descriptionHtml={renderLessonProse(lesson.description)}
          snippets={snippets.map((s) => ({ id: s.id, code: s.code, original: s.original }))}
          completed={await completedPages(db, lesson.id, user.id)}
          teaches={teaches}
          sandboxOff={c.var.ctx.sandbox === null}
          now={clock.now()}
          nonce={c.get("secureHeadersNonce")}
        />,
        { title: page ? `${page.title} · ${lesson.title}` : lesson.title },
      );
    },
  )
  .post("/lessons/:id/pages/:pageId/complete", validated("param", pageParam), async (c) => {
    const { id, pageId } = c.req.valid("param");
    const { lesson } = await lessonToView(c, id);
    const page = await pageOf(c, lesson.id, pageId);
    const user = currentUser(c);
    await completePage(c.var.ctx.db, page.id, user.id, c.var.ctx.clock.now());
    if (c.req.header("accept")?.includes("application/json")) {
      const pages = await selectPages(c.var.ctx.db, lesson.id);
      const done = await completedPages(c.var.ctx.db, lesson.id, user.id);
      return c.json({ done: pages.filter((p) => done.has(p.id)).length, total: pages.length });
    }
    const next = Number((await c.req.parseBody()).next);
    const to =
      Number.isInteger(next) && next > 0
        ? `/lessons/${lesson.id}?page=${next}`
        : `/lessons/${lesson.id}?page=${(await selectPages(c.var.ctx.db, lesson.id)).findIndex((p) => p.id === page.id) + 1}`;
    return redirectWith(c, to, `“${page.title}” completed.`);
  })
  .get("/lessons/:id/images/:sha", validated("param", shaParam), async (c) => {
    const { id, sha } = c.req.valid("param");
    const { lesson } = await lessonToView(c, id);
    const image = await readLessonImage(c.var.ctx.db, c.var.ctx.config.dataDir, lesson.id, sha);
    if (!image) throw new HTTPException(404, { message: "There is no such image." });
    c.header("Content-Type", image.mime);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "private, max-age=86400");
    c.header("Content-Security-Policy", "default-src 'none'");
    return c.body(new Uint8Array(image.body));
  })

  // ------------------------------------------------------------------ snippets: save, reset, run
  .put(
    "/lessons/:id/snippets/:snippetId",
    validated("param", snippetParam),
    validated("json", codeBody),
    async (c) => {
      const { id, snippetId } = c.req.valid("param");
      const snippet = await snippetToUse(c, id, snippetId);
      await saveSnippetEdit(
        c.var.ctx.db,
        snippet.id,
        currentUser(c).id,
        c.req.valid("json").code,
        c.var.ctx.clock.now(),
      );
      return c.json({ saved: true });
    },
  )
  .delete("/lessons/:id/snippets/:snippetId", validated("param", snippetParam), async (c) => {
    const { id, snippetId } = c.req.valid("param");
    const snippet = await snippetToUse(c, id, snippetId);
    await resetSnippetEdit(c.var.ctx.db, snippet.id, currentUser(c).id);
    return c.json({ code: snippet.code });
  })
  .post(
    "/lessons/:id/snippets/:snippetId/runs",
    runLimit,
    validated("param", snippetParam),
    validated("json", codeBody),
    async (c) => {
      const { id, snippetId } = c.req.valid("param");
      await snippetToUse(c, id, snippetId);
      const { ctx } = c.var;
      if (!ctx.sandbox) return c.json({ error: SANDBOX_OFF }, 503);
      const { session, limits } = startRun(
        ctx,
        ctx.sandbox,
        currentUser(c).id,
        [{ name: "main.py", content: c.req.valid("json").code }],
        "main.py",
      );
      lessonRuns.set(session, `lesson:${id}`);
      c.header("X-Run-Id", session.id);
      return streamRun(c, session, START, { event: "run", data: JSON.stringify({ id: session.id, limits }) });
    },
  )
  .get("/lessons/:id/snippets/:snippetId/runs/:runId/events", validated("param", runParam), async (c) => {
    const { id, snippetId, runId } = c.req.valid("param");
    await snippetToUse(c, id, snippetId);
    return streamRun(c, ownRun(c, id, runId), parseCursor(c.req.header("last-event-id")));
  })
  .post(
    "/lessons/:id/snippets/:snippetId/runs/:runId/stdin",
    validated("param", runParam),
    validated("json", stdinBody),
    async (c) => {
      const { id, snippetId, runId } = c.req.valid("param");
      await snippetToUse(c, id, snippetId);
      sendRunInput(ownRun(c, id, runId), c.req.valid("json"));
      return c.body(null, 204);
    },
  )
  .post("/lessons/:id/snippets/:snippetId/runs/:runId/stop", validated("param", runParam), async (c) => {
    const { id, snippetId, runId } = c.req.valid("param");
    await snippetToUse(c, id, snippetId);
    ownRun(c, id, runId).stop("stopped");
    return c.body(null, 204);
  })

  // ------------------------------------------------------------------ teachers: edit
  .get("/lessons/:id/edit", validated("param", idParam), async (c) => {
    const { lesson, section } = await lessonToTeach(c, c.req.valid("param").id);
    return renderEditForm(c, section, lesson);
  })
  .post("/lessons/:id", validated("param", idParam), invalidLessonForm, async (c) => {
    const { lesson, section } = await lessonToTeach(c, c.req.valid("param").id);
    const f = c.req.valid("form");
    const { db, clock } = c.var.ctx;
    const problem = await db
      .transaction()
      .execute(async (trx) => {
        await updateLesson(trx, lesson.id, fieldsOf(f), clock.now());
        const assigned = await setAssignees(
          trx,
          "lesson",
          lesson.id,
          section.id,
          f.remedial ? f.assignees : [],
        );
        const error = targetingError(f, assigned);
        if (error) throw new HTTPException(422, { message: error });
      })
      .then(() => undefined)
      .catch((e) => {
        if (e instanceof HTTPException && e.status === 422) return e.message;
        throw e;
      });
    if (problem) {
      c.status(422);
      return renderEditForm(c, section, lesson, formValues(f), problem);
    }
    return redirectWith(c, `/lessons/${lesson.id}/edit`, "Lesson saved.");
  })
  .post("/lessons/:id/delete", validated("param", idParam), async (c) => {
    const { lesson, section } = await lessonToTeach(c, c.req.valid("param").id);
    await c.var.ctx.db.deleteFrom("lessons").where("id", "=", lesson.id).execute();
    return redirectWith(c, `/sections/${section.id}#lessons`, `Lesson “${lesson.title}” deleted.`);
  })
  .post("/lessons/:id/preview", validated("param", idParam), async (c) => {
    const { section } = await lessonToTeach(c, c.req.valid("param").id);
    const body = (await c.req.parseBody()).body;
    const hosts = await videoHosts(c.var.ctx.db, section.id);
    const html = renderLessonPage(typeof body === "string" ? body.slice(0, MAX_BODY) : "", { hosts });
    return c.html(html.trim() ? html : '<p class="muted">Nothing to preview yet.</p>');
  })
  .get("/lessons/:id/pages/new", validated("param", idParam), async (c) =>
    renderPageForm(c, c.req.valid("param").id, undefined),
  )
  .post("/lessons/:id/pages", validated("param", idParam), invalidPageForm, async (c) => {
    const { lesson } = await lessonToTeach(c, c.req.valid("param").id);
    const { db, clock } = c.var.ctx;
    await db.transaction().execute(async (trx) => {
      await insertPage(trx, lesson.id, c.req.valid("form"));
      await touchLesson(trx, lesson.id, clock.now());
    });
    return redirectWith(c, `/lessons/${lesson.id}/edit`, "Page added.");
  })
  .get("/lessons/:id/pages/:pageId/edit", validated("param", pageParam), async (c) => {
    const { id, pageId } = c.req.valid("param");
    return renderPageForm(c, id, pageId);
  })
  .post("/lessons/:id/pages/:pageId", validated("param", pageParam), invalidPageForm, async (c) => {
    const { id, pageId } = c.req.valid("param");
    const { lesson } = await lessonToTeach(c, id);
    const page = await pageOf(c, lesson.id, pageId);
    const { db, clock } = c.var.ctx;
    await db.transaction().execute(async (trx) => {
      await updatePage(trx, page.id, c.req.valid("form"));
      await touchLesson(trx, lesson.id, clock.now());
    });
    return redirectWith(c, `/lessons/${lesson.id}/edit`, "Page saved.");
  })
  .post("/lessons/:id/pages/:pageId/delete", validated("param", pageParam), async (c) => {
    const { id, pageId } = c.req.valid("param");
    const { lesson } = await lessonToTeach(c, id);
    const page = await pageOf(c, lesson.id, pageId);
    await c.var.ctx.db.deleteFrom("lesson_pages").where("id", "=", page.id).execute();
    return redirectWith(c, `/lessons/${lesson.id}/edit`, `Page “${page.title}” deleted.`);
  })
  .post("/lessons/:id/pages/:pageId/move/:dir", validated("param", moveParam), async (c) => {
    const { id, pageId, dir } = c.req.valid("param");
    const { lesson } = await lessonToTeach(c, id);
    await pageOf(c, lesson.id, pageId);
    await movePage(c.var.ctx.db, lesson.id, pageId, dir === "up" ? -1 : 1);
    return redirectWith(c, `/lessons/${lesson.id}/edit`, "Page moved.");
  })
  .post("/lessons/:id/images", validated("param", idParam), async (c) => {
    const { lesson } = await lessonToTeach(c, c.req.valid("param").id);
    const file = (await c.req.parseBody()).image;
    const { db, config, clock } = c.var.ctx;
    try {
      if (!(file instanceof File)) throw new ImageRefused("Choose an image file.");
      const img = await storeLessonImage(db, config.dataDir, lesson.id, file, currentUser(c).id, clock.now());
      return redirectWith(
        c,
        `/lessons/${lesson.id}/edit`,
        `Image uploaded. Put ${lessonImageMarkdown(lesson.id, img.sha256, img.name)} in a page.`,
      );
    } catch (e) {
      if (e instanceof ImageRefused) return redirectWith(c, `/lessons/${lesson.id}/edit`, e.message, "error");
      throw e;
    }
  })
  .get("/lessons/:id/export.md", validated("param", idParam), async (c) => {
    const { lesson } = await lessonToTeach(c, c.req.valid("param").id);
    const { db, config } = c.var.ctx;
    const pages = await selectPages(db, lesson.id);
    const files = await lessonImageFiles(db, config.dataDir, lesson.id);
    const { texts, definitions } = withImageReferences(
      [lesson.description, ...pages.map((p) => p.body)],
      lesson.id,
      files,
    );
    const md = exportLessonMarkdown(
      {
        title: lesson.title,
        description: texts[0]!,
        pages: pages.map((p, i) => ({ title: p.title, body: texts[i + 1]! })),
      },
      definitions,
    );
    const name =
      lesson.title
        .replace(/[^\w-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 60) || "lesson";
    c.header("Content-Type", "text/markdown; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${name}.md"`);
    c.header("Cache-Control", "no-store");
    return c.body(md);
  })
  .get("/lessons/:id/results", validated("param", idParam), async (c) => {
    const { lesson, section } = await lessonToTeach(c, c.req.valid("param").id);
    const pages = await selectPages(c.var.ctx.db, lesson.id);
    const results = await lessonResults(c.var.ctx.db, lesson, pages);
    return c.render(<ResultsPage section={section} lesson={lesson} results={results} />, {
      title: `Results · ${lesson.title}`,
    });
  })

  // ------------------------------------------------------------------ teachers: clone
  .get("/lessons/:id/clone", validated("param", idParam), async (c) => {
    const { lesson, section } = await lessonToTeach(c, c.req.valid("param").id);
    return renderClone(c, section, lesson, {});
  })
  .post(
    "/lessons/:id/clone",
    validated("param", idParam),
    validated(
      "form",
      z.object({
        sectionId: idParam.shape.id,
        title: line("Title", 200),
        targeting: z.enum(["clear", "keep"]).default("clear"),
      }),
    ),
    async (c) => {
      const { lesson, section } = await lessonToTeach(c, c.req.valid("param").id);
      const f = c.req.valid("form");
      const sections = await cloneTargets(c);
      if (!sections.some((s) => s.id === f.sectionId)) {
        c.status(422);
        return renderClone(c, section, lesson, { title: f.title }, "Choose a section you teach.");
      }
      const copy = await cloneLesson(
        c.var.ctx.db,
        lesson.id,
        f.sectionId,
        { keepTargeting: f.targeting === "keep", title: f.title, draft: true },
        c.var.ctx.clock.now(),
      );
      return redirectWith(c, `/lessons/${copy.id}/edit`, "Lesson cloned. The copy is a draft.");
    },
  );

function cloneTargets(c: Context<AppEnv>) {
  return selectTeachingSections(c.var.ctx.db, currentUser(c), false);
}

async function renderClone(
  c: Context<AppEnv>,
  section: Section,
  lesson: Lesson,
  values: Record<string, string>,
  error?: string,
) {
  const pages = await selectPages(c.var.ctx.db, lesson.id);
  return c.render(
    <LessonClonePage
      section={section}
      lesson={lesson}
      sections={await cloneTargets(c)}
      pageCount={pages.length}
      values={values}
      error={error}
    />,
    { title: `Clone ${lesson.title}` },
  );
}
