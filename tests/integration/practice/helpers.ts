// Shared pieces of the practice tests: catalog JSON, opening registration, registering a hobbyist,
// and storing a graded submission as the grading queue writes it (for ranking and points tests that
// need many results without running code each time).
import type { TestApp } from "../../helpers/app.ts";
import { Client, STRONG } from "../../helpers/client.ts";

export const item = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  difficulty: "easy",
  points: 10,
  description: `Solve **${title}**.`,
  code_template: "print(input())\n",
  test_cases: [
    { input: "1\n2\n", expected: "3", hidden: false },
    { input: "5\n5\n", expected: "10", hidden: true },
  ],
  ...extra,
});

export const SUM_SOLUTION = "print(int(input()) + int(input()))\n";

export async function importItems(c: Client, items: unknown): Promise<Response> {
  return c.post("/practice/import", { json: JSON.stringify(items) });
}

export function problemId(t: TestApp, title: string): number {
  const row = t.ctx.sqlite
    .query<{ problem_id: number }, [string]>("SELECT problem_id FROM practice_problems WHERE title_key = ?")
    .get(title.toLowerCase());
  if (!row) throw new Error(`no catalog problem "${title}"`);
  return row.problem_id;
}

export async function openRegistration(admin: Client, open = true): Promise<void> {
  const form: Record<string, string> = {
    easyMin: "10",
    easyMax: "20",
    mediumMin: "30",
    mediumMax: "50",
    hardMin: "60",
    hardMax: "100",
  };
  if (open) form.registration = "on";
  const res = await admin.post("/practice/admin/settings", form);
  if (res.status !== 303) throw new Error(`settings not saved: ${res.status}`);
}

export async function registerHobbyist(t: TestApp, username: string): Promise<Client> {
  const c = new Client(t);
  const res = await c.post("/register", {
    displayName: `Hobbyist ${username}`,
    username,
    email: "",
    password: STRONG,
    confirm: STRONG,
  });
  if (res.status !== 303) throw new Error(`registration failed: ${res.status}`);
  return c;
}

export function userId(t: TestApp, username: string): number {
  return t.ctx.sqlite
    .query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?")
    .get(username)!.id;
}

/**
 * A graded submission as the grading queue stores it, over the problem's real tests: the visible
 * tests take `ms` and `memoryKb`, hidden ones a time and memory far larger, which the public ranking
 * must never count (they would be a channel for hidden inputs). Full marks or not.
 */
export function storeGraded(
  t: TestApp,
  p: { problemId: number; userId: number; ms: number; memoryKb: number; full: boolean; at?: number },
): number {
  const tests = t.ctx.sqlite
    .query<{ id: number; hidden: number }, [number]>(
      "SELECT id, hidden FROM test_cases WHERE problem_id = ? ORDER BY position, id",
    )
    .all(p.problemId);
  const visible = tests.filter((x) => !x.hidden).length;
  const results = {
    check: null,
    tests: tests.map((x, i) => {
      const pass = p.full || i === 0;
      const usage = x.hidden ? { ms: 5000, kb: 900_000 } : { ms: p.ms / visible, kb: p.memoryKb };
      return {
        testId: x.id,
        status: pass ? "pass" : "fail",
        points: pass ? 1 : 0,
        maxPoints: 1,
        actual: "",
        stderr: "",
        ...usage,
      };
    }),
    rawScore: p.full ? tests.length : 1,
    maxScore: tests.length,
    peakMemoryKb: 900_000,
  };
  const at = p.at ?? t.clock.now();
  const row = t.ctx.sqlite
    .query<{ id: number }, [number, number, number, number, number, number, string, number]>(
      `INSERT INTO submissions (problem_id, user_id, files, main_file, submitted_at, status, raw_score, max_score, score, results, graded_at)
       VALUES (?, ?, '[]', 'main.py', ?, 'graded', ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      p.problemId,
      p.userId,
      at,
      results.rawScore,
      results.maxScore,
      results.rawScore,
      JSON.stringify(results),
      at,
    );
  return row!.id;
}
