// Attacks on the practice catalog by a hostile student, hobbyist or teacher, over the real routes and
// the real sandbox and grading queue: hidden test data of catalog problems must reach nobody but their
// author (and admins) by any page, fragment, stream, export or API; catalog problems (task_id NULL)
// must not slip into the section routes; unpublished problems stay out of sight; registration holds
// its switch, policy, rate limit and role; rankings keep names and hidden points private; points and
// achievements cannot be farmed or forged.
import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { checkAchievements } from "../../../src/features/practice/achievements.ts";
import { scoreCatalogSubmission } from "../../../src/features/practice/watch.ts";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import {
  Client,
  createSection,
  createTeacher,
  login,
  registerStudent,
  STRONG,
} from "../../helpers/client.ts";
import { codeForm } from "../../helpers/forms.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { readSse } from "../../helpers/sse.ts";
import {
  importItems,
  item,
  openRegistration,
  problemId,
  registerHobbyist,
  SUM_SOLUTION,
  storeGraded,
  userId,
} from "./helpers.ts";

const room = useClassroom({
  sandbox: { grading: true },
  env: { SLATE_REGISTER_PER_MINUTE: "4", SLATE_API_PER_MINUTE: "50" },
});
const DAY = 86_400_000;

// Hidden test data of Tina's catalog problem: no page anyone but Tina or an admin sees may hold these.
const HIDDEN_IN = "zqhiddenin71";
const HIDDEN_OUT = "zqhiddenout93";
const SECRET = item("Echo secret", {
  test_cases: [
    { input: "visible-one\n", expected: "visible-one", hidden: false },
    { input: `${HIDDEN_IN}\n`, expected: HIDDEN_OUT, hidden: true },
  ],
});
// A program that spells its input out every way it can: stdout, stderr, an exception, exit status.
const LEAKY = [
  "import sys",
  "data = sys.stdin.read()",
  "print(data)",
  "print(data, file=sys.stderr)",
  "raise SystemExit(data)",
  "",
].join("\n");

const noHidden = (text: string) => {
  expect(text).not.toContain(HIDDEN_IN);
  expect(text).not.toContain(HIDDEN_OUT);
};

async function graded(id: number) {
  for (let i = 0; i < 600; i++) {
    const row = room.t.ctx.sqlite
      .query<{ status: string }, [number]>("SELECT status FROM submissions WHERE id = ?")
      .get(id);
    if (row?.status === "graded" || row?.status === "error") return row.status;
    await Bun.sleep(100);
  }
  throw new Error("not graded in 60 s");
}

async function submit(c: Client, pid: number, code: string): Promise<number> {
  const res = await c.post(`/practice/problems/${pid}/submit`, codeForm(code));
  expect(res.status).toBe(303);
  return Number(res.headers.get("location")!.split("/").pop());
}

const achievements = (uid: number) =>
  room.t.ctx.sqlite
    .query<{ code: string }, [number]>(
      "SELECT code FROM practice_achievements WHERE user_id = ? ORDER BY code",
    )
    .all(uid)
    .map((r) => r.code);

let pid: number;
let mallory: Client; // a hobbyist
let tom: Client; // another teacher
let subId: number; // Mallory's leaky submission

describe("hidden test data of a catalog problem", () => {
  test("setup: Tina publishes a problem with a hidden test; a hobbyist and another teacher", async () => {
    expect((await importItems(room.teacher, [SECRET])).status).toBe(200);
    pid = problemId(room.t, "Echo secret");
    await openRegistration(room.admin);
    mallory = await registerHobbyist(room.t, "mallory");
    tom = await createTeacher(room.t, room.admin, "tom");
  });

  test("the problem page and Run tests show no hidden data, even to a program that echoes it", async () => {
    noHidden(await (await mallory.get(`/practice/problems/${pid}`)).text());
    const run = await mallory.post(`/practice/problems/${pid}/run-tests`, codeForm(LEAKY));
    expect(run.status).toBe(200);
    const html = await run.text();
    expect(html).toContain("visible-one"); // the visible test is shown in full
    noHidden(html);
  }, 60_000);

  test("a leaky submission: its page, live stream, the problem page and history hold no hidden data", async () => {
    subId = await submit(mallory, pid, LEAKY);
    const stream = readSse(await mallory.get(`/practice/submissions/${subId}/events`));
    const text = await stream.until((t) => t.includes("event: done"), 60_000);
    await stream.close();
    expect(await graded(subId)).toBe("graded");
    noHidden(text);
    const page = await (await mallory.get(`/practice/submissions/${subId}`)).text();
    expect(page).toContain("visible-one");
    noHidden(page);
    noHidden(await (await mallory.get(`/practice/problems/${pid}`)).text());
    noHidden(await (await mallory.get("/practice")).text());
    noHidden(await (await mallory.get("/practice/profile")).text());
    noHidden(await (await mallory.get("/")).text());
  }, 120_000);

  test("the JSON export gives another teacher none of Tina's problems; Tina and the admin get theirs", async () => {
    const other = await tom.get("/practice/export.json");
    expect(other.status).toBe(200);
    const otherText = await other.text();
    noHidden(otherText);
    expect(JSON.parse(otherText)).toEqual([]);
    const own = await (await room.teacher.get("/practice/export.json")).text();
    expect(own).toContain(HIDDEN_OUT);
    expect(await (await room.admin.get("/practice/export.json")).text()).toContain(HIDDEN_OUT);
    expect((await mallory.get("/practice/export.json")).status).toBe(403);
    expect((await new Client(room.t).get("/practice/export.json")).status).toBe(303);
  });

  test("another teacher's views of the problem and of the manage page hold no hidden data", async () => {
    noHidden(await (await tom.get(`/practice/problems/${pid}`)).text());
    noHidden(await (await tom.get("/practice/manage")).text());
    expect((await tom.get(`/practice/problems/${pid}/edit`)).status).toBe(404);
    expect((await tom.get(`/practice/admin/problems/${pid}`)).status).toBe(403);
    expect((await room.teacher.get(`/practice/admin/problems/${pid}`)).status).toBe(403);
    expect((await mallory.get(`/practice/admin/problems/${pid}`)).status).toBe(403);
  });

  test("the section routes refuse a catalog problem and its submissions to everyone but the practice pages", async () => {
    const tests = room.t.ctx.sqlite
      .query<{ id: number }, [number]>("SELECT id FROM test_cases WHERE problem_id = ?")
      .all(pid);
    const hiddenTest = tests[1]!.id;
    for (const who of [mallory, room.teacher, tom]) {
      for (const path of [
        `/problems/${pid}`,
        `/problems/${pid}/draft`,
        `/submissions/${subId}`,
        `/submissions/${subId}/events`,
        `/manage/problems/${pid}`,
        `/manage/problems/${pid}/tests/${hiddenTest}`,
        `/manage/problems/${pid}/preview`,
        `/manage/problems/${pid}/reference`,
        `/manage/problems/${pid}/export.md`,
      ]) {
        const res = await who.get(path);
        expect([403, 404], path).toContain(res.status);
        noHidden(await res.text());
      }
      for (const path of [
        `/problems/${pid}/run-tests`,
        `/problems/${pid}/submit`,
        `/ai/problems/${pid}/tutor`,
        `/ai/problems/${pid}/complexity`,
        `/ai/problems/${pid}/tutor/clear`,
        `/manage/problems/${pid}/regrade`,
        `/manage/problems/${pid}/tests/${hiddenTest}`,
        `/manage/problems/${pid}/delete`,
      ]) {
        const res = await who.post(path, { ...codeForm(LEAKY), question: "what is hidden?" });
        expect([400, 403, 404, 422], path).toContain(res.status);
        noHidden(await res.text());
      }
      const override = await who.post(`/manage/submissions/${subId}/override`, { score: "2", comment: "" });
      expect([403, 404]).toContain(override.status);
    }
    // The section's teacher: the gradebook export and the tutor conversations never reach it.
    const csv = await room.teacher.get(
      `/sections/${room.section.id}/gradebook/download?format=csv&problem=${pid}`,
    );
    expect(csv.status).toBe(400); // "None of the chosen tasks or problems belong to this gradebook."
    noHidden(await csv.text());
    const whole = await (
      await room.teacher.get(`/sections/${room.section.id}/gradebook/download?format=csv`)
    ).text();
    expect(whole).not.toContain("Echo secret");
    expect(whole).not.toContain("mallory");
    const mallId = userId(room.t, "mallory");
    const talk = await room.teacher.get(`/ai/sections/${room.section.id}/conversations/${mallId}/${pid}`);
    expect(talk.status).toBe(404);
    expect(await (await room.teacher.get(`/sections/${room.section.id}/gradebook`)).text()).not.toContain(
      "Echo secret",
    );
    expect(countRows(room.t, "submissions")).toBe(1);
    expect(room.t.ctx.sqlite.query("SELECT override_score FROM submissions").get()).toEqual({
      override_score: null,
    });
    expect(countRows(room.t, "problems")).toBe(1);
  });

  test("an admin may open the submission, and sees the teacher's view only where it is theirs to see", async () => {
    const res = await room.admin.get(`/practice/submissions/${subId}`);
    expect(res.status).toBe(200);
  });

  test("the signed grading API grades a catalog problem without its hidden data", async () => {
    const issued = await room.admin.post("/admin/lms/clients", { name: "Attack client", webhookUrl: "" });
    const secrets = [...(await issued.text()).matchAll(/<p class="secret[^"]*">([^<]+)<\/p>/g)].map(
      (m) => m[1]!,
    );
    const body = JSON.stringify({ requestId: "attack-1", studentId: "ext-1", problemId: pid, code: LEAKY });
    const ts = String(Math.floor(room.t.clock.now() / 1000));
    const signature = `sha256=${createHmac("sha256", secrets[1]!).update(`${ts}.${body}`).digest("hex")}`;
    const res = await room.t.app.request("http://localhost/api/v1/grade", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-slate-client": secrets[0]!,
        "x-slate-timestamp": ts,
        "x-slate-signature": signature,
      },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("visible-one");
    noHidden(text);
  }, 60_000);
});

describe("a section's problem through the practice routes", () => {
  test("no practice route opens, runs, submits, edits, deletes or analyses a section's problem", async () => {
    const task = await seedTask(room.t, room.section.id, { title: "Week secret" });
    const p = await seedSumProblem(room.t, task.id);
    const { client: stu } = await registerStudent(room.t, room.section.code, "sam");
    const sub = storeGraded(room.t, {
      problemId: p.id,
      userId: userId(room.t, "sam"),
      ms: 5,
      memoryKb: 1,
      full: true,
    });
    const before = countRows(room.t, "submissions");
    for (const who of [stu, mallory, room.teacher, tom, room.admin]) {
      for (const path of [
        `/practice/problems/${p.id}`,
        `/practice/problems/${p.id}/edit`,
        `/practice/admin/problems/${p.id}`,
        `/practice/submissions/${sub}`,
        `/practice/submissions/${sub}/events`,
      ]) {
        const res = await who.get(path);
        expect([403, 404], path).toContain(res.status);
        expect(await res.text()).not.toContain("40 2"); // the section's hidden test input
      }
      for (const path of [
        `/practice/problems/${p.id}/run-tests`,
        `/practice/problems/${p.id}/submit`,
        `/practice/problems/${p.id}/edit`,
        `/practice/problems/${p.id}/delete`,
      ]) {
        const form = {
          ...codeForm("print(input())"),
          difficulty: "easy",
          points: "10",
          tags: "",
          published: "on",
        };
        const res = await who.post(path, form);
        expect([403, 404], path).toContain(res.status);
      }
    }
    expect(countRows(room.t, "submissions")).toBe(before);
    expect(room.t.ctx.sqlite.query("SELECT task_id FROM problems WHERE id = ?").get(p.id)).toEqual({
      task_id: task.id,
    });
    expect(countRows(room.t, "practice_problems")).toBe(1);
    room.t.ctx.sqlite.query("DELETE FROM submissions WHERE id = ?").run(sub);
  }, 60_000);
});

describe("unpublished problems and managing the catalog", () => {
  let draft: number;

  test("setup: Tina hides a problem with its own tag", async () => {
    await importItems(room.teacher, [item("Draft exam", { tags: ["zq-exam-tag"] })]);
    draft = problemId(room.t, "Draft exam");
    const res = await room.teacher.post(`/practice/problems/${draft}/edit`, {
      difficulty: "easy",
      points: "10",
      tags: "zq-exam-tag",
    });
    expect(res.status).toBe(303);
    expect(
      room.t.ctx.sqlite.query("SELECT published FROM practice_problems WHERE problem_id = ?").get(draft),
    ).toEqual({ published: 0 });
  });

  test("a student sees no trace of it: not listed, no tag, no page, no run, no submit", async () => {
    const { client: stu } = await registerStudent(room.t, room.section.code, "sid");
    for (const who of [mallory, stu]) {
      const catalog = await (await who.get("/practice")).text();
      expect(catalog).not.toContain("Draft exam");
      expect(catalog).not.toContain("zq-exam-tag");
      expect((await who.get(`/practice?tag=zq-exam-tag`)).status).toBe(200);
      expect(await (await who.get(`/practice?tag=zq-exam-tag`)).text()).not.toContain("Draft exam");
      expect(await (await who.get(`/practice?q=Draft`)).text()).not.toContain("Draft exam");
      expect((await who.get(`/practice/problems/${draft}`)).status).toBe(404);
      expect((await who.post(`/practice/problems/${draft}/run-tests`, codeForm("print(1)"))).status).toBe(
        404,
      );
      expect((await who.post(`/practice/problems/${draft}/submit`, codeForm("print(1)"))).status).toBe(404);
    }
    expect(countRows(room.t, "submissions")).toBe(1);
  });

  test("a student's own old submission of a problem hidden later is gone from sight too", async () => {
    const old = storeGraded(room.t, {
      problemId: draft,
      userId: userId(room.t, "mallory"),
      ms: 5,
      memoryKb: 1,
      full: false,
    });
    expect((await mallory.get(`/practice/submissions/${old}`)).status).toBe(404);
    expect((await mallory.get(`/practice/submissions/${old}/events`)).status).toBe(404);
    room.t.ctx.sqlite.query("DELETE FROM submissions WHERE id = ?").run(old);
  });

  test("another teacher cannot edit, hide, delete or re-import Tina's problems", async () => {
    const edit = await tom.post(`/practice/problems/${pid}/edit`, {
      difficulty: "hard",
      points: "100",
      tags: "",
      published: "on",
    });
    expect(edit.status).toBe(404);
    // A form with errors is refused before it is checked: 404, not the edit page with Tina's problem.
    const bad = await tom.post(`/practice/problems/${pid}/edit`, { difficulty: "hard", points: "many" });
    expect(bad.status).toBe(404);
    expect((await tom.post(`/practice/problems/${pid}/delete`)).status).toBe(404);
    // By title, in any case and spacing: refused whole, nothing changed.
    const changed = { ...SECRET, title: "  ECHO secret ", points: 20, test_cases: [SECRET.test_cases[0]] };
    const res = await importItems(tom, [item("Tom's own"), changed]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("item 2");
    expect(countRows(room.t, "practice_problems")).toBe(2);
    expect(
      room.t.ctx.sqlite.query("SELECT points FROM practice_problems WHERE problem_id = ?").get(pid),
    ).toEqual({ points: 10 });
    expect(
      room.t.ctx.sqlite.query("SELECT count(*) AS n FROM test_cases WHERE problem_id = ?").get(pid),
    ).toEqual({ n: 2 });
  });

  test("students and hobbyists cannot import, manage or change settings", async () => {
    const { client: stu } = await registerStudent(room.t, room.section.code, "sue");
    for (const who of [mallory, stu]) {
      expect((await importItems(who, [item("Student made")])).status).toBe(403);
      expect((await who.get("/practice/manage")).status).toBe(403);
      expect((await who.get(`/practice/problems/${pid}/edit`)).status).toBe(403);
      expect((await who.post(`/practice/problems/${pid}/delete`)).status).toBe(403);
      expect((await who.get("/practice/admin")).status).toBe(403);
      expect((await who.post("/practice/admin/settings", { registration: "on" })).status).toBe(403);
    }
    expect((await tom.post("/practice/admin/settings", { registration: "" })).status).toBe(403);
    expect(countRows(room.t, "practice_problems")).toBe(2);
  });

  test("signed out: every practice route sends to the login page and changes nothing", async () => {
    const anon = new Client(room.t);
    for (const path of [
      "/practice",
      `/practice/problems/${pid}`,
      `/practice/submissions/${subId}`,
      `/practice/submissions/${subId}/events`,
      "/practice/profile",
      "/practice/manage",
      "/practice/admin",
      `/practice/admin/problems/${pid}`,
      `/practice/sections/${room.section.id}`,
    ]) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location"), path).toStartWith("/login");
    }
    for (const path of [
      `/practice/problems/${pid}/run-tests`,
      `/practice/problems/${pid}/submit`,
      "/practice/profile/prefs",
      "/practice/import",
      `/practice/problems/${pid}/edit`,
      `/practice/problems/${pid}/delete`,
      "/practice/admin/settings",
      `/practice/sections/${room.section.id}/gamification`,
    ]) {
      const res = await anon.post(path, { ...codeForm("print(1)"), json: JSON.stringify(item("Anon")) });
      expect(res.status, path).toBe(303);
    }
    expect(countRows(room.t, "practice_problems")).toBe(2);
    expect(countRows(room.t, "submissions")).toBe(1);
  });
});

describe("public registration", () => {
  const form = (username: string, extra: Record<string, string> = {}) => ({
    displayName: `Reg ${username}`,
    username,
    email: "",
    password: STRONG,
    confirm: STRONG,
    ...extra,
  });

  test("closed: every method on /register answers 404 and no account is made", async () => {
    await openRegistration(room.admin, false);
    const anon = new Client(room.t);
    expect((await anon.get("/register")).status).toBe(404);
    expect((await anon.request("/register", { method: "HEAD" })).status).toBe(404);
    expect((await anon.post("/register", form("closed1"))).status).toBe(404);
    expect((await anon.post("/register/", form("closed2"))).status).not.toBe(200); // no such route
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const body = new URLSearchParams(form("closed3"));
      expect((await anon.request("/register", { method, body })).status).not.toBe(200);
    }
    expect(
      room.t.ctx.sqlite.query("SELECT count(*) AS n FROM users WHERE username LIKE 'closed%'").get(),
    ).toEqual({ n: 0 });
    expect(anon.hasSession()).toBe(false);
    expect(await (await anon.get("/login")).text()).not.toContain('href="/register"');
    await openRegistration(room.admin, true);
  });

  test("role, must-change and other fields in the form are ignored: always a student", async () => {
    await openRegistration(room.admin, true);
    const c = new Client(room.t);
    const res = await c.post(
      "/register",
      form("escalate", { role: "admin", must_change_password: "0", active: "1" }),
    );
    expect(res.status).toBe(303);
    expect(room.t.ctx.sqlite.query("SELECT role FROM users WHERE username = 'escalate'").get()).toEqual({
      role: "student",
    });
    expect((await c.get("/admin")).status).toBe(403);
  });

  test("the password policy holds; a taken username is refused", async () => {
    const c = new Client(room.t);
    for (const password of ["Sh0rt", "password123", "ALLCAPS12345", "NoDigitsHere"]) {
      const res = await c.post("/register", form("weakling", { password, confirm: password }));
      expect(res.status).toBe(422);
    }
    // Failed tries count toward the limit too: a new address for each of these.
    expect((await new Client(room.t).post("/register", form("mallory"))).status).toBe(422);
    expect((await new Client(room.t).post("/register", form("MALLORY"))).status).toBe(422);
    expect((await new Client(room.t).post("/register", form("Admin"))).status).toBe(422);
    expect(
      room.t.ctx.sqlite.query("SELECT count(*) AS n FROM users WHERE username = 'weakling'").get(),
    ).toEqual({
      n: 0,
    });
    expect(c.hasSession()).toBe(false);
  });

  test("signed in: registering again makes no second account and keeps the session's user", async () => {
    const before = countRows(room.t, "users");
    const res = await mallory.post("/register", form("mallory2"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/practice");
    expect(countRows(room.t, "users")).toBe(before);
    expect(await (await mallory.get("/practice/profile")).text()).toContain("Hobbyist mallory");
  });

  test("rate limited per address", async () => {
    const ip = { "x-forwarded-for": "10.99.0.1" };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const c = new Client(room.t);
      const res = await c.request("/register", {
        method: "POST",
        body: new URLSearchParams(form(`flood${i}`)),
        headers: { ...ip, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 303).length).toBeLessThanOrEqual(4);
    expect(statuses).toContain(429);
  });

  test("a cross-site form cannot flip the admin's settings, import, or a learner's privacy", async () => {
    const evil = { origin: "https://evil.example" };
    const closeIt = await room.admin.post(
      "/practice/admin/settings",
      { easyMin: "10", easyMax: "20", mediumMin: "30", mediumMax: "50", hardMin: "60", hardMax: "100" },
      evil,
    );
    expect(closeIt.status).toBe(403);
    expect((await new Client(room.t).get("/register")).status).toBe(200); // still open
    const imp = await room.teacher.post("/practice/import", { json: JSON.stringify(item("Planted")) }, evil);
    expect(imp.status).toBe(403);
    expect(
      room.t.ctx.sqlite
        .query("SELECT count(*) AS n FROM practice_problems WHERE title_key = 'planted'")
        .get(),
    ).toEqual({ n: 0 });
    const prefs = await mallory.post("/practice/profile/prefs", { showName: "on" }, evil);
    expect(prefs.status).toBe(403);
    expect(
      room.t.ctx.sqlite
        .query("SELECT count(*) AS n FROM practice_prefs WHERE user_id = ? AND show_name = 1")
        .get(userId(room.t, "mallory")),
    ).toEqual({ n: 0 });
  });

  test("without an Origin header (a cross-site form) nothing is made", async () => {
    const c = new Client(room.t);
    const res = await c.request("/register", {
      method: "POST",
      body: new URLSearchParams(form("csrf1")),
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(403);
    expect(room.t.ctx.sqlite.query("SELECT count(*) AS n FROM users WHERE username = 'csrf1'").get()).toEqual(
      { n: 0 },
    );
  });
});

describe("rankings, points and achievements", () => {
  let rank: number;

  test("setup: a fresh problem with three solvers, one of them opted in", async () => {
    await importItems(room.admin, [item("Ranked")]);
    rank = problemId(room.t, "Ranked");
    for (const name of ["rita", "rolf", "rosa"]) await registerHobbyist(room.t, name);
    const rosa = new Client(room.t);
    await login(rosa, "rosa");
    await rosa.post("/practice/profile/prefs", { showName: "on" });
    for (const [i, name] of ["rita", "rolf", "rosa"].entries()) {
      const id = storeGraded(room.t, {
        problemId: rank,
        userId: userId(room.t, name),
        ms: 10 + i,
        memoryKb: 1000,
        full: true,
      });
      await scoreCatalogSubmission(room.t.ctx, id);
    }
  });

  test("names and usernames of those who did not opt in appear nowhere a stranger looks", async () => {
    for (const path of [`/practice/problems/${rank}`, "/practice"]) {
      const html = await (await mallory.get(path)).text();
      for (const leak of ["Hobbyist rita", "Hobbyist rolf", ">rita<", ">rolf<"])
        expect(html, path).not.toContain(leak);
      expect(html, path).toContain("Hobbyist rosa");
    }
  });

  test("hidden points: out of the catalog leaderboard, in no ranking by name", async () => {
    const rosa = new Client(room.t);
    await login(rosa, "rosa");
    await rosa.post("/practice/profile/prefs", { showName: "on", hidePoints: "on" });
    const html = await (await mallory.get("/practice")).text();
    expect(html.slice(html.indexOf("Top learners"))).not.toContain("Hobbyist rosa");
  });

  test("a deactivated account's name leaves the rankings, though it opted in", async () => {
    const rosa = userId(room.t, "rosa");
    expect((await room.admin.post(`/admin/users/${rosa}/deactivate`)).status).toBe(303);
    const html = await (await mallory.get(`/practice/problems/${rank}`)).text();
    expect(html).not.toContain("Hobbyist rosa");
    await room.admin.post(`/admin/users/${rosa}/reactivate`);
    expect(await (await mallory.get(`/practice/problems/${rank}`)).text()).toContain("Hobbyist rosa");
  });

  test("hidden points: out of a task's leaderboard page and its live fragments", async () => {
    const task = await seedTask(room.t, room.section.id, { title: "Board task" });
    const p = await seedSumProblem(room.t, task.id);
    const { client: quiet } = await registerStudent(room.t, room.section.code, "quinn");
    const { client: loud } = await registerStudent(room.t, room.section.code, "lars");
    await quiet.post("/practice/profile/prefs", { hidePoints: "on", showName: "on" });
    const stream = readSse(await loud.get(`/tasks/${task.id}/leaderboard/live`));
    for (const name of ["quinn", "lars"]) {
      const uid = userId(room.t, name);
      const sid = storeGraded(room.t, { problemId: p.id, userId: uid, ms: 5, memoryKb: 1, full: true });
      room.t.ctx.events.emit("submission:graded", {
        submissionId: sid,
        problemId: p.id,
        taskId: task.id,
        sectionId: room.section.id,
        userId: uid,
      });
    }
    const text = await stream.until((t) => t.includes("Student lars"), 10_000);
    await stream.close();
    expect(text).not.toContain("Student quinn");
    const page = await (await loud.get(`/tasks/${task.id}/leaderboard`)).text();
    expect(page).toContain("Student lars");
    expect(page).not.toContain("Student quinn");
  });

  test("points once: a second accepted run, a grading announced twice, the same run graded again", async () => {
    const rita = userId(room.t, "rita");
    const ritaClient = new Client(room.t);
    await login(ritaClient, "rita");
    const second = await submit(ritaClient, rank, SUM_SOLUTION);
    expect(await graded(second)).toBe("graded");
    await scoreCatalogSubmission(room.t.ctx, second);
    await scoreCatalogSubmission(room.t.ctx, second);
    // A regrade puts the same submission back in the queue: it is graded again, and gives nothing.
    room.t.ctx.sqlite.query("UPDATE submissions SET status = 'queued' WHERE id = ?").run(second);
    room.t.ctx.grading.notify();
    expect(await graded(second)).toBe("graded");
    await Bun.sleep(300);
    expect(room.t.ctx.sqlite.query("SELECT score FROM submissions WHERE id = ?").get(second)).toEqual({
      score: 2,
    });
    expect(
      room.t.ctx.sqlite
        .query("SELECT sum(points) AS p, count(*) AS n FROM practice_solves WHERE user_id = ?")
        .get(rita),
    ).toEqual({ p: 10, n: 1 });
  }, 60_000);

  test("a section with gamification off feeds no streak and unlocks no Dedicated", async () => {
    const task = await seedTask(room.t, room.section.id, { title: "Daily drills" });
    const p = await seedSumProblem(room.t, task.id);
    await room.teacher.post(`/practice/sections/${room.section.id}/gamification`, {});
    const { client: stu } = await registerStudent(room.t, room.section.code, "dora");
    const dora = userId(room.t, "dora");
    const start = room.t.clock.now();
    for (let d = 0; d < 8; d++) {
      storeGraded(room.t, {
        problemId: p.id,
        userId: dora,
        ms: 5,
        memoryKb: 1,
        full: d === 7,
        at: start + d * DAY,
      });
    }
    room.t.clock.ms = start + 7 * DAY;
    await checkAchievements(room.t.ctx, dora, room.section.id);
    expect(achievements(dora)).toEqual([]);
    const profile = await (await stu.get("/practice/profile")).text();
    expect(profile).toMatch(/<strong data-stat="true">0<\/strong><small>day streak/);
    room.t.clock.ms = start;
    await room.teacher.post(`/practice/sections/${room.section.id}/gamification`, { on: "on" });
  });

  test("a section achievement cannot name another section's task; others cannot add or remove one", async () => {
    const tomSection = await createSection(room.t, tom, "Tom's class");
    const tomTask = await seedTask(room.t, tomSection.id, { title: "Tom's task" });
    const res = await room.teacher.post(`/practice/sections/${room.section.id}/achievements`, {
      title: "Borrowed",
      taskId: String(tomTask.id),
      icon: "star",
    });
    expect(res.status).toBe(404);
    const mine = await seedTask(room.t, room.section.id, { title: "Tina's task" });
    const byTom = await tom.post(`/practice/sections/${room.section.id}/achievements`, {
      title: "Planted",
      taskId: String(mine.id),
      icon: "star",
    });
    expect([403, 404]).toContain(byTom.status);
    expect([403, 404]).toContain((await tom.get(`/practice/sections/${room.section.id}`)).status);
    const off = await tom.post(`/practice/sections/${room.section.id}/gamification`, {});
    expect([403, 404]).toContain(off.status);
    expect(countRows(room.t, "practice_section_settings")).toBe(1);
    expect(
      room.t.ctx.sqlite
        .query("SELECT gamification FROM practice_section_settings WHERE section_id = ?")
        .get(room.section.id),
    ).toEqual({ gamification: 1 });
    await room.teacher.post(`/practice/sections/${room.section.id}/achievements`, {
      title: "Tina's own",
      taskId: String(mine.id),
      icon: "star",
    });
    const aid = room.t.ctx.sqlite
      .query<{ id: number }, []>("SELECT max(id) AS id FROM practice_section_achievements")
      .get()!.id;
    const del = await tom.post(`/practice/sections/${tomSection.id}/achievements/${aid}/delete`);
    expect(del.status).toBe(303); // his own section: the id of Tina's achievement matches nothing there
    expect(countRows(room.t, "practice_section_achievements")).toBe(1);
  });

  test("an admin opening a learner's submission does not take the learner's pending toasts", async () => {
    const rolf = userId(room.t, "rolf");
    room.t.ctx.sqlite.query("UPDATE practice_achievements SET toasted_at = NULL WHERE user_id = ?").run(rolf);
    const sub = room.t.ctx.sqlite
      .query<{ id: number }, [number, number]>(
        "SELECT id FROM submissions WHERE user_id = ? AND problem_id = ?",
      )
      .get(rolf, rank)!.id;
    const page = await (await room.admin.get(`/practice/submissions/${sub}`)).text();
    expect(page).not.toContain("First Steps");
    expect(
      room.t.ctx.sqlite
        .query("SELECT count(*) AS n FROM practice_achievements WHERE user_id = ? AND toasted_at IS NULL")
        .get(rolf),
    ).toEqual({ n: 1 });
  });
});

describe("markup in what a teacher writes", () => {
  test("titles, tags, statements, code templates and achievement titles are text, never markup", async () => {
    const evil = item("Evil <img src=x onerror=alert(1)>", {
      tags: ["<b>tag</b>"],
      description: 'Hi <script>alert(2)</script> <a href="javascript:alert(3)">x</a>',
      code_template: "</script><img src=x onerror=alert(4)>\n",
    });
    expect((await importItems(room.teacher, [evil])).status).toBe(200);
    const id = problemId(room.t, evil.title as string);
    for (const path of [
      "/practice",
      `/practice/problems/${id}`,
      `/practice?tag=${encodeURIComponent("<b>tag</b>")}`,
    ]) {
      const html = await (await mallory.get(path)).text();
      expect(html, path).not.toContain("<img src=x");
      expect(html, path).not.toContain("<script>alert");
      expect(html, path).not.toContain("<b>tag</b>");
      expect(html, path).not.toContain("javascript:alert");
      expect(html, path).not.toContain("</script><img");
    }
    const task = await seedTask(room.t, room.section.id, { title: "Markup task" });
    const p = await seedSumProblem(room.t, task.id);
    await room.teacher.post(`/practice/sections/${room.section.id}/achievements`, {
      title: "<img src=x onerror=alert(5)>",
      taskId: String(task.id),
      icon: "star",
    });
    const { client: stu } = await registerStudent(room.t, room.section.code, "xena");
    const xena = userId(room.t, "xena");
    storeGraded(room.t, { problemId: p.id, userId: xena, ms: 5, memoryKb: 1, full: true });
    await checkAchievements(room.t.ctx, xena, room.section.id);
    expect(achievements(xena).some((c) => c.startsWith("section:"))).toBe(true);
    for (const path of ["/practice/profile", "/notifications", "/"]) {
      const html = await (await stu.get(path)).text();
      expect(html, path).not.toContain("<img src=x");
    }
  });
});
