// The matching fragments of two documents, for the side-by-side view: Dolos's fragments (runs of
// shared fingerprints, the starter code's ignored) as character ranges in each text, numbered so the
// two sides of one match get the same colour.
import { FingerprintIndex } from "@dodona/dolos-core";
import { KGRAM, tokenized, WINDOW } from "./compare.ts";
import { analyse } from "./python-tokens.ts";

export interface Mark {
  from: number;
  to: number;
  /** The fragment's number: both sides of a match share it. */
  match: number;
}

function offsets(text: string) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (row: number, col: number) => Math.min(text.length, (starts[row] ?? text.length) + col);
}

export function matchingFragments(
  left: string,
  right: string,
  starter: string,
): { left: Mark[]; right: Mark[] } {
  const index = new FingerprintIndex(KGRAM, WINDOW, false);
  const a = tokenized("left.py", left, analyse(left));
  const b = tokenized("right.py", right, analyse(right));
  index.addFiles([a, b]);
  if (starter.trim()) index.addIgnoredFile(tokenized("starter.py", starter, analyse(starter))); // after: see compare.ts
  const at = { left: offsets(left), right: offsets(right) };
  const marks = { left: [] as Mark[], right: [] as Mark[] };
  index
    .getPair(a, b)
    .buildFragments()
    .forEach((f, match) => {
      const l = f.leftSelection;
      const r = f.rightSelection;
      marks.left.push({ from: at.left(l.startRow, l.startCol), to: at.left(l.endRow, l.endCol), match });
      marks.right.push({ from: at.right(r.startRow, r.startCol), to: at.right(r.endRow, r.endCol), match });
    });
  return marks;
}
