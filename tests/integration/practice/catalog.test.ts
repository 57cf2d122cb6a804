// The practice catalog without running code: who may see and manage it, public registration on and
// off, the JSON import (idempotent, updates by title, errors with item numbers, all or nothing) and
// export, search and filters with acceptance.
import { describe, expect, test } from "bun:test";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, registerStudent, STRONG } from "../../helpers/client.ts";
import {
  importItems,
  item,
  openRegistration,
  problemId,
  registerHobbyist,
  storeGraded,
  userId,
} from "./helpers.ts";

const room = useClassroom();

describe("registration", () => {
  test("closed by default: /register is 404 and the login page offers no link", async () => {
    const c = new Client(room.t);
    expect((await c.get("/register")).status).toBe(404);
    const post = await c.post("/register", {
      displayName: "X",
      username: "xx1",
      email: "",
      password: STRONG,
      confirm: STRONG,
    });
    expect(post.status).toBe(404);
    expect(countRows(room.t, "users")).toBe(2);
    expect(await (await c.get("/login")).text()).not.toContain('href="/register"');
  });

  test("only an admin may open it", async () => {
    const res = await room.teacher.post("/practice/admin/settings", {
      registration: "on",
      easyMin: "10",
      easyMax: "20",
      mediumMin: "30",
      mediumMax: "50",
      hardMin: "60",
      hardMax: "100",
    });
    expect(res.status).toBe(403);
    expect((await new Client(room.t).get("/register")).status).toBe(404);
  });

  test("open: a hobbyist registers as a student under the password policy, and lands on the catalog", async () => {
    await openRegistration(room.admin);
    const c = new Client(room.t);
    expect(await (await c.get("/login")).text()).toContain('href="/register"');
    const weak = await c.post("/register", {
      displayName: "Weak",
      username: "weak1",
      email: "",
      password: "short",
      confirm: "short",
    });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain("at least");
    const ok = await c.post("/register", {
      displayName: "Hobby Hanna",
      username: "hanna",
      email: "",
      password: STRONG,
      confirm: STRONG,
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/practice");
    const row = room.t.ctx.sqlite
      .query<{ role: string }, []>("SELECT role FROM users WHERE username = 'hanna'")
      .get();
    expect(row?.role).toBe("student");
    expect((await c.get("/practice")).status).toBe(200);
  });

  test("rate limited per address", async () => {
    const c = new Client(room.t);
    const limit = room.t.ctx.config.limits.registerPerCode;
    let last = 0;
    for (let i = 0; i <= limit; i++) {
      const res = await c.post("/register", {
        displayName: "R",
        username: `r${i}x`,
        email: "",
        password: "short",
        confirm: "short",
      });
      last = res.status;
    }
    expect(last).toBe(429);
  });

  test("closed again: refused", async () => {
    await openRegistration(room.admin, false);
    expect((await new Client(room.t).get("/register")).status).toBe(404);
  });
});

describe("import and export", () => {
  test("a teacher imports an array: created; the same file again changes nothing", async () => {
    const file = [item("Sum of two"), item("Echo", { difficulty: "medium", points: 40, tags: ["strings"] })];
    const first = await importItems(room.teacher, file);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("2 new, 0 updated, 0 unchanged");
    const before = room.t.ctx.sqlite.query("SELECT * FROM problems ORDER BY id").all();
    const tests = room.t.ctx.sqlite.query("SELECT * FROM test_cases ORDER BY id").all();
    const again = await importItems(room.teacher, file);
    expect(await again.text()).toContain("0 new, 0 updated, 2 unchanged");
    expect(room.t.ctx.sqlite.query("SELECT * FROM problems ORDER BY id").all()).toEqual(before);
    expect(room.t.ctx.sqlite.query("SELECT * FROM test_cases ORDER BY id").all()).toEqual(tests);
  });

  test("a changed file updates its problem by title (case-insensitive), keeping the test ids", async () => {
    const id = problemId(room.t, "Sum of two");
    const testIds = room.t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM test_cases WHERE problem_id = ? ORDER BY position")
      .all(id);
    const res = await importItems(room.teacher, item("SUM OF TWO", { points: 15, description: "New text." }));
    expect(await res.text()).toContain("0 new, 1 updated");
    const p = room.t.ctx.sqlite
      .query<{ title: string; statement: string }, [number]>(
        "SELECT title, statement FROM problems WHERE id = ?",
      )
      .get(id);
    expect(p).toEqual({ title: "SUM OF TWO", statement: "New text." });
    expect(
      room.t.ctx.sqlite
        .query<{ id: number }, [number]>("SELECT id FROM test_cases WHERE problem_id = ? ORDER BY position")
        .all(id),
    ).toEqual(testIds);
    await importItems(room.teacher, item("Sum of two")); // back as it was
  });

  test("errors name their item; nothing of a file with errors is saved", async () => {
    const bad = [
      item("Fine one"),
      item("Bad points", { points: 99 }),
      { title: "No tests", difficulty: "easy", points: 10, test_cases: [] },
      item("Bad difficulty", { difficulty: "extreme" }),
      item("Fine one"),
    ];
    const res = await importItems(room.teacher, bad);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Nothing was imported");
    expect(html).toContain("item 2: Points for an easy problem are 10 to 20.");
    expect(html).toContain("item 3 (test_cases): test_cases needs at least one test.");
    expect(html).toContain("item 4 (difficulty): difficulty must be easy, medium or hard.");
    expect(html).toContain("item 5: the title &quot;Fine one&quot; is also item 1");
    expect(
      room.t.ctx.sqlite.query("SELECT 1 FROM practice_problems WHERE title_key = 'fine one'").get(),
    ).toBeNull();
  });

  test("not JSON: one clear message", async () => {
    const res = await room.teacher.post("/practice/import", { json: '{"title": ' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The file is not valid JSON");
  });

  test("a teacher cannot change another's problem by importing its title; an admin can", async () => {
    const res = await importItems(
      room.admin,
      item("Echo", { difficulty: "medium", points: 45, tags: ["strings"] }),
    );
    expect(await res.text()).toContain("1 updated");
    const other = await importItems(room.teacher, item("Admin only", {}));
    expect(await other.text()).toContain("1 new");
    const steal = await importItems(room.admin, item("Admin only", { points: 12 }));
    expect(await steal.text()).toContain("1 updated");
    const teacherAgain = await importItems(room.teacher, item("Echo", { difficulty: "medium", points: 30 }));
    expect(teacherAgain.status).toBe(200); // Echo was published by this teacher
  });

  test("export gives the import format, and importing the export changes nothing", async () => {
    const res = await room.teacher.get("/practice/export.json");
    expect(res.headers.get("content-type")).toContain("application/json");
    const items = (await res.json()) as { title: string; test_cases: unknown[] }[];
    expect(items.map((i) => i.title)).toContain("Sum of two");
    expect(Object.keys(items[0]!).sort()).toEqual([
      "code_template",
      "description",
      "difficulty",
      "points",
      "tags",
      "test_cases",
      "title",
    ]);
    const again = await importItems(room.admin, items);
    expect(await again.text()).toContain(`0 new, 0 updated, ${items.length} unchanged`);
  });
});

describe("access", () => {
  test("signed out: every practice page leads to login", async () => {
    const c = new Client(room.t);
    for (const path of [
      "/practice",
      `/practice/problems/${problemId(room.t, "Echo")}`,
      "/practice/profile",
      "/practice/manage",
      "/practice/export.json",
    ]) {
      const res = await c.get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toStartWith("/login");
    }
  });

  test("any signed-in user practises: a student of a section and a hobbyist see the catalog", async () => {
    const { client } = await registerStudent(room.t, room.section.code, "sam");
    const page = await client.get("/practice");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Sum of two");
    expect((await client.get(`/practice/problems/${problemId(room.t, "Echo")}`)).status).toBe(200);
  });

  test("students cannot manage, import, export or edit; hidden problems are 404 to them", async () => {
    const { client } = await registerStudent(room.t, room.section.code, "sid");
    const id = problemId(room.t, "Echo");
    expect((await client.get("/practice/manage")).status).toBe(403);
    expect((await importItems(client, item("Sneaky"))).status).toBe(403);
    expect((await client.get("/practice/export.json")).status).toBe(403);
    expect(
      (await client.post(`/practice/problems/${id}/edit`, { difficulty: "hard", points: "60" })).status,
    ).toBe(403);
    expect((await client.get("/practice/admin")).status).toBe(403);
    const hide = await room.teacher.post(`/practice/problems/${id}/edit`, {
      difficulty: "medium",
      points: "30",
      tags: "strings",
    });
    expect(hide.status).toBe(303);
    expect((await client.get(`/practice/problems/${id}`)).status).toBe(404);
    expect(await (await client.get("/practice")).text()).not.toContain(">Echo<");
    expect((await room.teacher.get(`/practice/problems/${id}`)).status).toBe(200);
    await room.teacher.post(`/practice/problems/${id}/edit`, {
      difficulty: "medium",
      points: "30",
      tags: "strings",
      published: "on",
    });
    expect((await client.get(`/practice/problems/${id}`)).status).toBe(200);
  });

  test("points outside the difficulty range are refused", async () => {
    const id = problemId(room.t, "Echo");
    const res = await room.teacher.post(`/practice/problems/${id}/edit`, {
      difficulty: "hard",
      points: "20",
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Points for a hard problem are 60 to 100.");
    const adminOwned = problemId(room.t, "Admin only");
    expect(
      room.t.ctx.sqlite
        .query("SELECT created_by FROM practice_problems WHERE problem_id = ?")
        .get(adminOwned),
    ).toBeTruthy();
  });

  test("a catalog problem is not reachable through the section routes", async () => {
    const { client } = await registerStudent(room.t, room.section.code, "sue");
    const id = problemId(room.t, "Echo");
    expect((await client.get(`/problems/${id}`)).status).toBe(404);
    expect((await room.teacher.get(`/manage/problems/${id}`)).status).toBe(404);
  });

  test("only admins see the analytics", async () => {
    const id = problemId(room.t, "Echo");
    expect((await room.teacher.get(`/practice/admin/problems/${id}`)).status).toBe(403);
    const res = await room.admin.get(`/practice/admin/problems/${id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Active users per day");
  });
});

describe("search and filters", () => {
  test("by text, difficulty, tag and solved, with acceptance", async () => {
    const hobby = await registerHobbyistOnce();
    const sum = problemId(room.t, "Sum of two");
    const me = userId(room.t, "filterer");
    storeGraded(room.t, { problemId: sum, userId: me, ms: 10, memoryKb: 9000, full: false });
    storeGraded(room.t, { problemId: sum, userId: me, ms: 10, memoryKb: 9000, full: true });
    room.t.ctx.sqlite
      .query("INSERT INTO practice_solves VALUES (?, ?, 0, 10, ?)")
      .run(me, sum, room.t.clock.now());
    const text = async (q: string) => (await hobby.get(`/practice?${q}`)).text();
    expect(await text("q=echo")).not.toContain("Sum of two");
    expect(await text("q=echo")).toContain("Echo");
    expect(await text("difficulty=medium")).not.toContain("Sum of two");
    expect(await text("tag=strings")).toContain("Echo");
    expect(await text("tag=strings")).not.toContain("Sum of two");
    const solved = await text("solved=solved");
    expect(solved).toContain("Sum of two");
    expect(solved).not.toContain(">Echo<");
    expect(await text("solved=unsolved")).not.toContain("Sum of two");
    expect(await text("q=sum")).toContain("50%");
    expect(await text("q=zzzz")).toContain("Nothing matches these filters");
  });
});

let hobbyist: Client | undefined;
async function registerHobbyistOnce(): Promise<Client> {
  if (hobbyist) return hobbyist;
  await openRegistration(room.admin);
  hobbyist = await registerHobbyist(room.t, "filterer");
  return hobbyist;
}
