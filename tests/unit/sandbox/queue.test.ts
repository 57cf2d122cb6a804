import { describe, expect, test } from "bun:test";
import { JobQueue } from "../../../src/sandbox/queue.ts";

const job = (id: string, userKey: string | null = null) => ({ id, userKey });
const nobodyBusy = () => false;

describe("JobQueue", () => {
  test("is bounded", () => {
    const queue = new JobQueue(2);
    expect(queue.push(job("a"))).toBe(true);
    expect(queue.push(job("b"))).toBe(true);
    expect(queue.push(job("c"))).toBe(false);
    expect(queue.length).toBe(2);
  });

  test("hands out jobs in order and reports 1-based positions", () => {
    const queue = new JobQueue(10);
    for (const id of ["a", "b", "c"]) queue.push(job(id));
    expect(queue.positions().map(([j, p]) => `${j.id}${p}`)).toEqual(["a1", "b2", "c3"]);
    expect(queue.takeNext(nobodyBusy)?.id).toBe("a");
    expect(queue.positions().map(([j, p]) => `${j.id}${p}`)).toEqual(["b1", "c2"]);
  });

  test("skips jobs of a user who has one running, keeping their place", () => {
    const queue = new JobQueue(10);
    queue.push(job("a2", "alice"));
    queue.push(job("b1", "bob"));
    queue.push(job("n1"));
    const busy = (key: string) => key === "alice";
    expect(queue.takeNext(busy)?.id).toBe("b1");
    expect(queue.takeNext(busy)?.id).toBe("n1");
    expect(queue.takeNext(busy)).toBeUndefined();
    expect(queue.takeNext(nobodyBusy)?.id).toBe("a2");
  });

  test("counts runnable jobs: at most one per user, none for busy users", () => {
    const queue = new JobQueue(10);
    queue.push(job("a1", "alice"));
    queue.push(job("a2", "alice"));
    queue.push(job("b1", "bob"));
    queue.push(job("n1"));
    queue.push(job("n2"));
    expect(queue.countRunnable(nobodyBusy)).toBe(4);
    expect(queue.countRunnable((key) => key === "bob")).toBe(3);
  });

  test("removes by id and drains", () => {
    const queue = new JobQueue(10);
    queue.push(job("a"));
    queue.push(job("b"));
    expect(queue.remove("a")?.id).toBe("a");
    expect(queue.remove("zzz")).toBeUndefined();
    expect(queue.drain().map((j) => j.id)).toEqual(["b"]);
    expect(queue.length).toBe(0);
  });
});
