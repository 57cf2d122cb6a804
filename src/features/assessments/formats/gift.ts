// GIFT import and export with the semantics of Moodle's importer (question/format/gift/format.php):
// questions are blocks of lines separated by blank lines; `//` lines are comments (a `[tag:x]` in one
// tags the question); escapes \~ \= \# \{ \} \: \n are protected before anything is split; the
// first `{` and the first `}` hold the answers; the last `####` in them starts the general feedback;
// the answers decide the type in Moodle's order (none: description, empty: essay, `#`: numerical,
// `~`: multiple choice, `=` with `->`: matching, T/F: true/false, otherwise short answer).
// One deliberate difference: Moodle turns a non-numeric numerical answer into "*" (a typo in its
// check, `$ans = '*'`); here it is the error Moodle meant to report.
import {
  defaultName,
  emptyQuestion,
  type ImportedItem,
  type ImportedQuestion,
  type LineError,
  type ParseResult,
  TEXT_FORMATS,
  type TextFormat,
} from "./types.ts";

// Placeholders for escaped characters: private-use code points that never occur in real text.
const ESCAPES: [string, string, string][] = [
  ["\\:", "\uE001", ":"],
  ["\\#", "\uE002", "#"],
  ["\\=", "\uE003", "="],
  ["\\{", "\uE004", "{"],
  ["\\}", "\uE005", "}"],
  ["\\~", "\uE006", "~"],
  ["\\n", "\uE007", "\n"],
];
const BACKSLASH = "\uE000";

function protectEscapes(text: string): string {
  let out = text.replaceAll("\\\\", BACKSLASH);
  for (const [escaped, holder] of ESCAPES) out = out.replaceAll(escaped, holder);
  return out.replaceAll(BACKSLASH, "\\");
}

function restoreEscapes(text: string): string {
  let out = text;
  for (const [, holder, char] of ESCAPES) out = out.replaceAll(holder, char);
  return out;
}

const FORMAT_NAMES: Record<string, TextFormat> = TEXT_FORMATS;

/** `[html]text` -> text and its format; an unknown `[x]` is kept as text. */
function withFormat(raw: string, fallback: TextFormat): { text: string; format: TextFormat } {
  let text = raw;
  let format = fallback;
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    const named = end > 0 ? FORMAT_NAMES[text.slice(1, end)] : undefined;
    if (named !== undefined) {
      format = named;
      text = text.slice(end + 1);
    }
  }
  return { text: restoreEscapes(text).trim(), format };
}

/** "text#feedback" -> [text, feedback]. */
function splitFeedback(answer: string, format: TextFormat): [string, string] {
  const at = answer.indexOf("#");
  if (at < 0) return [withFormat(answer.trim(), format).text, ""];
  return [
    withFormat(answer.slice(0, at).trim(), format).text,
    withFormat(answer.slice(at + 1).trim(), format).text,
  ];
}

const WEIGHT = /^%-*([0-9]{1,2})\.?([0-9]*)%/;

/** "%50%rest" -> [0.5, "rest"]; "%-25%rest" -> [-0.25, "rest"]. */
function takeWeight(answer: string): [number, string] {
  const body = answer.slice(1);
  const end = body.indexOf("%");
  const raw = body.slice(0, end);
  const negative = raw.startsWith("-");
  const value = Math.round(Number(raw.replace(/^-+/, "")) * 1e5) / 1e7;
  return [negative ? -value : value, body.slice(end + 1)];
}

/** Splits on `sep` and drops an empty first piece (text before the first marker). */
function pieces(text: string, sep: string): string[] {
  const parts = text.split(sep);
  if (parts[0] !== undefined) parts[0] = parts[0].trim();
  if (parts[0] === "") parts.shift();
  return parts;
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

class QuestionError extends Error {}

const MESSAGES = {
  brace: "Could not find {...} around answers.",
  tooFew: "There are not enough answers for this question type.",
  matching: "Matching question answers are improperly formatted: each needs `=question -> answer`.",
  noNumbers: "No answers found for numerical question.",
  notNumbers: "Numerical answers and tolerances must be numbers.",
};

function multichoice(q: ImportedQuestion, answerText: string): void {
  q.single = answerText.includes("=") ? 1 : 0;
  const answers = pieces(answerText.replaceAll("=", "~="), "~");
  if (answers.length < 2) throw new QuestionError(MESSAGES.tooFew);
  q.answer = [];
  q.fraction = [];
  q.feedback = [];
  for (const raw of answers) {
    let answer = raw.trim();
    let weight = 0;
    if (answer.startsWith("=")) {
      weight = 1;
      answer = answer.slice(1);
    } else if (WEIGHT.test(answer)) {
      [weight, answer] = takeWeight(answer);
    }
    const [text, feedback] = splitFeedback(answer, q.questiontextformat);
    q.answer.push(text);
    q.feedback.push(feedback);
    q.fraction.push(weight);
  }
}

function match(q: ImportedQuestion, answerText: string): void {
  const answers = pieces(answerText, "=");
  if (answers.length < 2) throw new QuestionError(MESSAGES.tooFew);
  q.subquestions = [];
  q.subanswers = [];
  for (const raw of answers) {
    const marker = raw.indexOf("->");
    if (marker < 0) throw new QuestionError(MESSAGES.matching);
    q.subquestions.push(withFormat(raw.slice(0, marker).trim(), q.questiontextformat).text);
    q.subanswers.push(restoreEscapes(raw.slice(marker + 2)).trim());
  }
}

function truefalse(q: ImportedQuestion, answerText: string): void {
  const [answer = "", wrong = "", right = ""] = splitN(answerText, "#", 3).map(
    (s) => withFormat(s.trim(), q.questiontextformat).text,
  );
  const isTrue = answer === "T" || answer === "TRUE";
  q.correctanswer = isTrue ? 1 : 0;
  q.feedbacktrue = isTrue ? right : wrong;
  q.feedbackfalse = isTrue ? wrong : right;
}

/** PHP's explode with a limit: at most n pieces, the last holds the rest. */
function splitN(text: string, sep: string, n: number): string[] {
  const parts = text.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function shortanswer(q: ImportedQuestion, answerText: string): void {
  const answers = pieces(answerText, "=");
  if (answers.length < 1) throw new QuestionError(MESSAGES.tooFew);
  q.usecase = 0;
  q.answer = [];
  q.fraction = [];
  q.feedback = [];
  for (const raw of answers) {
    let answer = raw.trim();
    let weight = 1;
    if (WEIGHT.test(answer)) [weight, answer] = takeWeight(answer);
    const [text, feedback] = splitFeedback(answer, q.questiontextformat);
    q.answer.push(text);
    q.fraction.push(weight);
    q.feedback.push(feedback);
  }
}

function numerical(q: ImportedQuestion, answerText: string): void {
  let text = answerText.slice(1);
  let wrongFeedback = "";
  const tilde = text.indexOf("~");
  if (tilde >= 0) {
    wrongFeedback = text.slice(tilde);
    text = text.slice(0, tilde);
  }
  const answers = pieces(text, "=");
  if (answers.length === 0) throw new QuestionError(MESSAGES.noNumbers);
  q.answer = [];
  q.fraction = [];
  q.feedback = [];
  q.tolerance = [];
  for (const raw of answers) {
    let answer = raw.trim();
    let weight = 1;
    if (WEIGHT.test(answer)) [weight, answer] = takeWeight(answer);
    const [value, feedback] = splitFeedback(answer, q.questiontextformat);
    const { answer: ans, tolerance } = numericValue(value);
    q.answer.push(ans);
    q.tolerance.push(tolerance);
    q.fraction.push(weight);
    q.feedback.push(feedback);
  }
  if (wrongFeedback) {
    q.answer.push("*");
    q.tolerance.push(0);
    q.fraction.push(0);
    q.feedback.push(splitFeedback(wrongFeedback, q.questiontextformat)[1]);
  }
}

/** "5", "5:0.5" (value and error margin) or "4..6" (a range, stored as its middle and half width). */
function numericValue(value: string): { answer: string; tolerance: number } {
  const range = value.indexOf("..");
  if (range > 0) {
    const min = value.slice(0, range).trim();
    const max = value.slice(range + 2).trim();
    if (!NUMBER.test(min) || !NUMBER.test(max)) throw new QuestionError(MESSAGES.notNumbers);
    const mid = (Number(max) + Number(min)) / 2;
    return { answer: String(mid), tolerance: Number(max) - mid };
  }
  const colon = value.indexOf(":");
  const ans = (colon > 0 ? value.slice(0, colon) : value).trim();
  const tol = colon > 0 ? value.slice(colon + 1).trim() : "0";
  if (!(NUMBER.test(ans) || ans === "*") || !NUMBER.test(tol)) throw new QuestionError(MESSAGES.notNumbers);
  return { answer: ans, tolerance: Number(tol) };
}

function questionType(answerText: string): ImportedQuestion["qtype"] {
  if (answerText === "") return "essay";
  if (answerText.startsWith("#")) return "numerical";
  if (answerText.includes("~")) return "multichoice";
  if (answerText.includes("=") && answerText.includes("->")) return "match";
  const hash = answerText.indexOf("#");
  const check = hash > 0 ? answerText.slice(0, hash).trim() : answerText;
  return ["T", "TRUE", "F", "FALSE"].includes(check) ? "truefalse" : "shortanswer";
}

const FILLERS = { multichoice, match, truefalse, shortanswer, numerical } as const;

/** One block of lines -> a question, a category, or null for a block of comments only. */
function readQuestion(lines: string[]): ImportedItem | null {
  const tags: string[] = [];
  const kept = lines.map((l) => {
    const t = l.trim();
    if (!t.startsWith("//")) return l;
    for (const m of t.matchAll(/\[tag:([^\]]+)\]/g)) if (m[1]) tags.push(m[1].trim());
    return " ";
  });
  let text = protectEscapes(kept.join("\n").trim());
  if (text === "") return null;
  if (text.startsWith("$CATEGORY:")) return { qtype: "category", category: text.slice(10).trim() };

  let name: string | null = null;
  if (text.startsWith("::")) {
    text = text.slice(2);
    const end = text.indexOf("::");
    if (end >= 0) {
      name = restoreEscapes(text.slice(0, end)).trim();
      text = text.slice(end + 2).trim();
    }
  }

  const start = text.indexOf("{");
  const finish = text.indexOf("}");
  const description = start < 0 && finish < 0;
  if (!description && (start < 0 || finish < 0 || finish < start)) throw new QuestionError(MESSAGES.brace);
  let answerText = description ? "" : text.slice(start + 1, finish).trim();
  let questionText = text;
  if (!description) {
    const blank = text.endsWith("}") ? "" : "_____";
    questionText = text.slice(0, start) + blank + text.slice(finish + 1);
  }

  let generalFeedback = "";
  const gf = answerText.lastIndexOf("####");
  if (gf >= 0) {
    generalFeedback = answerText.slice(gf + 4);
    answerText = answerText.slice(0, gf).trim();
  }

  const qtype = description ? "description" : questionType(answerText);
  const q = emptyQuestion(qtype);
  const body = withFormat(questionText, TEXT_FORMATS.moodle);
  q.questiontext = body.text;
  q.questiontextformat = body.format;
  q.generalfeedback = withFormat(generalFeedback, body.format).text;
  q.name = name || defaultName(q.questiontext);
  q.tags = tags;
  if (qtype !== "description" && qtype !== "essay") FILLERS[qtype](q, answerText);
  return q;
}

/** Every question of a GIFT file, and every error with the line its question starts on. */
export function parseGift(source: string): ParseResult {
  const result: ParseResult = { items: [], errors: [] };
  const lines = source.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let block: string[] = [];
  let blockStart = 0;
  const flush = () => {
    if (block.length === 0) return;
    try {
      const item = readQuestion(block);
      if (item) result.items.push({ line: blockStart, item });
    } catch (err) {
      if (!(err instanceof QuestionError)) throw err;
      result.errors.push({ line: errorLine(block, blockStart), message: err.message });
    }
    block = [];
  };
  lines.forEach((raw, i) => {
    if (raw.trim() === "") {
      flush();
      return;
    }
    if (block.length === 0) blockStart = i + 1;
    block.push(raw.trim());
  });
  flush();
  return result;
}

/** The line of the block's answers (its first `{`), else its first line that is not a comment. */
function errorLine(block: string[], start: number): number {
  const brace = block.findIndex((l) => !l.startsWith("//") && protectEscapes(l).includes("{"));
  if (brace >= 0) return start + brace;
  const first = block.findIndex((l) => !l.startsWith("//"));
  return start + Math.max(first, 0);
}

// ---- export ----

/** Escapes GIFT's reserved characters, as Moodle's repchar does. */
export function escapeGift(text: string): string {
  return text
    .replaceAll("\\", "\\\\")
    .replace(/[#=~{}:]/g, (c) => `\\${c}`)
    .replaceAll("\r", "")
    .replaceAll("\n", "\\n");
}

const FORMAT_LABEL: Record<number, string> = { 0: "moodle", 1: "html", 2: "plain", 4: "markdown" };

function textOut(text: string, format: TextFormat): string {
  const label = format === TEXT_FORMATS.moodle || text === "" ? "" : `[${FORMAT_LABEL[format]}]`;
  return label + escapeGift(text);
}

const percent = (f: number) => `%${Math.round(f * 100000) / 1000}%`;
const fb = (text: string | undefined) => (text ? `#${escapeGift(text)}` : "");

function answersOut(q: ImportedQuestion): string[] {
  const a = q.answer ?? [];
  const f = q.fraction ?? [];
  const feedback = q.feedback ?? [];
  switch (q.qtype) {
    case "multichoice":
      return a.map((text, i) => {
        const w = f[i] ?? 0;
        const mark = w === 1 && q.single === 1 ? "=" : w === 0 ? "~" : `~${percent(w)}`;
        return `\t${mark}${escapeGift(text)}${fb(feedback[i])}`;
      });
    case "shortanswer":
      return a.map((text, i) => `\t=${percent(f[i] ?? 1)}${escapeGift(text)}${fb(feedback[i])}`);
    case "numerical":
      return a.map((value, i) =>
        value === "*"
          ? `\t~${fb(feedback[i]) || "#"}`
          : `\t=${percent(f[i] ?? 1)}${value}:${q.tolerance?.[i] ?? 0}${fb(feedback[i])}`,
      );
    case "match":
      return (q.subquestions ?? []).map(
        (sub, i) => `\t=${escapeGift(sub)} -> ${escapeGift(q.subanswers?.[i] ?? "")}`,
      );
    default:
      return [];
  }
}

function questionOut(q: ImportedQuestion): string {
  const head = `::${escapeGift(q.name)}::${textOut(q.questiontext, q.questiontextformat)}`;
  const general = q.generalfeedback ? `####${escapeGift(q.generalfeedback)}` : "";
  const tags = q.tags.length > 0 ? `// ${q.tags.map((t) => `[tag:${t}]`).join(" ")}\n` : "";
  if (q.qtype === "description") return tags + head;
  if (q.qtype === "essay") return `${tags}${head}{${general}}`;
  if (q.qtype === "truefalse") {
    const right = q.correctanswer === 1 ? q.feedbacktrue : q.feedbackfalse;
    const wrong = q.correctanswer === 1 ? q.feedbackfalse : q.feedbacktrue;
    const feedback =
      wrong || right ? `#${escapeGift(wrong ?? "")}${right ? `#${escapeGift(right)}` : ""}` : "";
    return `${tags}${head}{${q.correctanswer === 1 ? "TRUE" : "FALSE"}${feedback}${general}}`;
  }
  const open = q.qtype === "numerical" ? "{#" : "{";
  const lines = answersOut(q);
  if (general) lines.push(`\t${general}`);
  return `${tags}${head}${open}\n${lines.join("\n")}\n}`;
}

/** A GIFT file Moodle (and parseGift) reads back to the same questions. */
export function exportGift(items: ImportedItem[]): string {
  return `${items
    .map((item) => (item.qtype === "category" ? `$CATEGORY: ${item.category}` : questionOut(item)))
    .join("\n\n")}\n`;
}

export type { LineError };
