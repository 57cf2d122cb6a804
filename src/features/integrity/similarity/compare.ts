// Pairwise similarity of a problem's submissions. Dolos's winnowing index (FingerprintIndex, Pair)
// runs over identifier-normalised lezer tokens; beside its score every pair gets the three metrics
// teachers asked for. The teacher's starter code is excluded from all four: Dolos ignores its
// fingerprints, and the metrics drop its trigrams, shapes and shingles before comparing.
import { File, FingerprintIndex, TokenizedFile } from "@dodona/dolos-core";
import { dice, jaccard, without } from "./metrics.ts";
import { type AnalysedDocument, analyse } from "./python-tokens.ts";

/** Dolos's k-gram length and winnowing window, in tokens (lezer tokens are coarser than tree-sitter's). */
export const KGRAM = 10;
export const WINDOW = 5;

export interface SimilarityDocument {
  id: number;
  text: string;
  /** From an earlier term: compared with the current documents only, never with each other. */
  historical?: boolean;
}

export interface PairScore {
  a: number;
  b: number;
  similarity: number;
  longest: number;
  jaccard: number;
  structure: number;
  text: number;
  historical: boolean;
}

export interface CompareOptions {
  starter?: string;
  /** Called every `chunk` pairs (and at the end); the comparison yields to the event loop there. */
  onProgress?(done: number, total: number): void | Promise<void>;
  chunk?: number;
}

interface Prepared {
  doc: SimilarityDocument;
  file: TokenizedFile;
  trigrams: Uint32Array;
  shapes: Uint32Array;
  shingles: Uint32Array;
}

export function tokenized(path: string, text: string, analysed: AnalysedDocument): TokenizedFile {
  return new TokenizedFile(new File(path, text), analysed.tokens, analysed.regions);
}

function prepare(doc: SimilarityDocument, starter: AnalysedDocument | null): Prepared {
  const a = analyse(doc.text);
  const drop = (mine: Uint32Array, theirs: Uint32Array | undefined) =>
    theirs ? without(mine, theirs) : mine;
  return {
    doc,
    file: tokenized(`submission-${doc.id}.py`, doc.text, a),
    trigrams: drop(a.trigrams, starter?.trigrams),
    shapes: drop(a.shapes, starter?.shapes),
    shingles: drop(a.shingles, starter?.shingles),
  };
}

/** The number of pairs compareDocuments scores for these documents. */
export function pairCount(docs: SimilarityDocument[]): number {
  const current = docs.filter((d) => !d.historical).length;
  const old = docs.length - current;
  return (current * (current - 1)) / 2 + current * old;
}

export async function compareDocuments(
  docs: SimilarityDocument[],
  options: CompareOptions = {},
): Promise<PairScore[]> {
  const starter = options.starter?.trim() ? analyse(options.starter) : null;
  const prepared = docs.map((d) => prepare(d, starter));
  const index = new FingerprintIndex(KGRAM, WINDOW, false);
  index.addFiles(prepared.map((p) => p.file));
  // After the files: Dolos moves the starter's fingerprints out of files added before it, but not
  // out of files added later.
  if (starter && options.starter) index.addIgnoredFile(tokenized("starter.py", options.starter, starter));
  const current = prepared.filter((p) => !p.doc.historical);
  const old = prepared.filter((p) => p.doc.historical);
  const total = pairCount(docs);
  const chunk = options.chunk ?? 1000;
  const out: PairScore[] = [];
  const score = (x: Prepared, y: Prepared): PairScore => {
    const pair = index.getPair(x.file, y.file);
    return {
      a: x.doc.id,
      b: y.doc.id,
      similarity: pair.similarity,
      longest: pair.longest,
      jaccard: jaccard(x.trigrams, y.trigrams),
      structure: dice(x.shapes, y.shapes),
      text: jaccard(x.shingles, y.shingles),
      historical: y.doc.historical === true,
    };
  };
  let reported = 0;
  for (let i = 0; i < current.length; i++) {
    const x = current[i]!;
    for (let j = i + 1; j < current.length; j++) out.push(score(x, current[j]!));
    for (const y of old) out.push(score(x, y));
    if (options.onProgress && out.length - reported >= chunk) {
      reported = out.length;
      await options.onProgress(out.length, total);
      await new Promise((resolve) => setTimeout(resolve, 0)); // let requests in between chunks
    }
  }
  await options.onProgress?.(out.length, total);
  return out;
}
