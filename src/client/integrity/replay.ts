// The session replay player: it rebuilds every file's text event by event (CodeMirror change sets
// applied to the recorded snapshots), shows the file that was on screen in a read-only editor, and
// plays in recorded time at 0.5x to 8x, with pauses longer than 3 s shortened so a replay never
// stalls. Seek with the slider, step event by event, and read the time under the pointer over the
// timeline, whose coloured markers show pastes, focus losses, file switches, runs, tests and submits.
import { python } from "@codemirror/lang-python";
import { syntaxHighlighting } from "@codemirror/language";
import { ChangeSet, EditorState, Text } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";
import type { EditEvent, SignalEvent } from "../../features/integrity/recording-format.ts";

interface Session {
  init: { name: string; content: string }[];
  edits: EditEvent[];
  signals: SignalEvent[];
}

interface Step {
  /** Replay time (ms from the start, pauses shortened). */
  at: number;
  kind: string;
  label: string;
  file: string | null;
  /** Every file's text after this step. */
  files: Map<string, Text>;
}

const MAX_PAUSE_MS = 3000;
const MARKERS = new Set(["paste", "drop", "blur", "file", "run", "test", "submit"]);

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

function describe(e: EditEvent | SignalEvent): string {
  switch (e[0]) {
    case "e":
      return {
        t: "Typing",
        p: "Paste",
        d: "Drop",
        u: "Undo or redo",
        c: "Completion",
        x: "Changed by a script",
        o: "Edit",
      }[e[4]];
    case "s":
      return `Whole text of ${e[2]}`;
    case "r":
      return `Renamed ${e[2]} to ${e[3]}`;
    case "paste":
      return `Pasted ${e[2]} characters`;
    case "drop":
      return `Dropped ${e[2]} characters`;
    case "replace":
      return `Replaced by a script (${e[2]} characters)`;
    case "blocked":
      return `Refused a ${e[2]}`;
    case "blur":
      return e[2] === "tab" ? "Left the page (tab or window switched)" : "The page lost focus";
    case "focus":
      return "Came back to the page";
    case "file":
      return `Switched to ${e[2]}`;
    case "run":
      return "Ran the program";
    case "test":
      return "Ran the tests";
    case "submit":
      return "Submitted";
    case "devtools":
      return "Developer tools opened";
  }
}

/** Every event of every session as one list of steps, with the files' texts after each. */
export function buildSteps(sessions: Session[]): Step[] {
  const steps: Step[] = [];
  let offset = 0;
  for (const s of sessions) {
    const files = new Map<string, Text>();
    for (const f of s.init) files.set(f.name, Text.of(f.content.split("\n")));
    let file = s.init[0]?.name ?? null;
    const events = [...s.edits, ...s.signals].sort((a, b) => a[1] - b[1]);
    steps.push({ at: offset, kind: "start", label: "Session started", file, files: new Map(files) });
    let last = 0;
    for (const e of events) {
      offset += Math.min(MAX_PAUSE_MS, Math.max(0, e[1] - last));
      last = e[1];
      if (e[0] === "e") {
        const doc = files.get(e[2]) ?? Text.empty;
        try {
          files.set(e[2], ChangeSet.fromJSON(e[3]).apply(doc));
        } catch {
          continue; // an edit that does not fit its file (recorded after a gap): skip it
        }
        file = e[2];
      } else if (e[0] === "s") {
        files.set(e[2], Text.of(e[3].split("\n")));
        file = e[2];
      } else if (e[0] === "r") {
        const doc = files.get(e[2]);
        files.delete(e[2]);
        if (doc) files.set(e[3], doc);
        file = e[3];
      } else if (e[0] === "file") file = e[2];
      // A paste is marked once, by its signal (the edit that inserted it follows it).
      steps.push({ at: offset, kind: e[0], label: describe(e), file, files: new Map(files) });
    }
    offset += 1000;
  }
  return steps;
}

export async function mountReplay(root: HTMLElement): Promise<void> {
  const q = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const fileLine = q("[data-replay-file]");
  const res = await fetch(root.dataset.replay!).catch(() => null);
  if (!res?.ok) {
    fileLine.textContent = "The recording could not be loaded.";
    return;
  }
  const data = (await res.json()) as { sessions: Session[] };
  const steps = buildSteps(data.sessions.filter((s) => s.init.length > 0 || s.edits.length > 0));
  if (steps.length === 0) {
    fileLine.textContent = "Nothing was recorded for this submission.";
    return;
  }
  const end = steps[steps.length - 1]!.at;
  const editor = new EditorView({
    parent: q("[data-replay-editor]"),
    state: EditorState.create({
      extensions: [
        lineNumbers(),
        python(),
        syntaxHighlighting(classHighlighter),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.cspNonce.of(root.dataset.nonce ?? ""),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": "Recorded code (read only)" }),
      ],
    }),
  });
  const seek = q<HTMLInputElement>("[data-replay-seek]");
  const play = q<HTMLButtonElement>("[data-replay-play]");
  const speed = q<HTMLSelectElement>("[data-replay-speed]");
  const clockEl = q("[data-replay-clock]");
  const eventEl = q("[data-replay-event]");
  seek.max = String(end);
  for (const b of root.querySelectorAll<HTMLButtonElement>("button[disabled]")) b.disabled = false;
  seek.disabled = false;

  let index = 0;
  let time = 0;
  let playing = false;
  let lastFrame = 0;

  const show = (i: number) => {
    index = i;
    const step = steps[i]!;
    const doc = step.file ? step.files.get(step.file) : undefined;
    const text = doc ? doc.toString() : "";
    if (editor.state.doc.toString() !== text)
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
    fileLine.textContent = step.file ? `Showing ${step.file}` : "No file";
    eventEl.textContent = `Event ${i + 1} of ${steps.length}: ${step.label}`;
  };
  const setTime = (t: number) => {
    time = Math.max(0, Math.min(end, t));
    let i = index;
    while (i + 1 < steps.length && steps[i + 1]!.at <= time) i++;
    while (i > 0 && steps[i]!.at > time) i--;
    if (i !== index || time === 0) show(i);
    seek.value = String(Math.round(time));
    clockEl.textContent = `${clock(time)} / ${clock(end)}`;
  };
  const setPlaying = (on: boolean) => {
    playing = on;
    q("[data-replay-play-label]").textContent = on ? "Pause" : "Play";
    play.setAttribute("aria-pressed", String(on));
    if (on) {
      if (time >= end) setTime(0);
      lastFrame = performance.now();
      requestAnimationFrame(frame);
    }
  };
  const frame = (now: number) => {
    if (!playing) return;
    setTime(time + (now - lastFrame) * Number(speed.value));
    lastFrame = now;
    if (time >= end) setPlaying(false);
    else requestAnimationFrame(frame);
  };

  play.addEventListener("click", () => setPlaying(!playing));
  seek.addEventListener("input", () => setTime(Number(seek.value)));
  for (const b of root.querySelectorAll<HTMLButtonElement>("[data-replay-step]")) {
    b.addEventListener("click", () => {
      setPlaying(false);
      const i = Math.max(0, Math.min(steps.length - 1, index + Number(b.dataset.replayStep)));
      show(i);
      time = steps[i]!.at;
      seek.value = String(time);
      clockEl.textContent = `${clock(time)} / ${clock(end)}`;
    });
  }

  // Markers and the time under the pointer (positions through CSSOM: the CSP refuses style attributes).
  const markers = q("[data-replay-markers]");
  for (const s of steps) {
    if (!MARKERS.has(s.kind)) continue;
    const m = document.createElement("span");
    m.className = `replay-marker replay-${s.kind === "drop" ? "paste" : s.kind}`;
    m.style.left = `${end === 0 ? 0 : (s.at / end) * 100}%`;
    m.title = `${clock(s.at)} ${s.label}`;
    markers.append(m);
  }
  const timeline = q("[data-replay-timeline]");
  const hover = q("[data-replay-hover]");
  timeline.addEventListener("pointermove", (e) => {
    const box = timeline.getBoundingClientRect();
    const share = Math.max(0, Math.min(1, (e.clientX - box.left) / box.width));
    hover.hidden = false;
    hover.textContent = clock(share * end);
    hover.style.left = `${share * 100}%`;
  });
  timeline.addEventListener("pointerleave", () => {
    hover.hidden = true;
  });
  setTime(0);
}
