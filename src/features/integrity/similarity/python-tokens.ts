// One pass of the lezer Python parser over a document gives everything the comparison needs:
//  - the token stream for Dolos, identifier-normalised (a renamed variable is still "V"), without
//    comments or whitespace, with "{" "}" around every indented body, and each token's place;
//  - token trigrams (hashed) for the Jaccard metric;
//  - the shapes of the syntax tree (a hash of every inner node's whole subtree, names and literals
//    left out), for the structure metric: reordered functions keep their shapes;
//  - character shingles of the plain text, for the text metric.
import { Region } from "@dodona/dolos-core";
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@lezer/python";

export interface AnalysedDocument {
  tokens: string[];
  regions: Region[];
  /** Sorted, unique hashes of consecutive token triples. */
  trigrams: Uint32Array;
  /** Sorted hashes (a multiset) of tree shapes. */
  shapes: Uint32Array;
  /** Sorted, unique hashes of 5-character shingles of the whitespace-collapsed text. */
  shingles: Uint32Array;
}

// Builtins keep their names: two solutions that both call sorted() share more than two that call
// different things, and students rarely rename builtins to hide a copy.
const KEEP_NAMES = new Set(
  "print input int float str len range list dict set tuple sorted sum min max abs enumerate zip map filter open round any all isinstance bool reversed chr ord type super self True False None".split(
    " ",
  ),
);

const LITERALS: Record<string, string> = {
  String: "S",
  FormatString: "S",
  ContinuedString: "S",
  Number: "N",
};

/** FNV-1a, 32 bits: fast and good enough to tell tokens and shapes apart. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Row and column (0-based) of an offset, by binary search over the line starts. */
function position(starts: number[], offset: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - starts[lo]!];
}

function leafToken(node: SyntaxNode, text: string): string | null {
  const name = node.name;
  if (name === "Comment" || name === "⚠") return null;
  if (name === "VariableName") {
    const word = text.slice(node.from, node.to);
    return KEEP_NAMES.has(word) ? word : "V";
  }
  if (name === "PropertyName") return `.${text.slice(node.from, node.to)}`;
  const literal = LITERALS[name];
  if (literal) return literal;
  if (name.endsWith("Op")) return text.slice(node.from, node.to);
  return name;
}

function sortedUnique(values: number[]): Uint32Array {
  const sorted = Uint32Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n);
}

function shingles(text: string): Uint32Array {
  const flat = text.replace(/\s+/g, " ").trim().toLowerCase();
  const out: number[] = [];
  for (let i = 0; i + 5 <= flat.length; i++) out.push(hash32(flat.slice(i, i + 5)));
  return sortedUnique(out);
}

export function analyse(text: string): AnalysedDocument {
  const starts = lineStarts(text);
  const tokens: string[] = [];
  const regions: Region[] = [];
  const shapes: number[] = [];
  const region = (from: number, to: number) => {
    const [sr, sc] = position(starts, from);
    const [er, ec] = position(starts, to);
    return new Region(sr, sc, er, ec);
  };
  const push = (token: string, from: number, to: number) => {
    tokens.push(token);
    regions.push(region(from, to));
  };
  // Returns the node's type hash; records shapes of inner nodes.
  const walk = (node: SyntaxNode): number => {
    let child = node.firstChild;
    if (!child) {
      const token = leafToken(node, text);
      if (token) push(token, node.from, node.to);
      return hash32(node.name);
    }
    const body = node.name === "Body";
    if (body) push("{", node.from, node.from + 1);
    // The hash of the whole subtree: equal subtrees (up to names and literals) hash alike.
    let shape = hash32(node.name);
    for (; child; child = child.nextSibling) {
      if (child.name !== "Comment") shape = hash32(String(walk(child)), shape);
    }
    if (body) push("}", Math.max(node.from, node.to - 1), node.to);
    shapes.push(shape);
    return shape;
  };
  walk(parser.parse(text).topNode);
  const trigrams: number[] = [];
  for (let i = 0; i + 3 <= tokens.length; i++)
    trigrams.push(hash32(`${tokens[i]}\u0001${tokens[i + 1]}\u0001${tokens[i + 2]}`));
  return {
    tokens,
    regions,
    trigrams: sortedUnique(trigrams),
    shapes: Uint32Array.from(shapes).sort(),
    shingles: shingles(text),
  };
}
