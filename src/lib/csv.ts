// CSV out of Slate. Every cell that a spreadsheet could read as a formula (starting with = + - @, or
// a tab or carriage return that some programs skip before looking) is prefixed with a single quote,
// so opening an export can never run anything a student typed into their name.
import { stringify } from "csv-stringify/sync";

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 CSV (CRLF, quoted where needed) with a UTF-8 byte order mark, so Excel reads accents. */
export function toCsv(rows: unknown[][]): string {
  return `\uFEFF${stringify(
    rows.map((r) => r.map(escapeCell)),
    { record_delimiter: "\r\n" },
  )}`;
}

/** A file name part from free text: "Intro to Python (Fall)" -> "intro-to-python-fall". */
export function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "section"
  );
}
