// A question's content as Slate stores it in a version row: Moodle's shape (formats/types.ts), so
// import, export, grading and the editor share one model. `data` holds the type's own fields.
import type { QuestionVersion } from "../../db/tables/assessments.ts";
import type { ImportedQuestion, QType, TextFormat } from "./formats/types.ts";

export const QTYPES: readonly { value: QType; label: string }[] = [
  { value: "multichoice", label: "Multiple choice" },
  { value: "truefalse", label: "True/false" },
  { value: "shortanswer", label: "Short answer" },
  { value: "numerical", label: "Numerical" },
  { value: "match", label: "Matching" },
  { value: "essay", label: "Essay" },
  { value: "description", label: "Description" },
];

export const qtypeLabel = (t: string) => QTYPES.find((q) => q.value === t)?.label ?? t;

const TYPE_FIELDS = [
  "single",
  "answer",
  "fraction",
  "feedback",
  "tolerance",
  "correctanswer",
  "feedbacktrue",
  "feedbackfalse",
  "usecase",
  "subquestions",
  "subanswers",
] as const;

/** The question a version holds. */
export function questionOf(v: QuestionVersion): ImportedQuestion {
  const data = JSON.parse(v.data) as Partial<ImportedQuestion>;
  return {
    ...data,
    qtype: v.qtype as QType,
    name: v.name,
    questiontext: v.body,
    questiontextformat: v.body_format as TextFormat,
    generalfeedback: v.general_feedback,
    defaultmark: v.default_mark,
    tags: JSON.parse(v.tags) as string[],
  };
}

/** The columns of a version row for a question. */
export function versionColumns(q: ImportedQuestion) {
  const data: Record<string, unknown> = {};
  for (const key of TYPE_FIELDS) if (q[key] !== undefined) data[key] = q[key];
  return {
    qtype: q.qtype,
    name: q.name,
    body: q.questiontext,
    body_format: q.questiontextformat,
    default_mark: q.qtype === "description" ? 0 : q.defaultmark,
    general_feedback: q.generalfeedback,
    tags: JSON.stringify(q.tags),
    data: JSON.stringify(data),
  };
}

export const LIMITS = { name: 200, text: 20_000, answers: 26, answer: 2000, tags: 20 };

/** What is wrong with a question before it is stored (the same rules for the editor and imports). */
export function questionProblems(q: ImportedQuestion): string[] {
  const out: string[] = [];
  if (!q.name.trim()) out.push("The question needs a name.");
  if (q.name.length > LIMITS.name) out.push(`The name must be at most ${LIMITS.name} characters.`);
  if (!q.questiontext.trim()) out.push("The question needs its text.");
  if (q.questiontext.length > LIMITS.text) out.push(`The text must be at most ${LIMITS.text} characters.`);
  if (!(q.defaultmark >= 0 && q.defaultmark <= 1000)) out.push("Default marks must be between 0 and 1000.");
  if (q.tags.length > LIMITS.tags) out.push(`At most ${LIMITS.tags} tags.`);
  const answers = q.answer ?? [];
  const fractions = q.fraction ?? [];
  if (answers.length > LIMITS.answers) out.push(`At most ${LIMITS.answers} answers.`);
  if (answers.some((a) => a.length > LIMITS.answer)) out.push("An answer is too long.");
  if (fractions.some((f) => !(f >= -1 && f <= 1))) out.push("Credit must be between -100% and 100%.");
  switch (q.qtype) {
    case "multichoice":
      if (answers.length < 2) out.push("A multiple-choice question needs at least two answers.");
      if (q.single === 1 && !fractions.some((f) => f === 1)) out.push("One answer must be worth 100%.");
      if (q.single === 0 && !(fractions.filter((f) => f > 0).reduce((a, b) => a + b, 0) >= 0.999))
        out.push("The positive credits of the right answers must add up to 100%.");
      break;
    case "shortanswer":
    case "numerical":
      if (answers.length < 1) out.push("At least one accepted answer is needed.");
      if (!fractions.some((f) => f === 1)) out.push("One accepted answer must be worth 100%.");
      if (
        q.qtype === "numerical" &&
        answers.some((a) => a !== "*" && (a.trim() === "" || !Number.isFinite(Number(a))))
      )
        out.push("Numerical answers must be numbers (or * for any other answer).");
      if ((q.tolerance ?? []).some((t) => !Number.isFinite(t))) out.push("Tolerances must be numbers.");
      break;
    case "match": {
      const real = (q.subquestions ?? []).filter((s) => s.trim() !== "");
      if (real.length < 2) out.push("A matching question needs at least two pairs.");
      break;
    }
    default:
      break;
  }
  return out;
}
