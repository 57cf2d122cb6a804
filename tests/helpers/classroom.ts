// The setup most integration tests share, as hooks: a real app over a real SQLite file (createTestApp),
// first-run setup (administrator "admin"), a teacher who changed their password, and their section;
// optionally a real sandbox and the grading queue, or the graded class of class-fixture.ts. One
// classroom for the file (beforeAll) or a fresh one for every test (`perTest`); torn down afterwards.
// What it returns are stand-ins until the hook has run (tests/helpers/late.ts): use them in tests and
// in later hooks, which run after this one.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "bun:test";
import { createTestApp, type TestApp } from "./app.ts";
import { type ClassFixture, seedClass } from "./class-fixture.ts";
import { type Client, createSection, createTeacher, setupAdmin } from "./client.ts";
import { lateBound } from "./late.ts";

export interface ClassroomOptions {
  /** More SLATE_* settings for the app. */
  env?: Record<string, string>;
  /**
   * A real sandbox (Docker) with one warm container and at most `max` (else the config's default),
   * started and found ready before any account exists; with `grading`, the grading queue too.
   */
  sandbox?: { max?: number; grading?: boolean };
  /** A fresh classroom for every test (beforeEach/afterEach) instead of one for the file. */
  perTest?: boolean;
  /** The teacher's username. */
  teacher?: string;
  /** The section's name, or false for no section. */
  section?: string | false;
  /**
   * The class of class-fixture.ts (queued submissions unless `queued: false`) in the section, with a
   * second section "Python B" of the same teacher as its other section.
   */
  fixture?: { queued?: boolean };
}

export interface Classroom {
  t: TestApp;
  admin: Client;
  teacher: Client;
  section: { id: number; code: string };
  /** Only with the `fixture` option. */
  f: ClassFixture;
}

export function useClassroom(options: ClassroomOptions = {}): Classroom {
  let made: Partial<Classroom> = {};
  const { sandbox } = options;
  const before = options.perTest ? beforeEach : beforeAll;
  const after = options.perTest ? afterEach : afterAll;

  before(
    async () => {
      made = {};
      const t = createTestApp({ ...sandboxEnv(sandbox), ...options.env });
      made.t = t;
      if (sandbox) {
        await t.ctx.sandbox!.start();
        const status = t.ctx.sandbox!.status();
        expect(status.state, `the sandbox is not ready: ${status.reason}`).toBe("ready");
        if (sandbox.grading) await t.ctx.grading.start();
      }
      made.admin = await setupAdmin(t);
      made.teacher = await createTeacher(t, made.admin, options.teacher ?? "tina");
      if (options.section === false) return;
      made.section = await createSection(t, made.teacher, options.section);
      if (options.fixture) {
        const other = await createSection(t, made.teacher, "Python B");
        made.f = await seedClass(t, made.section.id, other.id, options.fixture);
      }
    },
    sandbox ? 300_000 : undefined, // the first sandbox start may build its image
  );

  after(async () => {
    const t = made.t;
    if (!t) return;
    if (sandbox?.grading) await t.ctx.grading.stop();
    await t.ctx.sandbox?.stop();
    await t.ctx.shells?.stop();
    t.close();
  });

  return {
    t: lateBound("the test app", () => made.t),
    admin: lateBound("the administrator", () => made.admin),
    teacher: lateBound("the teacher", () => made.teacher),
    section: lateBound("the section", () => made.section),
    f: lateBound("the class fixture (useClassroom's fixture option)", () => made.f),
  };
}

function sandboxEnv(sandbox: ClassroomOptions["sandbox"]): Record<string, string> {
  if (!sandbox) return {};
  const env: Record<string, string> = { SLATE_SANDBOX: "true", SLATE_SANDBOX_MIN: "1" };
  if (sandbox.max) env.SLATE_SANDBOX_MAX = String(sandbox.max);
  return env;
}
