// What a recording wrote: the editor's files at the end of a session, replayed from its first files
// and its edits (as the replay player does), and how much of a submission the recordings never wrote.
// The browser sends the recording, so its labels and counts are claims; the submitted code is not, and
// code that no recording produced (or that a session claimed to start with) was written elsewhere.
import { ChangeSet, Text } from "@codemirror/state";
import { diffLines } from "diff";
import type { EditEvent } from "./recording-format.ts";

export interface CodeFile {
  name: string;
  content: string;
}

const lf = (s: string) => s.replace(/\r\n?/g, "\n");
const textOf = (s: string) => Text.of(lf(s).split("\n"));

/** The files at the end of the edits, or null when the edits do not fit the files (not replayable). */
export function replayFiles(init: CodeFile[], edits: EditEvent[]): Map<string, string> | null {
  const docs = new Map(init.map((f) => [f.name, textOf(f.content)]));
  for (const e of edits) {
    if (e[0] === "e") {
      try {
        docs.set(e[2], ChangeSet.fromJSON(e[3]).apply(docs.get(e[2]) ?? Text.empty));
      } catch {
        return null;
      }
    } else if (e[0] === "s") docs.set(e[2], textOf(e[3]));
    else {
      const doc = docs.get(e[2]);
      docs.delete(e[2]);
      if (doc) docs.set(e[3], doc);
    }
  }
  return new Map([...docs].map(([name, doc]) => [name, doc.toString()]));
}

/** Characters of `text` on lines that `from` does not have. */
function addedChars(from: string, text: string): number {
  if (from === text) return 0;
  let n = 0;
  for (const part of diffLines(lf(from), lf(text))) if (part.added) n += part.value.length;
  return n;
}

/** The fewest characters of `text` that none of the known texts has (0 when one of them is it). */
export function unknownChars(text: string, known: string[]): number {
  let best = lf(text).length;
  for (const k of known) {
    if (best === 0) break;
    best = Math.min(best, addedChars(k, text));
  }
  return best;
}

/** Characters of the submitted files that no session's final files hold. */
export function unrecordedChars(submitted: CodeFile[], finals: Map<string, string>[]): number {
  let n = 0;
  for (const f of submitted) {
    n += unknownChars(
      f.content,
      finals.map((m) => m.get(f.name) ?? ""),
    );
  }
  return n;
}
