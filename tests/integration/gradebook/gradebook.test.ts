// The gradebook and the class dashboard over HTTP: order, sorting, task filter, access, live rows,
// and a constant number of SQL statements whatever the class size.
import { beforeAll, describe, expect, test } from "bun:test";
import { seedLargeClass } from "../../../bench/_seed-class.ts";
import { createDb } from "../../../src/db/connection.ts";
import { createTestApp } from "../../helpers/app.ts";
import {
  announceGradedP3,
  gradeP3,
  insertSubmission,
  loginAs,
  strongPasswordHash,
} from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, setupAdmin } from "../../helpers/client.ts";
import { patches, readSse } from "../../helpers/sse.ts";

const { t, admin, teacher, f } = useClassroom({ section: "Python A", fixture: {} });
let stranger: Client;
let ann: Client;

beforeAll(async () => {
  stranger = await createTeacher(t, admin, "otto");
  ann = await loginAs(new Client(t), "ann");
});

/** Student usernames in the order of the gradebook's rows. */
function rowOrder(html: string): string[] {
  return [...html.matchAll(/<tr id="gb-(\d+)"/g)].map((m) => {
    const id = Number(m[1]);
    return Object.entries(f.users).find(([, v]) => v === id)?.[0] ?? `?${id}`;
  });
}

describe("gradebook page", () => {
  test("highest grade first, students without grades last", async () => {
    const res = await teacher.get(`/sections/${f.sectionId}/gradebook`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(rowOrder(html)).toEqual(["ann", "ben", "cat", "fay", "dan", "eve"]);
    expect(html).toContain("class average 40%");
    expect(html).toContain('aria-sort="descending"');
    expect(html).not.toContain("Hidden draft"); // unpublished task
  });

  test("sorts by any column, both ways, and filters by task", async () => {
    const byName = await (await teacher.get(`/sections/${f.sectionId}/gradebook?sort=name&dir=desc`)).text();
    expect(rowOrder(byName)).toEqual(["fay", "eve", "dan", "cat", "ben", "ann"]);
    const byMax = await (
      await teacher.get(`/sections/${f.sectionId}/gradebook?sort=p${f.problems.p2}&dir=asc`)
    ).text();
    expect(rowOrder(byMax)).toEqual(["ben", "ann", "cat", "dan", "eve", "fay"]); // 0, 2, then untried by name
    const week2 = await (await teacher.get(`/sections/${f.sectionId}/gradebook?task=${f.tasks.t2}`)).text();
    expect(week2).toContain("Loops");
    expect(week2).not.toContain(">Sum<");
    expect(rowOrder(week2)[0]).toBe("ann"); // the only one with a Week 2 grade
  });

  test("bad parameters are a clear 400", async () => {
    const res = await teacher.get(`/sections/${f.sectionId}/gradebook?sort=drop%20table`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Unknown sort column.");
  });

  test("only the section's teachers see it; the stream checks the same", async () => {
    for (const path of [
      `/sections/${f.sectionId}/gradebook`,
      `/sections/${f.sectionId}/gradebook/live`,
      `/sections/${f.sectionId}/dashboard`,
      `/sections/${f.sectionId}/dashboard/live`,
    ]) {
      expect((await stranger.get(path)).status).toBe(404);
      expect((await ann.get(path)).status).toBe(403); // students never reach teacher pages
      expect((await new Client(t).get(path)).status).toBe(303); // logged out: to the login page
    }
  });
});

describe("live gradebook", () => {
  test("a finished grading replaces that student's row in open gradebooks", async () => {
    const res = await teacher.get(`/sections/${f.sectionId}/gradebook/live`);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const live = readSse(res);
    await live.until((s) => s.includes('id="bell-count"')); // connected
    const id = await gradeP3(t, f, f.users.fay, "pass");
    const text = await live.until((s) => s.includes(`id="gb-${f.users.fay}"`));
    const row = patches(text);
    expect(row).toContain('hx-swap-oob="true"');
    expect(row).toContain("60%"); // 1 + 5 of 10 points
    // another section's grading does not reach this stream
    announceGradedP3(t, f, id, f.users.ann, f.otherSectionId);
    await Bun.sleep(400);
    expect(live.text()).not.toContain(`id="gb-${f.users.ann}"`);
    await live.close();
  });

  test("a stream that connects late catches up on what was graded since the page was drawn", async () => {
    const since = t.clock.now();
    t.clock.advance(60_000);
    await insertSubmission(t.ctx.db, {
      problemId: f.problems.p2,
      userId: f.users.eve,
      at: t.clock.now() - 1000,
      tests: [{ id: f.tests.c, points: 2, status: "pass" }],
    });
    const live = readSse(await teacher.get(`/sections/${f.sectionId}/gradebook/live?since=${since}`));
    const text = await live.until((s) => s.includes(`id="gb-${f.users.eve}"`));
    expect(patches(text)).toContain(">20%<"); // eve: Max solved, 2 of 10 points
    await live.close();
  });
});

describe("a constant number of queries", () => {
  test("gradebook, class dashboard and student dashboard: the same count for 10 and 100 students", async () => {
    const big = createTestApp();
    try {
      const admin = await setupAdmin(big, "root");
      const tc = await createTeacher(big, admin, "tom");
      const small = await createSection(big, tc, "Ten");
      const large = await createSection(big, tc, "Hundred");
      const now = big.clock.now();
      const hash = await strongPasswordHash();
      seedLargeClass(big.ctx.sqlite, {
        sectionId: small.id,
        students: 10,
        problems: 20,
        perProblem: 2,
        now,
        passwordHash: hash,
        prefix: "s",
      });
      seedLargeClass(big.ctx.sqlite, {
        sectionId: large.id,
        students: 100,
        problems: 20,
        perProblem: 2,
        now,
        passwordHash: hash,
        prefix: "l",
      });
      const log: string[] = [];
      big.ctx.db = createDb(big.ctx.sqlite, { onQuery: (sql) => log.push(sql) });
      const count = async (c: Client, path: string) => {
        log.length = 0;
        const res = await c.get(path);
        expect(res.status).toBe(200);
        await res.text();
        return log.length;
      };
      const small10 = await count(tc, `/sections/${small.id}/gradebook`);
      const large100 = await count(tc, `/sections/${large.id}/gradebook`);
      expect(small10).toBe(large100);
      expect(small10).toBeLessThanOrEqual(8);
      expect(await count(tc, `/sections/${small.id}/dashboard`)).toBe(
        await count(tc, `/sections/${large.id}/dashboard`),
      );
      const html = await (await tc.get(`/sections/${large.id}/gradebook`)).text();
      expect(html.match(/<tr id="gb-/g)?.length).toBe(100);
      // nor does a student's dashboard
      const inSmall = await loginAs(new Client(big), "s001");
      const inLarge = await loginAs(new Client(big), "l001");
      expect(await count(inSmall, "/")).toBe(await count(inLarge, "/"));
    } finally {
      big.close();
    }
  });
});
