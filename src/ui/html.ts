// For the few rows built as HTML strings instead of JSX (gradebook and roster rows: thousands of cells,
// asked for often): the same escaping JSX applies to text, from Hono itself.
import { escapeToBuffer } from "hono/utils/html";

/** `text` with & < > " ' escaped, safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  const buffer: [string] = [""];
  escapeToBuffer(text, buffer);
  return buffer[0];
}
