// Similarity benchmark: 200 generated submissions of about 40 lines (some copied from one another with
// renamed variables, reordered functions and new comments; the rest composed independently), every
// pair scored by Slate's comparison (Dolos over lezer tokens plus the three metrics, starter code
// excluded), next to the naive method in the same run: Python's difflib SequenceMatcher.ratio() on the
// raw text of every pair, run by python3. Prints figures; asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareDocuments, pairCount } from "../src/features/integrity/similarity/compare.ts";

const SUBMISSIONS = 200;

/** A small deterministic generator, so every run compares the same class. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}
const random = rng(16);
const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;

// Function templates; $A, $B, $C are names a student chooses.
const FUNCTIONS = [
  "def $F(values):\n    $A = 0\n    for $B in values:\n        $A += $B\n    return $A / len(values)\n",
  "def $F(values):\n    $A = values[0]\n    for $B in values:\n        if $B > $A:\n            $A = $B\n    return $A\n",
  "def $F(text):\n    $A = {}\n    for $B in text.split():\n        $A[$B] = $A.get($B, 0) + 1\n    return $A\n",
  "def $F(n):\n    if n < 2:\n        return False\n    for $A in range(2, int(n ** 0.5) + 1):\n        if n % $A == 0:\n            return False\n    return True\n",
  "def $F(values):\n    $A = sorted(values)\n    $B = len($A) // 2\n    if len($A) % 2 == 0:\n        return ($A[$B - 1] + $A[$B]) / 2\n    return $A[$B]\n",
  "def $F(word):\n    $A = ''.join(ch for ch in word.lower() if ch.isalnum())\n    return $A == $A[::-1]\n",
  "def $F(n):\n    $A, $B = 0, 1\n    for _ in range(n):\n        $A, $B = $B, $A + $B\n    return $A\n",
  "def $F(values, target):\n    $A, $B = 0, len(values) - 1\n    while $A <= $B:\n        $C = ($A + $B) // 2\n        if values[$C] == target:\n            return $C\n        if values[$C] < target:\n            $A = $C + 1\n        else:\n            $B = $C - 1\n    return -1\n",
  "def $F(rows):\n    $A = []\n    for $B in rows:\n        $C = [int(x) for x in $B.split(',')]\n        $A.append(sum($C))\n    return $A\n",
  "def $F(values):\n    $A = []\n    for $B in values:\n        if $B not in $A:\n            $A.append($B)\n    return $A\n",
  "def $F(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n",
  "def $F(values):\n    $A = 0\n    $B = 0\n    for $C in values:\n        $B = max($C, $B + $C)\n        $A = max($A, $B)\n    return $A\n",
];
const NAMES =
  "total count acc result best item value x y idx left right mid word key seen out tmp cur n m k data part".split(
    " ",
  );
const FUNC_NAMES =
  "mean biggest word_counts is_prime median palindrome fib search row_sums unique gcd max_run".split(" ");
const COMMENTS = ["# helper", "# TODO: tidy up", "# computes the answer", "# loop over the input", ""];

interface Program {
  functions: number[];
}

function render(p: Program, copy: boolean): string {
  const order = copy ? [...p.functions].sort(() => random() - 0.5) : p.functions;
  const parts: string[] = ["# Exercise 4: statistics", "data = [int(x) for x in input().split()]", ""];
  for (const f of order) {
    const comment = pick(COMMENTS);
    if (comment) parts.push(comment);
    parts.push(
      FUNCTIONS[f]!.replaceAll("$F", FUNC_NAMES[f]!)
        .replaceAll("$A", pick(NAMES))
        .replaceAll("$B", `${pick(NAMES)}2`)
        .replaceAll("$C", `${pick(NAMES)}3`),
    );
  }
  parts.push(`print(${p.functions.map((f) => `${FUNC_NAMES[f]}(data)`).join(", ")})`);
  return parts.join("\n");
}

function generate(): string[] {
  const bases: Program[] = Array.from({ length: 40 }, () => ({
    functions: [...FUNCTIONS.keys()].sort(() => random() - 0.5).slice(0, 5),
  }));
  return Array.from({ length: SUBMISSIONS }, (_, i) => render(bases[i % bases.length]!, i >= bases.length));
}

const texts = generate();
const starter = "data = [int(x) for x in input().split()]\n";
const lines = texts.reduce((n, t) => n + t.split("\n").length, 0) / texts.length;
const docs = texts.map((text, id) => ({ id, text }));

// One small comparison first: the parser's and Dolos's first calls are compiled by the JIT, which a
// running server has long done before a teacher asks.
await compareDocuments(docs.slice(0, 10), { starter });

const started = performance.now();
const pairs = await compareDocuments(docs, { starter });
const totalMs = performance.now() - started;
const copied = pairs.filter((p) => p.similarity >= 0.5).length;

// The naive method, in the same run: difflib on every pair of raw texts.
const dir = mkdtempSync(join(tmpdir(), "slate-bench-similarity-"));
let naiveMs = Number.NaN;
try {
  const input = join(dir, "texts.json");
  writeFileSync(input, JSON.stringify(texts));
  const script = [
    "import difflib, json, sys, time",
    "texts = json.load(open(sys.argv[1]))",
    "start = time.perf_counter()",
    "n = 0",
    "for i in range(len(texts)):",
    "    for j in range(i + 1, len(texts)):",
    "        difflib.SequenceMatcher(None, texts[i], texts[j]).ratio()",
    "        n += 1",
    "print(n, (time.perf_counter() - start) * 1000)",
  ].join("\n");
  const run = Bun.spawnSync(["python3", "-c", script, input]);
  const [n, ms] = run.stdout.toString().trim().split(" ");
  if (Number(n) !== pairs.length) throw new Error(`difflib compared ${n} pairs: ${run.stderr.toString()}`);
  naiveMs = Number(ms);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `submissions: ${SUBMISSIONS}, ${lines.toFixed(1)} lines on average; ${copied} pairs at 50% or more`,
);
console.log(`slate: ${totalMs.toFixed(0)} ms for ${pairs.length} pairs (expected ${pairCount(docs)})`);
console.log(`naive difflib: ${naiveMs.toFixed(0)} ms (${(naiveMs / totalMs).toFixed(1)}x slower)`);
console.log(
  `similarity submissions=${SUBMISSIONS} pairs=${pairs.length} total_ms=${Math.round(totalMs)} per_pair_us=${Math.round((totalMs * 1000) / pairs.length)} naive_difflib_ms=${Math.round(naiveMs)}`,
);
