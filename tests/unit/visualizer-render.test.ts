// The Objects and Frames columns keep their elements between steps and move as few as possible:
// longestIncreasing picks the elements that stay, placeChildren moves the others (checked here with a
// small stand-in for a DOM parent that counts moves; the real DOM is in tests/browser/visualizer-render).
import { describe, expect, test } from "bun:test";
import { longestIncreasing, placeChildren } from "../../src/client/visualizer/render.ts";

describe("longestIncreasing", () => {
  test("keeps a longest run in order and skips new elements (-1)", () => {
    expect([...longestIncreasing([0, 1, 2, 3])].sort()).toEqual([0, 1, 2, 3]);
    expect(longestIncreasing([])).toEqual(new Set());
    expect(longestIncreasing([-1, -1])).toEqual(new Set());
    // one element moved from the end to the front: all the others stay
    const stay = longestIncreasing([4, 0, 1, 2, 3]);
    expect([...stay].sort()).toEqual([1, 2, 3, 4]);
    const withNew = longestIncreasing([0, -1, 1, 2]);
    expect([...withNew].sort()).toEqual([0, 2, 3]);
  });

  test("the run it keeps is increasing and as long as any", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let round = 0; round < 200; round++) {
      const n = rand() % 12;
      const values = Array.from({ length: n }, () => (rand() % 5 === 0 ? -1 : rand() % 20));
      const kept = [...longestIncreasing(values)].sort((a, b) => a - b).map((i) => values[i]!);
      for (let i = 1; i < kept.length; i++) expect(kept[i]!).toBeGreaterThan(kept[i - 1]!);
      expect(kept.every((v) => v >= 0)).toBe(true);
      // brute force: the longest strictly increasing subsequence of the non-negative values
      const best = Array<number>(n).fill(0);
      for (let i = 0; i < n; i++) {
        if (values[i]! < 0) continue;
        best[i] = 1;
        for (let j = 0; j < i; j++)
          if (values[j]! >= 0 && values[j]! < values[i]!) best[i] = Math.max(best[i]!, best[j]! + 1);
      }
      expect(kept.length).toBe(Math.max(0, ...best));
    }
  });
});

/** Just enough of an Element for placeChildren: children, remove(), insertBefore(), counting moves. */
class FakeParent {
  kids: FakeChild[] = [];
  moves = 0;
  get children() {
    return this.kids;
  }
  insertBefore(el: FakeChild, before: FakeChild | null) {
    this.moves++;
    el.remove();
    el.parent = this;
    const at = before ? this.kids.indexOf(before) : this.kids.length;
    this.kids.splice(at, 0, el);
    return el;
  }
}
class FakeChild {
  parent: FakeParent | null = null;
  constructor(readonly name: string) {}
  remove() {
    if (!this.parent) return;
    this.parent.kids.splice(this.parent.kids.indexOf(this), 1);
    this.parent = null;
  }
}

function parentWith(...names: string[]) {
  const parent = new FakeParent();
  const els = new Map(names.map((n) => [n, new FakeChild(n)]));
  for (const el of els.values()) {
    el.parent = parent;
    parent.kids.push(el);
  }
  parent.moves = 0;
  return { parent, els };
}

const place = (parent: FakeParent, els: FakeChild[]) =>
  placeChildren(parent as unknown as Element, els as unknown as Element[]);

describe("placeChildren", () => {
  test("the same children in the same order: nothing is touched", () => {
    const { parent, els } = parentWith("a", "b", "c");
    place(parent, [...els.values()]);
    expect(parent.moves).toBe(0);
  });

  test("an object named by a global moves to the front: one move, not all", () => {
    const names = Array.from({ length: 200 }, (_, i) => `o${i}`);
    const { parent, els } = parentWith(...names);
    const order = ["o150", ...names.filter((n) => n !== "o150")].map((n) => els.get(n)!);
    place(parent, order);
    expect(parent.kids.map((k) => k.name)).toEqual(order.map((k) => k.name));
    expect(parent.moves).toBe(1);
  });

  test("new, gone and reordered children all end up in the wanted order", () => {
    const { parent, els } = parentWith("a", "b", "c", "d", "e");
    const fresh = new FakeChild("x");
    const order = [els.get("e")!, els.get("b")!, fresh, els.get("a")!, els.get("d")!];
    place(parent, order);
    expect(parent.kids.map((k) => k.name)).toEqual(["e", "b", "x", "a", "d"]);
    expect(els.get("c")!.parent).toBeNull();
  });
});
