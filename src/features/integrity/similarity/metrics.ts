// Set and multiset measures over sorted hash arrays (from python-tokens.ts). Merging two sorted arrays
// is linear, so every pair of a 200-student class costs microseconds.

/** |a ∩ b| of two sorted arrays (multiset intersection when they hold repeats). */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Jaccard index |a ∩ b| / |a ∪ b| of two sorted sets; 0 when both are empty. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const common = intersectionSize(a, b);
  const union = a.length + b.length - common;
  return union === 0 ? 0 : common / union;
}

/** Dice coefficient 2|a ∩ b| / (|a| + |b|) of two sorted multisets; 0 when both are empty. */
export function dice(a: Uint32Array, b: Uint32Array): number {
  const total = a.length + b.length;
  return total === 0 ? 0 : (2 * intersectionSize(a, b)) / total;
}

/** a minus b (each element of b removes one equal element of a), both sorted. */
export function without(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (b.length === 0) return a;
  const out = new Uint32Array(a.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if (j < b.length && b[j] === x) {
      j++;
      i++;
    } else {
      out[n++] = x;
      i++;
    }
  }
  return out.slice(0, n);
}
