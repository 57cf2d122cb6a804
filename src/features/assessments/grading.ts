// Grading of every question type, pure: a question version, the order its choices were shown in, and
// the student's response give a fraction of the item's marks (null: waits for a teacher). Moodle's
// rules: one-answer multiple choice scores the chosen answer's credit (negative allowed); several
// answers add up the chosen credits, kept within 0..1; short answers and numbers take the first
// accepted answer that matches (`*` is a wildcard; a number within its tolerance); matching scores
// the share of pairs right.
import type { ImportedQuestion } from "./formats/types.ts";
import { range, shuffled } from "./shuffle.ts";

/** How an item was laid out for its attempt: the shown order of answers (and of matching prompts). */
export interface Layout {
  order: number[];
  /** matching: the indexes of the distinct answers, in the order the menus list them */
  choices?: number[];
}

export type Response =
  | { choice: number }
  | { choices: number[] }
  | { value: boolean }
  | { text: string }
  | { pairs: (number | null)[] };

/** The distinct right-hand sides of a matching question (extra wrong answers included). */
export function matchChoices(q: ImportedQuestion): string[] {
  return [...new Set((q.subanswers ?? []).map((s) => s.trim()))];
}

/** The prompts of a matching question (an empty one is only an extra answer). */
export function matchPrompts(q: ImportedQuestion): number[] {
  return (q.subquestions ?? []).flatMap((s, i) => (s.trim() ? [i] : []));
}

export function layoutFor(q: ImportedQuestion, shuffle: boolean, random = Math.random): Layout {
  const mix = <T>(xs: T[]) => (shuffle ? shuffled(xs, random) : xs);
  if (q.qtype === "multichoice") return { order: mix(range(q.answer?.length ?? 0)) };
  if (q.qtype === "match") {
    return { order: mix(matchPrompts(q)), choices: shuffled(range(matchChoices(q).length), random) };
  }
  return { order: [] };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Moodle's wildcard match: `*` is any run of characters; spaces are collapsed first. */
export function wildcardMatch(pattern: string, text: string, caseSensitive: boolean): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, " ");
  const escaped = norm(pattern)
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${escaped}$`, caseSensitive ? "su" : "isu").test(norm(text));
}

/** A typed number: "3.14", "3,14", " -2e3 "; null when it is not one (or not finite). */
export function parseNumber(text: string): number | null {
  const t = text
    .trim()
    .replace(/\s/g, "")
    .replace(/^(-?\d+),(\d+)$/, "$1.$2");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  // "1e309" is Infinity, and Infinity is within Infinity's relative tolerance of every answer.
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Which accepted answer (index) a short or numerical response matches, or -1. */
export function matchingAnswer(q: ImportedQuestion, text: string): number {
  const answers = q.answer ?? [];
  if (q.qtype === "shortanswer") {
    if (!text.trim()) return -1;
    return answers.findIndex((a) => wildcardMatch(a, text, q.usecase === 1));
  }
  const value = parseNumber(text);
  if (value === null) return -1;
  return answers.findIndex((a, i) => {
    if (a === "*") return true;
    const tol = Math.abs(q.tolerance?.[i] ?? 0);
    return Math.abs(value - Number(a)) <= tol + 1e-12 * Math.max(1, Math.abs(value));
  });
}

/** The fraction of the marks a response earns; null for essays (a teacher marks them). */
export function gradeResponse(q: ImportedQuestion, response: Response | null): number | null {
  const fractions = q.fraction ?? [];
  switch (q.qtype) {
    case "essay":
      return null;
    case "description":
      return 0;
    case "multichoice":
      if (q.single === 1) return response && "choice" in response ? (fractions[response.choice] ?? 0) : 0;
      if (!response || !("choices" in response)) return 0;
      return clamp(
        [...new Set(response.choices)].reduce((sum, i) => sum + (fractions[i] ?? 0), 0),
        0,
        1,
      );
    case "truefalse":
      return response && "value" in response && response.value === (q.correctanswer === 1) ? 1 : 0;
    case "shortanswer":
    case "numerical": {
      if (!response || !("text" in response)) return 0;
      const i = matchingAnswer(q, response.text);
      return i < 0 ? 0 : (fractions[i] ?? 0);
    }
    case "match": {
      const prompts = matchPrompts(q);
      if (!response || !("pairs" in response) || prompts.length === 0) return 0;
      const choices = matchChoices(q);
      const right = prompts.filter((p, k) => {
        const chosen = response.pairs[k];
        return chosen !== null && chosen !== undefined && choices[chosen] === q.subanswers?.[p]?.trim();
      }).length;
      return right / prompts.length;
    }
  }
}

/** The feedback of the answer(s) a response chose. */
export function responseFeedback(q: ImportedQuestion, response: Response | null): string[] {
  if (!response) return [];
  const fb = q.feedback ?? [];
  if (q.qtype === "multichoice") {
    const chosen = "choice" in response ? [response.choice] : "choices" in response ? response.choices : [];
    return chosen.map((i) => fb[i] ?? "").filter(Boolean);
  }
  if (q.qtype === "truefalse" && "value" in response) {
    const text = response.value ? q.feedbacktrue : q.feedbackfalse;
    return text ? [text] : [];
  }
  if ((q.qtype === "shortanswer" || q.qtype === "numerical") && "text" in response) {
    const i = matchingAnswer(q, response.text);
    return i >= 0 && fb[i] ? [fb[i]] : [];
  }
  return [];
}

/** The right answer in words, for the review phases that show it. */
export function rightAnswer(q: ImportedQuestion): string {
  const answers = q.answer ?? [];
  const fractions = q.fraction ?? [];
  switch (q.qtype) {
    case "multichoice":
      return answers.filter((_, i) => (fractions[i] ?? 0) > 0).join("; ");
    case "truefalse":
      return q.correctanswer === 1 ? "True" : "False";
    case "shortanswer":
      return answers[fractions.indexOf(1)] ?? "";
    case "numerical": {
      const i = fractions.indexOf(1);
      const tol = q.tolerance?.[i] ?? 0;
      return tol ? `${answers[i]} ± ${tol}` : (answers[i] ?? "");
    }
    case "match":
      return matchPrompts(q)
        .map((p) => `${q.subquestions?.[p]} → ${q.subanswers?.[p]}`)
        .join("; ");
    default:
      return "";
  }
}

/** A response in a few words, for answer frequencies and exports. */
export function responseLabel(q: ImportedQuestion, response: Response | null): string {
  if (!response) return "(no answer)";
  const answers = q.answer ?? [];
  if ("choice" in response) return answers[response.choice] ?? "?";
  if ("choices" in response) {
    return response.choices.length === 0
      ? "(no answer)"
      : [...response.choices]
          .sort((a, b) => a - b)
          .map((i) => answers[i] ?? "?")
          .join(" + ");
  }
  if ("value" in response) return response.value ? "True" : "False";
  if ("text" in response) {
    const t = response.text.trim().replace(/\s+/g, " ");
    if (!t) return "(no answer)";
    return q.qtype === "essay" ? `${t.slice(0, 60)}${t.length > 60 ? "…" : ""}` : t.slice(0, 120);
  }
  const choices = matchChoices(q);
  return matchPrompts(q)
    .map((p, k) => `${q.subquestions?.[p]} → ${choices[response.pairs[k] ?? -1] ?? "?"}`)
    .join("; ");
}
