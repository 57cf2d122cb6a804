// Seeds a large section straight into SQLite (one transaction, prepared statements): students x
// problems x about `perProblem` submissions with realistic per-test results. Used by
// bench/pages.ts and by the tests that count queries for 10 vs 100 students.
import type { Database } from "bun:sqlite";

export interface SeedOptions {
  sectionId: number;
  students: number;
  /** Problems, spread over tasks of five. */
  problems: number;
  /** Submissions per student and problem (the mean; each gets 1..2*perProblem-1). */
  perProblem: number;
  now: number;
  passwordHash: string;
  /** Prefix of the usernames, so several sections can be seeded in one database. */
  prefix: string;
  /** A deterministic generator, so runs are comparable. */
  seed?: number;
}

export interface SeededClass {
  studentIds: number[];
  usernames: string[];
  taskIds: number[];
  problemIds: number[];
  submissions: number;
}

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const DAY = 86_400_000;

export function seedLargeClass(sqlite: Database, o: SeedOptions): SeededClass {
  const random = rng(o.seed ?? 42);
  const out: SeededClass = { studentIds: [], usernames: [], taskIds: [], problemIds: [], submissions: 0 };
  const tests: { id: number; points: number }[][] = [];
  sqlite.transaction(() => {
    const user = sqlite.query<{ id: number }, [string, string, string, string, number]>(
      "INSERT INTO users (username, display_name, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, 'student', ?) RETURNING id",
    );
    const enroll = sqlite.query(
      "INSERT INTO enrollments (section_id, user_id, enrolled_at) VALUES (?, ?, ?)",
    );
    for (let i = 0; i < o.students; i++) {
      const username = `${o.prefix}${String(i + 1).padStart(3, "0")}`;
      const id = user.get(
        username,
        `Student ${o.prefix.toUpperCase()} ${i + 1}`,
        `${username}@school.example`,
        o.passwordHash,
        o.now - 60 * DAY,
      )!.id;
      enroll.run(o.sectionId, id, o.now - 40 * DAY);
      out.studentIds.push(id);
      out.usernames.push(username);
    }
    const task = sqlite.query<{ id: number }, [number, string, number | null, number, number, number]>(
      "INSERT INTO tasks (section_id, title, due_at, published, position, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?) RETURNING id",
    );
    const problem = sqlite.query<{ id: number }, [number, string, number, number, number]>(
      "INSERT INTO problems (task_id, title, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    );
    const test = sqlite.query<{ id: number }, [number, string, number, number, number]>(
      "INSERT INTO test_cases (problem_id, name, position, points, hidden) VALUES (?, ?, ?, ?, ?) RETURNING id",
    );
    const tasks = Math.ceil(o.problems / 5);
    for (let t = 0; t < tasks; t++) {
      const due = o.now + (t - tasks / 2) * 7 * DAY;
      const taskId = task.get(o.sectionId, `Week ${t + 1}`, due, t, o.now - 50 * DAY, o.now - 50 * DAY)!.id;
      out.taskIds.push(taskId);
      for (let p = 0; p < 5 && out.problemIds.length < o.problems; p++) {
        const n = out.problemIds.length + 1;
        const pid = problem.get(taskId, `Problem ${n}`, p, o.now - 50 * DAY, o.now - 50 * DAY)!.id;
        out.problemIds.push(pid);
        tests.push(
          [1, 1, 2].map((points, k) => ({
            id: test.get(pid, `test ${k + 1}`, k, points, k === 2 ? 1 : 0)!.id,
            points,
          })),
        );
      }
    }
    const submission = sqlite.query(
      `INSERT INTO submissions (problem_id, user_id, files, main_file, submitted_at, status, graded_at,
         raw_score, max_score, score, results) VALUES (?, ?, ?, 'main.py', ?, 'graded', ?, ?, 4, ?, ?)`,
    );
    const files = JSON.stringify([{ name: "main.py", content: "print(sum(map(int, input().split())))\n" }]);
    for (const userId of out.studentIds) {
      const skill = random();
      for (const [pi, problemId] of out.problemIds.entries()) {
        const count = 1 + Math.floor(random() * (2 * o.perProblem - 1));
        for (let k = 0; k < count; k++) {
          const at = o.now - Math.floor(random() * 30 * DAY);
          const outcomes = tests[pi]!.map((t) => ({
            testId: t.id,
            status: random() < skill * 0.6 + k * 0.1 ? "pass" : random() < 0.8 ? "fail" : "timeout",
            points: 0,
            maxPoints: t.points,
            actual: "",
            stderr: "",
            ms: 3,
          }));
          let score = 0;
          for (const [j, oc] of outcomes.entries()) {
            if (oc.status === "pass") {
              oc.points = tests[pi]![j]!.points;
              score += oc.points;
            }
          }
          const results = JSON.stringify({ check: null, tests: outcomes, rawScore: score, maxScore: 4 });
          submission.run(problemId, userId, files, at, at + 2000, score, score, results);
          out.submissions++;
        }
      }
    }
  })();
  return out;
}
