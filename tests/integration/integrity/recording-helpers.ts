// Building recording batches as the browser's recorder would (real CodeMirror change sets), for the
// integrity tests.
import { ChangeSet } from "@codemirror/state";
import type {
  EditEvent,
  RecordingBatch,
  SignalEvent,
} from "../../../src/features/integrity/recording-format.ts";

/** A document being edited, producing the recorder's events. */
export class FakeEditor {
  doc: string;
  t = 0;
  edits: EditEvent[] = [];
  signals: SignalEvent[] = [];
  keystrokes = 0;
  constructor(
    readonly file = "main.py",
    initial = "",
  ) {
    this.doc = initial;
  }

  private insert(text: string, kind: EditEvent extends never ? never : "t" | "p" | "x", dt: number) {
    this.t += dt;
    const changes = ChangeSet.of({ from: this.doc.length, insert: text }, this.doc.length);
    this.doc += text;
    this.edits.push(["e", this.t, this.file, changes.toJSON() as unknown[], kind]);
  }

  /** Types text one character per keystroke, `gap` ms apart (with a little jitter). */
  type(text: string, gap = 180): this {
    for (const [i, ch] of [...text].entries()) {
      this.insert(ch, "t", gap + ((i * 37) % 90));
      this.keystrokes++;
    }
    return this;
  }

  paste(text: string, dt = 1000): this {
    this.signals.push(["paste", this.t + dt, text.length]);
    this.insert(text, "p", dt);
    return this;
  }

  script(text: string, dt = 1000): this {
    this.signals.push(["replace", this.t + dt, text.length]);
    this.insert(text, "x", dt);
    return this;
  }

  signal(e: SignalEvent): this {
    this.signals.push(e);
    return this;
  }

  batch(seq = 0, init = true): RecordingBatch {
    const b: RecordingBatch = {
      seq,
      ...(init ? { init: [{ name: this.file, content: "" }] } : {}),
      keystrokes: this.keystrokes,
      edits: this.edits,
      signals: this.signals,
    };
    this.edits = [];
    this.signals = [];
    this.keystrokes = 0;
    return b;
  }
}
