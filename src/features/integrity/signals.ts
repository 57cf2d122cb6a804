// Figures of a submission's recording, computed on the server from the stored edits and signals (never
// from what the browser claims): characters typed and pasted, the server's own keystroke count, typing
// speed and burstiness, large insertions just before submitting, focus losses, developer tools and
// programmatic replacements. risk.ts turns them into points.
import type { EditEvent, SignalEvent } from "./recording-format.ts";

export interface SessionRecording {
  /** The editor's files when the session began (for the lengths snapshots are measured against). */
  init?: { name: string; content: string }[];
  edits: EditEvent[];
  signals: SignalEvent[];
  reportedKeystrokes: number;
  /**
   * The index of the first edit whose batch reached the server within the late window before the
   * submission (by the server's clock, which the browser cannot set back); absent: none did.
   */
  lateFrom?: number;
}

export interface RecordingStats {
  sessions: number;
  typedChars: number;
  pastedChars: number;
  /**
   * Characters the recording inserted without typing or pasting them, by the server's reading: a
   * "typed" edit inserting far more than a keystroke can, an undo/redo or move re-inserting more than
   * was ever deleted, a long completion, a script's replacement, a snapshot that grew a file.
   */
  untypedChars: number;
  insertedChars: number;
  /** Characters of the submitted code (risk-store.ts fills these two in). */
  submittedChars: number;
  /**
   * Characters of the submitted code no session's edits wrote: code the recording never saw, or that a
   * session claimed its editor began with although it is not the starter, an earlier submission or
   * what another session wrote.
   */
  unrecordedChars: number;
  /** Typing transactions in the recording: the server's keystroke count. */
  keystrokes: number;
  /** What the browser said it counted. */
  reportedKeystrokes: number;
  /** Typed characters per minute of active typing (pauses over 30 s left out); 0 without typing. */
  cpm: number;
  /** Coefficient of variation of the pauses between keystrokes (people type in bursts: high). */
  burstiness: number;
  /** The largest single non-typed insertion in the two minutes before submitting. */
  lateInsertChars: number;
  lateInsertSecondsBefore: number;
  focusLosses: number;
  tabSwitches: number;
  devtools: number;
  replacements: number;
  blocked: number;
}

const PAUSE_MS = 30_000;
export const LATE_WINDOW_MS = 120_000;
const LARGE_INSERT = 150;
/** Non-blank characters one keystroke may insert (auto-closed brackets, a few cursors at once). */
const KEYSTROKE_MAX = 8;
const COMPLETION_MAX = 80;

/** The text a ChangeSet.toJSON() inserts: numbers keep text, [deleted, ...lines] replace it. */
function insertedText(changes: unknown[]): string {
  let out = "";
  for (const part of changes) {
    if (!Array.isArray(part) || part.length < 2) continue;
    out += part.slice(1).join("\n");
  }
  return out;
}

export const insertedChars = (changes: unknown[]): number => insertedText(changes).length;

function deletedChars(changes: unknown[]): number {
  let n = 0;
  for (const part of changes) if (Array.isArray(part) && typeof part[0] === "number") n += part[0];
  return n;
}

/**
 * How many of an edit's inserted characters the edit's own kind cannot account for (the browser names
 * the kind, so the server checks it is plausible). `budget` is what was deleted so far: undo, redo and
 * moves may bring back that much.
 */
function untypedPart(kind: string, text: string, budget: { deleted: number }): number {
  const n = text.length;
  if (kind === "t") return text.replace(/\s/g, "").length > KEYSTROKE_MAX ? n : 0;
  if (kind === "c") return n > COMPLETION_MAX ? n : 0;
  if (kind === "u" || kind === "o") {
    const back = Math.min(n, budget.deleted);
    budget.deleted -= back;
    return n - back;
  }
  if (kind === "x") return n;
  return 0; // "p" and "d" are counted as pasted
}

function lastTime(s: SessionRecording): number {
  let submitAt = -1;
  let last = 0;
  for (const e of s.signals) {
    last = Math.max(last, e[1]);
    if (e[0] === "submit") submitAt = Math.max(submitAt, e[1]);
  }
  for (const e of s.edits) last = Math.max(last, e[1]);
  return submitAt >= 0 ? submitAt : last;
}

/** A large non-typed insertion shortly before submitting (the largest one is kept). */
function noteLate(s: RecordingStats, chars: number, beforeEnd: number): void {
  if (chars < LARGE_INSERT || beforeEnd > LATE_WINDOW_MS || chars <= s.lateInsertChars) return;
  s.lateInsertChars = chars;
  s.lateInsertSecondsBefore = Math.max(0, Math.round(beforeEnd / 1000));
}

export function recordingStats(sessions: SessionRecording[]): RecordingStats {
  const s: RecordingStats = {
    sessions: sessions.length,
    typedChars: 0,
    pastedChars: 0,
    untypedChars: 0,
    insertedChars: 0,
    submittedChars: 0,
    unrecordedChars: 0,
    keystrokes: 0,
    reportedKeystrokes: 0,
    cpm: 0,
    burstiness: 0,
    lateInsertChars: 0,
    lateInsertSecondsBefore: 0,
    focusLosses: 0,
    tabSwitches: 0,
    devtools: 0,
    replacements: 0,
    blocked: 0,
  };
  const gaps: number[] = [];
  for (const session of sessions) {
    s.reportedKeystrokes += session.reportedKeystrokes;
    const end = lastTime(session);
    let previousKey = -1;
    const budget = { deleted: 0 };
    const lengths = new Map((session.init ?? []).map((f) => [f.name, f.content.length]));
    const lateFrom = session.lateFrom ?? Number.POSITIVE_INFINITY;
    for (const [i, e] of session.edits.entries()) {
      // The browser's times say how long before submitting; an edit the server received in the late
      // window was late whatever its time claims.
      const beforeEnd = i >= lateFrom ? Math.min(end - e[1], LATE_WINDOW_MS) : end - e[1];
      if (e[0] === "s") {
        // A whole file's text from outside the editor: what it adds was not typed here.
        const before = lengths.get(e[2]) ?? 0;
        lengths.set(e[2], e[3].length);
        s.insertedChars += Math.max(0, e[3].length - before);
        s.untypedChars += Math.max(0, e[3].length - before);
        budget.deleted += Math.max(0, before - e[3].length);
        noteLate(s, e[3].length - before, beforeEnd);
        continue;
      }
      if (e[0] === "r") {
        lengths.set(e[3], lengths.get(e[2]) ?? 0);
        lengths.delete(e[2]);
        continue;
      }
      if (e[0] !== "e") continue;
      const text = insertedText(e[3]);
      const chars = text.length;
      s.insertedChars += chars;
      const kind = e[4];
      const deleted = deletedChars(e[3]);
      lengths.set(e[2], (lengths.get(e[2]) ?? 0) + chars - deleted);
      budget.deleted += deleted;
      const untyped = untypedPart(kind, text, budget);
      s.untypedChars += untyped;
      if (kind === "t" && untyped === 0) {
        s.keystrokes++;
        s.typedChars += chars;
        // Out-of-order times (a negative gap) would shrink the active time and hide the speed.
        const gap = e[1] - previousKey;
        if (previousKey >= 0 && gap >= 0 && gap <= PAUSE_MS) gaps.push(gap);
        previousKey = Math.max(previousKey, e[1]);
      } else if (kind === "p" || kind === "d") s.pastedChars += chars;
      else if (kind === "x") s.replacements++;
      if ((kind !== "t" && kind !== "u") || untyped > 0) noteLate(s, chars, beforeEnd);
    }
    for (const e of session.signals) {
      if (e[0] === "blur") {
        s.focusLosses++;
        if (e[2] === "tab") s.tabSwitches++;
      } else if (e[0] === "devtools") s.devtools++;
      else if (e[0] === "replace") s.replacements++;
      else if (e[0] === "blocked") s.blocked++;
    }
  }
  const active = gaps.reduce((a, b) => a + b, 0);
  if (active > 0) s.cpm = Math.round((s.typedChars / active) * 60_000);
  if (gaps.length > 1) {
    const mean = active / gaps.length;
    const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
    s.burstiness = Math.round((Math.sqrt(variance) / mean) * 100) / 100;
  }
  return s;
}

/** Whether the browser's keystroke count is far off the recording's (then the server's count is used). */
export function keystrokesDisagree(s: Pick<RecordingStats, "keystrokes" | "reportedKeystrokes">): boolean {
  const diff = Math.abs(s.keystrokes - s.reportedKeystrokes);
  return diff > Math.max(5, 0.1 * s.keystrokes);
}
