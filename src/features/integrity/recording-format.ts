// The compact wire format of a recording batch (the browser's recorder writes it, the server checks
// it, the replay player reads it). Times are milliseconds since the session started, in the browser.
//
// edits (the recording):
//   ["e", t, file, changes, kind]  one CodeMirror transaction: ChangeSet.toJSON(), and where it came from
//   ["s", t, file, text]           a file's whole text (a new file, or one changed outside the editor)
//   ["r", t, from, to]             a file renamed
// signals (the analytics):
//   ["paste" | "drop", t, chars]   text pasted or dropped into the editor
//   ["blocked", t, what]           a paste, drop or upload the problem's settings refused
//   ["blur", t, reason]            the editor's page lost focus ("window" or "tab": hidden, switched away)
//   ["focus", t]                   it came back
//   ["file", t, name]              the student switched files
//   ["run" | "test" | "submit", t] the workspace's actions
//   ["devtools", t]                developer tools look open (a heuristic: the window's inner size shrank)
//   ["replace", t, chars]          the editor's content was replaced by a script, not by the student
import { z } from "zod";

/** Where an edit came from: typed, pasted, dropped, undo/redo, completion, programmatic, other. */
export const EDIT_KINDS = ["t", "p", "d", "u", "c", "x", "o"] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

export type EditEvent =
  | ["e", number, string, unknown[], EditKind]
  | ["s", number, string, string]
  | ["r", number, string, string];

export type SignalEvent =
  | ["paste" | "drop" | "replace", number, number]
  | ["blocked", number, "paste" | "drop" | "upload"]
  | ["blur", number, "window" | "tab"]
  | ["focus", number]
  | ["file", number, string]
  | ["run" | "test" | "submit" | "devtools", number];

export interface RecordingBatch {
  seq: number;
  /** The editor's files when the session began (first batch only). */
  init?: { name: string; content: string }[];
  /** Keystrokes the browser counted in this batch (checked against the edits). */
  keystrokes: number;
  edits: EditEvent[];
  signals: SignalEvent[];
}

const time = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3_600_000);
const fileName = z.string().min(1).max(120);

const editEvent = z.union([
  z.tuple([z.literal("e"), time, fileName, z.array(z.unknown()).max(100_000), z.enum(EDIT_KINDS)]),
  z.tuple([z.literal("s"), time, fileName, z.string().max(1_000_000)]),
  z.tuple([z.literal("r"), time, fileName, fileName]),
]);

const signalEvent = z.union([
  z.tuple([z.enum(["paste", "drop", "replace"]), time, z.number().int().min(0).max(10_000_000)]),
  z.tuple([z.literal("blocked"), time, z.enum(["paste", "drop", "upload"])]),
  z.tuple([z.literal("blur"), time, z.enum(["window", "tab"])]),
  z.tuple([z.literal("focus"), time]),
  z.tuple([z.literal("file"), time, fileName]),
  z.tuple([z.enum(["run", "test", "submit", "devtools"]), time]),
]);

export const recordingBatch = z.object({
  seq: z.number().int().min(0).max(1_000_000),
  init: z
    .array(z.object({ name: fileName, content: z.string().max(1_000_000) }))
    .max(20)
    .optional(),
  keystrokes: z.number().int().min(0).max(10_000_000),
  edits: z.array(editEvent).max(20_000),
  signals: z.array(signalEvent).max(20_000),
});
