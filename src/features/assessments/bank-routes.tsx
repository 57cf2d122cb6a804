// Question banks (teachers): list and create banks, categories, the question editor with its version
// history, sharing with sections, GIFT/Aiken import (preview first; any error imports nothing) and
// GIFT/Aiken/CSV export.
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { QuestionBank } from "../../db/tables/assessments.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { idParam, line, validated } from "../../http/validation.ts";
import { slug } from "../../lib/csv.ts";
import { bankToUse } from "./access.ts";
import { aikenOf, csvOf, giftOf } from "./bank-export.ts";
import {
  banksFor,
  categoriesOf,
  categoryTree,
  createBank,
  createCategory,
  createQuestion,
  importItems,
  questionsOf,
  questionWithBank,
  reviseQuestion,
  setSharing,
  sharing,
  versionsOf,
} from "./banks.ts";
import { parseAiken } from "./formats/aiken.ts";
import { parseGift } from "./formats/gift.ts";
import type { QType } from "./formats/types.ts";
import { rightAnswer } from "./grading.ts";
import { mayViewImage } from "./image-access.ts";
import { ImageRefused, imageMarkdown, imagesOf, readImage, storeImage } from "./images.ts";
import { QTYPES, questionOf, questionProblems } from "./question.ts";
import { formFromQuestion, questionFromForm } from "./question-form.ts";
import { BankPage, BanksPage, ImportPage, QuestionFormPage, QuestionPage } from "./views/banks.tsx";

const MAX_IMPORT = 512 * 1024;
const qtypeSchema = z.enum(QTYPES.map((q) => q.value) as [QType, ...QType[]], {
  error: "Choose a question type.",
});

async function treeOf(c: Context<AppEnv>, bankId: number) {
  return categoryTree(await categoriesOf(c.var.ctx.db, bankId));
}

async function categoryIn(c: Context<AppEnv>, bank: QuestionBank, raw: unknown): Promise<number> {
  const tree = await treeOf(c, bank.id);
  const id = Number(raw);
  const found = tree.find((t) => t.id === id);
  if (!found) throw new HTTPException(422, { message: "Choose a category of this bank." });
  return found.id;
}

function stringsOf(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
  );
}

async function questionToEdit(c: Context<AppEnv>, id: number) {
  const question = await questionWithBank(c.var.ctx.db, id);
  if (!question) throw new HTTPException(404, { message: "There is no such question, or it is not yours." });
  const bank = await bankToUse(c, question.bank_id);
  return { question, bank };
}

const parse = (format: string, text: string) => (format === "aiken" ? parseAiken(text) : parseGift(text));

export const bankRoutes = new Hono<AppEnv>()
  .get("/banks", async (c) => {
    const user = currentUser(c, "teacher", "admin");
    return c.render(<BanksPage banks={await banksFor(c.var.ctx.db, user)} userId={user.id} />, {
      title: "Question banks",
    });
  })
  .post("/banks", async (c) => {
    const user = currentUser(c, "teacher", "admin");
    const name = line("Name", 120).safeParse((await c.req.parseBody()).name);
    if (!name.success) {
      c.status(422);
      const banks = await banksFor(c.var.ctx.db, user);
      return c.render(<BanksPage banks={banks} userId={user.id} error={name.error.issues[0]?.message} />, {
        title: "Question banks",
      });
    }
    const id = await createBank(c.var.ctx.db, user.id, name.data, c.var.ctx.clock.now());
    return redirectWith(c, `/banks/${id}`, "Bank created.");
  })
  .get("/banks/:id", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    const user = currentUser(c);
    const page = (
      <BankPage
        bank={bank}
        tree={await treeOf(c, bank.id)}
        questions={await questionsOf(c.var.ctx.db, bank.id)}
        owner={bank.owner_id === user.id}
        sharing={await sharing(c.var.ctx.db, bank.id, bank.owner_id)}
        images={(await imagesOf(c.var.ctx.db, bank.id)).map((i) => ({
          ...i,
          markdown: imageMarkdown(i.sha256, i.name),
        }))}
      />
    );
    return c.render(page, { title: bank.name });
  })
  .post("/banks/:id/categories", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    const body = await c.req.parseBody();
    const name = line("Category name", 120).safeParse(body.name);
    if (!name.success) throw new HTTPException(422, { message: name.error.issues[0]?.message ?? "Name it." });
    const parent = body.parent_id ? await categoryIn(c, bank, body.parent_id) : null;
    await createCategory(c.var.ctx.db, bank.id, parent, name.data, c.var.ctx.clock.now());
    return redirectWith(c, `/banks/${bank.id}`, "Category added.");
  })
  .post("/banks/:id/sharing", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    if (bank.owner_id !== currentUser(c).id)
      throw new HTTPException(403, { message: "Only the bank's owner shares it." });
    const { teaching } = await sharing(c.var.ctx.db, bank.id, bank.owner_id);
    const raw = (await c.req.parseBody({ all: true })).section;
    const picked = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(Number);
    const allowed = new Set(teaching.map((s) => s.id));
    if (picked.some((id) => !allowed.has(id)))
      throw new HTTPException(422, { message: "You can share only with your sections." });
    await setSharing(c.var.ctx.db, bank.id, [...new Set(picked)]);
    return redirectWith(c, `/banks/${bank.id}`, "Sharing saved.");
  })
  .post("/banks/:id/images", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    const file = (await c.req.parseBody()).image;
    if (!(file instanceof File)) throw new HTTPException(422, { message: "Choose an image file." });
    const { ctx } = c.var;
    try {
      const sha = await storeImage(
        ctx.db,
        ctx.config.dataDir,
        bank.id,
        file,
        currentUser(c).id,
        ctx.clock.now(),
      );
      return redirectWith(
        c,
        `/banks/${bank.id}#images`,
        `Image uploaded. Put ${imageMarkdown(sha, file.name)} in a question's text.`,
      );
    } catch (err) {
      if (err instanceof ImageRefused) throw new HTTPException(422, { message: err.message });
      throw err;
    }
  })
  .get(
    "/question-images/:sha",
    validated("param", z.object({ sha: z.string().regex(/^[0-9a-f]{64}$/, "Not an image.") })),
    async (c) => {
      const { sha } = c.req.valid("param");
      // The same answer for an image that exists but is not theirs: its existence is not revealed.
      if (!(await mayViewImage(c.var.ctx.db, sha, currentUser(c))))
        throw new HTTPException(404, { message: "There is no such image." });
      const image = await readImage(c.var.ctx.db, c.var.ctx.config.dataDir, sha);
      if (!image) throw new HTTPException(404, { message: "There is no such image." });
      c.header("Content-Type", image.mime);
      c.header("X-Content-Type-Options", "nosniff");
      c.header("Cache-Control", "private, max-age=86400, immutable");
      c.header("Content-Security-Policy", "default-src 'none'");
      return c.body(new Uint8Array(image.body));
    },
  )
  .get("/banks/:id/import", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    const tree = await treeOf(c, bank.id);
    const values = { format: "gift", category_id: String(tree[0]?.id ?? ""), text: "" };
    return c.render(<ImportPage bank={bank} tree={tree} values={values} />, { title: "Import questions" });
  })
  .post("/banks/:id/import", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    const body = await c.req.parseBody();
    const tree = await treeOf(c, bank.id);
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    const text = file ? await file.text() : typeof body.text === "string" ? body.text : "";
    const format = body.format === "aiken" ? "aiken" : "gift";
    const values = { format, category_id: String(body.category_id ?? ""), text };
    const render = (extra: Partial<Parameters<typeof ImportPage>[0]>, status: 200 | 422 = 200) => {
      c.status(status);
      return c.render(<ImportPage bank={bank} tree={tree} values={values} {...extra} />, {
        title: "Import questions",
      });
    };
    if (text.length > MAX_IMPORT) return render({ message: "The file is larger than 512 KiB." }, 422);
    if (!text.trim()) return render({ message: "Choose a file or paste the questions." }, 422);
    const category = await categoryIn(c, bank, body.category_id);
    const result = parse(format, text);
    // The editor's rules apply to imports too; each problem is reported with the question's line.
    const errors = [...result.errors];
    for (const { line, item } of result.items) {
      if (item.qtype !== "category")
        for (const message of questionProblems(item)) errors.push({ line, message });
    }
    errors.sort((a, b) => a.line - b.line);
    const questions = result.items.filter((i) => i.item.qtype !== "category");
    if (errors.length === 0 && questions.length === 0)
      errors.push({ line: 1, message: "No questions found." });
    if (errors.length > 0) return render({ errors, preview: [] }, 422);
    if (body.op !== "import") return render({ preview: result.items.map((i) => ({ ...i, problems: [] })) });
    const n = await importItems(
      c.var.ctx.db,
      bank.id,
      category,
      result.items.map((i) => i.item),
      currentUser(c).id,
      c.var.ctx.clock.now(),
    );
    return redirectWith(c, `/banks/${bank.id}`, `Imported ${n} question${n === 1 ? "" : "s"}.`);
  })
  .get(
    "/banks/:id/export/:format",
    validated("param", z.object({ id: idParam.shape.id, format: z.enum(["gift", "aiken", "csv"]) })),
    async (c) => {
      const { id, format } = c.req.valid("param");
      const bank = await bankToUse(c, id);
      const tree = await treeOf(c, bank.id);
      const rows = await questionsOf(c.var.ctx.db, bank.id);
      const body =
        format === "gift" ? giftOf(tree, rows) : format === "aiken" ? aikenOf(rows) : csvOf(tree, rows);
      const ext = format === "csv" ? "csv" : "txt";
      c.header("Content-Type", format === "csv" ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="${slug(bank.name) || "bank"}-${format}.${ext}"`);
      return c.body(body);
    },
  )
  .get(
    "/banks/:id/questions/new",
    validated("param", idParam),
    validated("query", z.object({ type: qtypeSchema, category: z.coerce.number().int().optional() })),
    async (c) => {
      const bank = await bankToUse(c, c.req.valid("param").id);
      const { type, category } = c.req.valid("query");
      const tree = await treeOf(c, bank.id);
      const values: Record<string, string> = {
        category_id: String(category ?? tree[0]?.id ?? ""),
        default_mark: "1",
        single: "on",
        credit_0: "100",
      };
      return c.render(
        <QuestionFormPage
          bank={bank}
          tree={tree}
          qtype={type}
          action={`/banks/${bank.id}/questions`}
          values={values}
        />,
        { title: "New question" },
      );
    },
  )
  .post("/banks/:id/questions", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    const values = stringsOf(await c.req.parseBody());
    const qtype = qtypeSchema.parse(values.qtype);
    const q = questionFromForm(qtype, values);
    const problems = questionProblems(q);
    const tree = await treeOf(c, bank.id);
    if (problems.length > 0) {
      c.status(422);
      return c.render(
        <QuestionFormPage
          bank={bank}
          tree={tree}
          qtype={qtype}
          action={`/banks/${bank.id}/questions`}
          values={values}
          errors={problems}
        />,
        { title: "New question" },
      );
    }
    const category = await categoryIn(c, bank, values.category_id);
    const id = await createQuestion(
      c.var.ctx.db,
      bank.id,
      category,
      q,
      currentUser(c).id,
      c.var.ctx.clock.now(),
    );
    return redirectWith(c, `/questions/${id}`, "Question saved.");
  })
  .get(
    "/questions/:id",
    validated("param", idParam),
    validated("query", z.object({ version: z.coerce.number().int().positive().optional() })),
    async (c) => {
      const { question, bank } = await questionToEdit(c, c.req.valid("param").id);
      const history = await versionsOf(c.var.ctx.db, question.id);
      const current = history.find((h) => h.id === question.current_version_id) ?? history[0]!;
      const wanted = c.req.valid("query").version;
      const shown = (wanted ? history.find((h) => h.version === wanted) : current) ?? current;
      const q = questionOf(shown);
      return c.render(
        <QuestionPage
          bank={bank}
          questionId={question.id}
          q={q}
          shownVersion={shown.version}
          current={current.version}
          history={history}
          right={rightAnswer(q)}
          manage={{ categoryId: question.category_id, tree: await treeOf(c, bank.id) }}
        />,
        { title: q.name },
      );
    },
  )
  .get("/questions/:id/edit", validated("param", idParam), async (c) => {
    const { question, bank } = await questionToEdit(c, c.req.valid("param").id);
    const history = await versionsOf(c.var.ctx.db, question.id);
    const current = history.find((h) => h.id === question.current_version_id)!;
    const q = questionOf(current);
    return c.render(
      <QuestionFormPage
        bank={bank}
        tree={await treeOf(c, bank.id)}
        qtype={q.qtype}
        action={`/questions/${question.id}`}
        values={formFromQuestion(q, question.category_id)}
        editing={{ id: question.id, version: current.version }}
      />,
      { title: "Edit question" },
    );
  })
  .post("/questions/:id", validated("param", idParam), async (c) => {
    const { question, bank } = await questionToEdit(c, c.req.valid("param").id);
    const history = await versionsOf(c.var.ctx.db, question.id);
    const current = history.find((h) => h.id === question.current_version_id)!;
    const qtype = current.qtype as QType; // a question keeps its type; a new type is a new question
    const values = stringsOf(await c.req.parseBody());
    const q = questionFromForm(qtype, values);
    const problems = questionProblems(q);
    if (problems.length > 0) {
      c.status(422);
      return c.render(
        <QuestionFormPage
          bank={bank}
          tree={await treeOf(c, bank.id)}
          qtype={qtype}
          action={`/questions/${question.id}`}
          values={values}
          errors={problems}
          editing={{ id: question.id, version: current.version }}
        />,
        { title: "Edit question" },
      );
    }
    const category = await categoryIn(c, bank, values.category_id);
    await reviseQuestion(c.var.ctx.db, question.id, q, category, currentUser(c).id, c.var.ctx.clock.now());
    return redirectWith(c, `/questions/${question.id}`, `Saved as version ${current.version + 1}.`);
  });
