// The question editor's form <-> a question. Answers come as numbered rows (answer_0, credit_0,
// feedback_0, ...); empty rows are skipped. Credits are percentages, as teachers write them in GIFT.
import type { ImportedQuestion, QType } from "./formats/types.ts";
import { emptyQuestion, TEXT_FORMATS } from "./formats/types.ts";

export const ANSWER_ROWS = 8;

type Values = Record<string, string>;

const num = (v: string | undefined, fallback: number) => {
  const t = (v ?? "").trim().replace(",", ".");
  if (t === "") return fallback;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
};

const clean = (v: string | undefined) => (v ?? "").normalize("NFC").trim();

export function questionFromForm(qtype: QType, v: Values): ImportedQuestion {
  const q = emptyQuestion(qtype);
  q.name = clean(v.name);
  q.questiontext = clean(v.text);
  q.questiontextformat = TEXT_FORMATS.markdown;
  q.defaultmark = qtype === "description" ? 0 : num(v.default_mark, 1);
  q.generalfeedback = clean(v.general_feedback);
  q.tags = clean(v.tags)
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const rows = Array.from({ length: ANSWER_ROWS }, (_, i) => i).filter(
    (i) => clean(v[`answer_${i}`]) !== "" || clean(v[`left_${i}`]) !== "" || clean(v[`right_${i}`]) !== "",
  );
  if (qtype === "multichoice" || qtype === "shortanswer" || qtype === "numerical") {
    q.answer = rows.map((i) => clean(v[`answer_${i}`]));
    q.fraction = rows.map((i) => num(v[`credit_${i}`], qtype === "multichoice" ? 0 : 100) / 100);
    q.feedback = rows.map((i) => clean(v[`feedback_${i}`]));
  }
  if (qtype === "multichoice") q.single = v.single === "on" ? 1 : 0;
  if (qtype === "shortanswer") q.usecase = v.usecase === "on" ? 1 : 0;
  if (qtype === "numerical") {
    q.tolerance = rows.map((i) => Math.abs(num(v[`tolerance_${i}`], 0)));
  }
  if (qtype === "truefalse") {
    q.correctanswer = v.correct === "false" ? 0 : 1;
    q.feedbacktrue = clean(v.feedback_true);
    q.feedbackfalse = clean(v.feedback_false);
  }
  if (qtype === "match") {
    q.subquestions = rows.map((i) => clean(v[`left_${i}`]));
    q.subanswers = rows.map((i) => clean(v[`right_${i}`]));
  }
  return q;
}

/** The form's values for a stored question. */
export function formFromQuestion(q: ImportedQuestion, categoryId: number): Values {
  const v: Values = {
    name: q.name,
    text: q.questiontext,
    default_mark: String(q.defaultmark),
    general_feedback: q.generalfeedback,
    tags: q.tags.join(", "),
    category_id: String(categoryId),
  };
  (q.answer ?? []).forEach((a, i) => {
    v[`answer_${i}`] = a;
    v[`credit_${i}`] = String(Math.round((q.fraction?.[i] ?? 0) * 100000) / 1000);
    v[`feedback_${i}`] = q.feedback?.[i] ?? "";
    if (q.tolerance) v[`tolerance_${i}`] = String(q.tolerance[i] ?? 0);
  });
  (q.subquestions ?? []).forEach((s, i) => {
    v[`left_${i}`] = s;
    v[`right_${i}`] = q.subanswers?.[i] ?? "";
  });
  if (q.single === 1) v.single = "on";
  if (q.usecase === 1) v.usecase = "on";
  if (q.qtype === "truefalse") {
    v.correct = q.correctanswer === 0 ? "false" : "true";
    v.feedback_true = q.feedbacktrue ?? "";
    v.feedback_false = q.feedbackfalse ?? "";
  }
  return v;
}
