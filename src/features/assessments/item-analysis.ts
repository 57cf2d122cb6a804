// Item analysis over the submitted attempts, as Moodle's quiz statistics define it: facility is the
// mean share of the marks an item earned (0..100%); discrimination is the correlation between the
// item's score and the rest of the attempt's score (the total without the item), -100..100%, and is
// null when either varies not at all or fewer than three attempts saw the item.
export interface ItemScore {
  attemptId: number;
  questionId: number;
  /** score / max of the item, null while it waits for a teacher */
  fraction: number | null;
  score: number;
  label: string;
}

export interface AttemptTotal {
  attemptId: number;
  score: number;
}

export interface ItemStats {
  questionId: number;
  attempts: number;
  facility: number | null;
  discrimination: number | null;
  frequencies: { label: string; count: number }[];
}

export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 3) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

export function analyseItems(items: readonly ItemScore[], totals: readonly AttemptTotal[]): ItemStats[] {
  const totalOf = new Map(totals.map((t) => [t.attemptId, t.score]));
  const byQuestion = new Map<number, ItemScore[]>();
  for (const item of items) {
    const list = byQuestion.get(item.questionId) ?? [];
    list.push(item);
    byQuestion.set(item.questionId, list);
  }
  return [...byQuestion].map(([questionId, list]) => {
    const graded = list.filter((i) => i.fraction !== null);
    const facility = graded.length ? graded.reduce((s, i) => s + i.fraction!, 0) / graded.length : null;
    const rest = graded.map((i) => (totalOf.get(i.attemptId) ?? 0) - i.score);
    const counts = new Map<string, number>();
    for (const i of list) counts.set(i.label, (counts.get(i.label) ?? 0) + 1);
    return {
      questionId,
      attempts: list.length,
      facility: pct(facility),
      discrimination: pct(
        correlation(
          graded.map((i) => i.fraction!),
          rest,
        ),
      ),
      frequencies: [...counts]
        .map(([label, count]) => ({ label, count }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    };
  });
}
