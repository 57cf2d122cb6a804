// Assessments in a section (teachers build them, students open them): the settings form, the builder
// (parts, questions, random blocks) and the student's start page.
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { sectionToTeach } from "../../http/section-access.ts";
import { formValidator, idParam, line, optionalText, validated } from "../../http/validation.ts";
import { toLocalInput } from "../../lib/local-time.ts";
import { readTargeting, savedTargetingValues, saveItemTargeting, targetingSlot } from "../targeting/slot.tsx";
import { assessmentToTeach, assessmentToView } from "./access.ts";
import { studentStart } from "./attempt-routes.tsx";
import { retimeOpenAttempts, selectAssessment } from "./attempts.ts";
import {
  addPart,
  addSlot,
  assessmentForm,
  createAssessment,
  formValues,
  moveSlot,
  readPassword,
  structureOf,
  updateAssessment,
} from "./authoring.ts";
import { banksFor, categoriesOf, categoryTree, descendantsOf, questionsOf } from "./banks.ts";
import { DEFAULT_REVIEW, PHASES, SHOWS } from "./review.ts";
import { AssessmentFormPage } from "./views/assessment-form.tsx";
import { StartPage } from "./views/attempt.tsx";
import { BuilderPage, type Pickable } from "./views/builder.tsx";

function defaults(): Record<string, string> {
  const v: Record<string, string> = { grading_method: "highest", delivery: "all", max_attempts: "1" };
  for (const p of PHASES) for (const s of SHOWS) if (DEFAULT_REVIEW[p][s]) v[`review_${p}_${s}`] = "on";
  return v;
}

const invalidNew = formValidator(assessmentForm, async (c, error, values) => {
  const section = await sectionToTeach(c, Number(c.req.param("id")));
  c.status(422);
  return c.render(
    <AssessmentFormPage
      section={section}
      action={`/sections/${section.id}/assessments`}
      values={values}
      error={error}
      targeting={await targetingSlot(c.var.ctx.db, section.id, values, "assessment")}
    />,
    { title: "New assessment" },
  );
});

const invalidEdit = formValidator(assessmentForm, async (c, error, values) => {
  const { a, section } = await assessmentToTeach(c, Number(c.req.param("id")));
  c.status(422);
  return c.render(
    <AssessmentFormPage
      section={section}
      action={`/assessments/${a.id}`}
      values={values}
      targeting={await targetingSlot(c.var.ctx.db, section.id, values, "assessment")}
      error={error}
      editing={{ id: a.id, title: a.title }}
    />,
    { title: "Settings" },
  );
});

/** The questions and categories of every bank the teacher may use, for the builder's menus. */
async function pickable(c: Context<AppEnv>, user: User): Promise<Pickable> {
  const db = c.var.ctx.db;
  const out: Pickable = { questions: [], categories: [] };
  for (const bank of await banksFor(db, user)) {
    const all = await categoriesOf(db, bank.id);
    const tree = categoryTree(all);
    const rows = await questionsOf(db, bank.id);
    const path = new Map(tree.map((t) => [t.id, t.path]));
    for (const r of rows) {
      out.questions.push({
        id: r.id,
        label: `${bank.name} › ${path.get(r.category_id)} › ${r.version.name}`,
      });
    }
    for (const t of tree) {
      const inside = new Set(descendantsOf(all, t.id));
      const available = rows.filter(
        (r) => inside.has(r.category_id) && r.version.qtype !== "description",
      ).length;
      out.categories.push({ id: t.id, label: `${bank.name} › ${t.path}`, available });
    }
  }
  return out;
}

const slotForm = z.object({
  kind: z.enum(["question", "random"]),
  part_id: z.coerce.number().int().positive(),
  question_id: z.coerce.number().int().positive().optional(),
  category_id: z.coerce.number().int().positive().optional(),
  count: z.coerce
    .number({ error: "How many questions?" })
    .int()
    .min(1, "At least one question.")
    .max(200)
    .optional(),
  mark: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? Number(v.trim().replace(",", ".")) : null))
    .refine(
      (v) => v === null || (Number.isFinite(v) && v >= 0 && v <= 1000),
      "Marks must be a number from 0 to 1000.",
    ),
});

const partForm = z.object({
  title: line("Part title", 160),
  instructions: optionalText("Instructions", 4000),
});

export const assessmentRoutes = new Hono<AppEnv>()
  .get("/sections/:id/assessments/new", validated("param", idParam), async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    return c.render(
      <AssessmentFormPage
        section={section}
        action={`/sections/${section.id}/assessments`}
        values={defaults()}
        targeting={await targetingSlot(c.var.ctx.db, section.id, {}, "assessment")}
      />,
      { title: "New assessment" },
    );
  })
  .post("/sections/:id/assessments", validated("param", idParam), invalidNew, async (c) => {
    const section = await sectionToTeach(c, c.req.valid("param").id);
    const { ctx } = c.var;
    const targeting = await readTargeting(c, section.id);
    if (!targeting.ok) {
      c.status(422);
      return c.render(
        <AssessmentFormPage
          section={section}
          action={`/sections/${section.id}/assessments`}
          values={targeting.values}
          error={targeting.message}
          targeting={await targetingSlot(ctx.db, section.id, targeting.values, "assessment")}
        />,
        { title: "New assessment" },
      );
    }
    // One transaction: a remedial assessment is never, even for a moment, open to everyone.
    const id = await ctx.db.transaction().execute(async (tx) => {
      const made = await createAssessment(
        tx,
        ctx.secret,
        section.id,
        c.req.valid("form"),
        currentUser(c).id,
        ctx.clock.now(),
      );
      await saveItemTargeting(tx, "assessment", made, section.id, targeting.targeting);
      return made;
    });
    return redirectWith(c, `/assessments/${id}`, "Assessment created. Now add its questions.");
  })
  .get("/assessments/:id", validated("param", idParam), async (c) => {
    const id = c.req.valid("param").id;
    const { a, section, teaches } = await assessmentToView(c, id);
    if (!teaches) {
      const data = await studentStart(c, id);
      return c.render(<StartPage {...data} />, { title: a.title });
    }
    const { parts, slots } = await structureOf(c.var.ctx.db, a.id);
    const attempts = await c.var.ctx.db
      .selectFrom("assessment_attempts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assessment_id", "=", a.id)
      .executeTakeFirstOrThrow();
    return c.render(
      <BuilderPage
        section={section}
        a={a}
        parts={parts}
        slots={slots}
        pick={await pickable(c, currentUser(c))}
        attempts={Number(attempts.n)}
        password={readPassword(c.var.ctx.secret, a)}
      />,
      { title: a.title },
    );
  })
  .get("/assessments/:id/edit", validated("param", idParam), async (c) => {
    const { a, section } = await assessmentToTeach(c, c.req.valid("param").id);
    return c.render(
      <AssessmentFormPage
        section={section}
        action={`/assessments/${a.id}`}
        values={formValues(c.var.ctx.secret, a, toLocalInput)}
        editing={{ id: a.id, title: a.title }}
        targeting={
          await targetingSlot(
            c.var.ctx.db,
            section.id,
            await savedTargetingValues(c.var.ctx.db, "assessment", a),
            "assessment",
          )
        }
      />,
      { title: "Settings" },
    );
  })
  .post("/assessments/:id", validated("param", idParam), invalidEdit, async (c) => {
    const { a, section } = await assessmentToTeach(c, c.req.valid("param").id);
    const { ctx } = c.var;
    const targeting = await readTargeting(c, section.id);
    if (!targeting.ok) {
      c.status(422);
      return c.render(
        <AssessmentFormPage
          section={section}
          action={`/assessments/${a.id}`}
          values={targeting.values}
          error={targeting.message}
          editing={{ id: a.id, title: a.title }}
          targeting={await targetingSlot(ctx.db, section.id, targeting.values, "assessment")}
        />,
        { title: "Settings" },
      );
    }
    await ctx.db.transaction().execute(async (tx) => {
      await updateAssessment(tx, ctx.secret, a.id, c.req.valid("form"), ctx.clock.now());
      await saveItemTargeting(tx, "assessment", a.id, section.id, targeting.targeting);
    });
    await retimeOpenAttempts(ctx.db, (await selectAssessment(ctx.db, a.id))!);
    ctx.events.emit("assessment:changed", { assessmentId: a.id, sectionId: a.section_id, userId: 0 });
    return redirectWith(c, `/assessments/${a.id}`, "Settings saved.");
  })
  .post("/assessments/:id/parts", validated("param", idParam), async (c) => {
    const { a } = await assessmentToTeach(c, c.req.valid("param").id);
    const form = partForm.safeParse(await c.req.parseBody());
    if (!form.success)
      throw new HTTPException(422, { message: form.error.issues[0]?.message ?? "Name the part." });
    await addPart(c.var.ctx.db, a.id, form.data.title, form.data.instructions);
    return redirectWith(c, `/assessments/${a.id}`, "Part added.");
  })
  .post("/assessments/:id/slots", validated("param", idParam), async (c) => {
    const { a } = await assessmentToTeach(c, c.req.valid("param").id);
    const form = slotForm.safeParse(await c.req.parseBody());
    if (!form.success)
      throw new HTTPException(422, { message: form.error.issues[0]?.message ?? "The form is not valid." });
    const f = form.data;
    const { parts } = await structureOf(c.var.ctx.db, a.id);
    if (!parts.some((p) => p.id === f.part_id))
      throw new HTTPException(422, { message: "Choose a part of this assessment." });
    const pick = await pickable(c, currentUser(c));
    if (f.kind === "question" && !pick.questions.some((q) => q.id === f.question_id)) {
      throw new HTTPException(422, { message: "Choose a question from your banks." });
    }
    if (f.kind === "random" && !pick.categories.some((q) => q.id === f.category_id)) {
      throw new HTTPException(422, { message: "Choose a category from your banks." });
    }
    await addSlot(c.var.ctx.db, a.id, f.part_id, {
      questionId: f.kind === "question" ? f.question_id! : null,
      categoryId: f.kind === "random" ? f.category_id! : null,
      count: f.kind === "random" ? (f.count ?? 1) : 1,
      mark: f.mark,
    });
    return redirectWith(
      c,
      `/assessments/${a.id}`,
      f.kind === "random" ? "Random block added." : "Question added.",
    );
  })
  .post(
    "/assessments/:id/slots/:slot/delete",
    validated("param", z.object({ id: idParam.shape.id, slot: idParam.shape.id })),
    async (c) => {
      const { a } = await assessmentToTeach(c, c.req.valid("param").id);
      await c.var.ctx.db
        .deleteFrom("assessment_slots")
        .where("id", "=", c.req.valid("param").slot)
        .where("assessment_id", "=", a.id)
        .execute();
      return redirectWith(c, `/assessments/${a.id}`, "Removed.");
    },
  )
  .post(
    "/assessments/:id/slots/:slot/move/:dir",
    validated(
      "param",
      z.object({ id: idParam.shape.id, slot: idParam.shape.id, dir: z.enum(["up", "down"]) }),
    ),
    async (c) => {
      const { id, slot, dir } = c.req.valid("param");
      const { a } = await assessmentToTeach(c, id);
      await moveSlot(c.var.ctx.db, a.id, slot, dir);
      return c.redirect(`/assessments/${a.id}`, 303);
    },
  );
