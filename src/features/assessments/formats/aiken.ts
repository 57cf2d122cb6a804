// Aiken import and export, as Moodle's qformat_aiken reads it: a question's text (one or more lines),
// then its choices, one a line, each a capital letter, ")" or ".", a space and the text, then
// `ANSWER: X`. Only single-answer multiple choice without feedback fits the format. Errors name the
// line: choices before any question text, fewer than two choices, an ANSWER letter that is not a
// choice, a question left without its ANSWER line.
import {
  defaultName,
  emptyQuestion,
  type ImportedQuestion,
  type LineError,
  type ParseResult,
  TEXT_FORMATS,
} from "./types.ts";

const CHOICE = /^([A-Z])[).][ \t]+(.*)$/;
const ANSWER = /^ANSWER:\s*(.*)$/;

interface Pending {
  line: number;
  text: string[];
  choices: { letter: string; text: string }[];
}

function finish(p: Pending, answerLine: number, letterRaw: string): ImportedQuestion | LineError {
  if (p.text.length === 0) return { line: p.line, message: "Choices come before any question text." };
  if (p.choices.length < 2) return { line: answerLine, message: "A question needs at least two choices." };
  const letter = letterRaw.trim().charAt(0);
  const right = p.choices.findIndex((c) => c.letter === letter);
  if (right < 0) {
    return {
      line: answerLine,
      message: `ANSWER: ${letterRaw.trim() || "(empty)"} is not one of the choices.`,
    };
  }
  const q = emptyQuestion("multichoice");
  q.questiontext = p.text.join("\n");
  q.questiontextformat = TEXT_FORMATS.moodle;
  q.name = defaultName(q.questiontext);
  q.single = 1;
  q.answer = p.choices.map((c) => c.text);
  q.fraction = p.choices.map((_, i) => (i === right ? 1 : 0));
  q.feedback = p.choices.map(() => "");
  return q;
}

export function parseAiken(source: string): ParseResult {
  const result: ParseResult = { items: [], errors: [] };
  const lines = source.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let pending: Pending | null = null;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line.length < 2) {
      if (line.length === 1)
        result.errors.push({ line: n, message: "A line of one character is not Aiken." });
      return;
    }
    const choice = CHOICE.exec(line);
    const answer = ANSWER.exec(line);
    if (choice) {
      pending ??= { line: n, text: [], choices: [] };
      if (pending.choices.some((c) => c.letter === choice[1])) {
        result.errors.push({ line: n, message: `Choice ${choice[1]} appears twice.` });
      }
      pending.choices.push({ letter: choice[1] ?? "", text: (choice[2] ?? "").trim() });
    } else if (answer) {
      if (!pending) {
        result.errors.push({ line: n, message: "ANSWER line without a question." });
        return;
      }
      const done = finish(pending, n, answer[1] ?? "");
      if ("qtype" in done) result.items.push({ line: pending.line, item: done });
      else result.errors.push(done);
      pending = null;
    } else if (pending && pending.choices.length > 0) {
      result.errors.push({ line: n, message: "Text after the choices: is an ANSWER: line missing?" });
    } else {
      pending ??= { line: n, text: [], choices: [] };
      pending.text.push(line);
    }
  });
  if (pending) {
    result.errors.push({ line: (pending as Pending).line, message: "This question has no ANSWER: line." });
  }
  return result;
}

/** Whether a question can be written as Aiken: one right choice among 2..26, no partial credit. */
export function fitsAiken(q: ImportedQuestion): boolean {
  const f = q.fraction ?? [];
  return (
    q.qtype === "multichoice" &&
    q.single === 1 &&
    f.length >= 2 &&
    f.length <= 26 &&
    f.filter((x) => x === 1).length === 1 &&
    f.every((x) => x === 0 || x === 1)
  );
}

const oneLine = (s: string) => s.replace(/\s*\r?\n\s*/g, " ").trim();

export function exportAiken(questions: ImportedQuestion[]): string {
  return questions
    .filter(fitsAiken)
    .map((q) => {
      const letters = (q.answer ?? []).map((a, i) => `${String.fromCharCode(65 + i)}) ${oneLine(a)}`);
      const right = String.fromCharCode(65 + (q.fraction ?? []).indexOf(1));
      return [oneLine(q.questiontext), ...letters, `ANSWER: ${right}`].join("\n");
    })
    .join("\n\n")
    .concat("\n");
}
