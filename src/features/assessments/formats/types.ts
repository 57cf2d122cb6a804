// The shape an import produces, named as Moodle's importers name it (question/format/*/format.php):
// qtype, questiontext, fraction (0..1, negative allowed), feedback per answer, and so on. Text is
// a plain string (Moodle wraps it as {text, format, files}); the format of every text is the
// question's `questiontextformat`, using Moodle's numbers.

/** Moodle's FORMAT_* constants. */
export const TEXT_FORMATS = { moodle: 0, html: 1, plain: 2, markdown: 4 } as const;
export type TextFormat = (typeof TEXT_FORMATS)[keyof typeof TEXT_FORMATS];

export type QType =
  | "multichoice"
  | "truefalse"
  | "shortanswer"
  | "numerical"
  | "match"
  | "essay"
  | "description";

export interface ImportedQuestion {
  qtype: QType;
  name: string;
  questiontext: string;
  questiontextformat: TextFormat;
  generalfeedback: string;
  defaultmark: number;
  tags: string[];
  /** multichoice: 1 = one answer, 0 = several. */
  single?: 0 | 1;
  /** multichoice, shortanswer, numerical. Numerical answers are the numbers as text, or "*". */
  answer?: string[];
  fraction?: number[];
  feedback?: string[];
  /** numerical: the allowed error per answer. */
  tolerance?: number[];
  /** truefalse */
  correctanswer?: 0 | 1;
  feedbacktrue?: string;
  feedbackfalse?: string;
  /** shortanswer: 1 = case sensitive. */
  usecase?: 0 | 1;
  /** match: pairs; an empty subquestion is an extra wrong answer. */
  subquestions?: string[];
  subanswers?: string[];
}

/** A `$CATEGORY:` line: the questions after it go into that category path ("a/b/c"). */
export interface ImportedCategory {
  qtype: "category";
  category: string;
}

export type ImportedItem = ImportedQuestion | ImportedCategory;

export interface LineError {
  line: number;
  message: string;
}

export interface ParseResult {
  /** Every item in file order, each with the line it starts on. */
  items: { line: number; item: ImportedItem }[];
  errors: LineError[];
}

/** Moodle's default name: the text without tags, shortened to 80 characters. */
export function defaultName(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= 80) return plain || "Question";
  const cut = plain.slice(0, 77);
  const space = cut.lastIndexOf(" ");
  return `${space > 40 ? cut.slice(0, space) : cut}...`;
}

export function emptyQuestion(qtype: QType): ImportedQuestion {
  return {
    qtype,
    name: "",
    questiontext: "",
    questiontextformat: TEXT_FORMATS.moodle,
    generalfeedback: "",
    defaultmark: qtype === "description" ? 0 : 1,
    tags: [],
  };
}
