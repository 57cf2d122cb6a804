// Editor integrity through the routes: settings per problem (teachers only), the notice and the
// recorder's settings on the problem page, batches with their HMAC token (tampered, missing and
// foreign tokens flag the submission), payload caps, the server's own keystroke count, risk
// contributions, the replay and its data (teachers of the section only), deletion with the submission
// and the purge per section.
import { beforeAll, describe, expect, test } from "bun:test";
import type { Problem, Task } from "../../../src/db/tables/problems.ts";
import { CAPS } from "../../../src/features/integrity/recording.ts";
import type { RecordingBatch } from "../../../src/features/integrity/recording-format.ts";
import { selectRisk } from "../../../src/features/integrity/risk-store.ts";
import { issueSessionToken } from "../../../src/features/integrity/token.ts";
import { submit } from "../../../src/features/solve/submit.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { FakeEditor } from "./recording-helpers.ts";

const { t, admin, teacher, section } = useClassroom();
let alice: Client;
let bob: Client;
let otherTeacher: Client;
let outsider: Client; // a student of another section
let task: Task;
let problem: Problem;
let quiet: Problem; // recording off

const user = (username: string) =>
  t.ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();

const tokenFor = async (username: string, problemId = problem.id) =>
  issueSessionToken(t.ctx.secret, { problemId, userId: (await user(username)).id, now: t.clock.now() }).token;

function sendBatch(client: Client, batch: unknown, token?: string, problemId = problem.id) {
  return client.request(`/problems/${problemId}/integrity/batches`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { "x-integrity-token": token }),
    },
    body: typeof batch === "string" ? batch : JSON.stringify(batch),
  });
}

async function submitAs(username: string, code: string, p = problem) {
  const r = await submit(t.ctx, {
    user: await user(username),
    task,
    problem: p,
    files: [{ name: "main.py", content: code }],
    mainFile: "main.py",
  });
  if (!r.ok) throw new Error(r.message);
  return r.submission;
}

const points = async (submissionId: number) => {
  const risk = await selectRisk(t.ctx.db, submissionId);
  return Object.fromEntries((risk?.contributions ?? []).map((c) => [c.key, c.points]));
};

beforeAll(async () => {
  alice = (await registerStudent(t, section.code, "alice")).client;
  bob = (await registerStudent(t, section.code, "bob")).client;
  otherTeacher = await createTeacher(t, admin, "olga");
  const otherSection = await createSection(t, otherTeacher, "Other class");
  outsider = (await registerStudent(t, otherSection.code, "oscar")).client;
  task = await seedTask(t, section.id);
  problem = await seedSumProblem(t, task.id);
  quiet = await seedSumProblem(t, task.id, [], { title: "Quiet problem" });
  const res = await teacher.post(`/manage/integrity/problems/${problem.id}/settings`, {
    paste: "blocked",
    recording: "1",
  });
  expect(res.status).toBe(303);
});

describe("settings", () => {
  test("the teacher's choice is saved, shown in the editor, and told to the student", async () => {
    const editor = await (await teacher.get(`/manage/problems/${problem.id}`)).text();
    expect(editor).toContain("Academic integrity");
    expect(editor).toMatch(/value="blocked"[^>]*checked/);
    const page = await (await alice.get(`/problems/${problem.id}`)).text();
    expect(page).toContain('id="integrity-editor"');
    expect(page).toContain('data-paste="blocked"');
    expect(page).toContain('data-recording="on"');
    expect(page).toContain("records how you write your code");
    const quietPage = await (await alice.get(`/problems/${quiet.id}`)).text();
    expect(quietPage).not.toContain('id="integrity-editor"');
    // A teacher's preview records nothing.
    expect(await (await teacher.get(`/problems/${problem.id}`)).text()).not.toContain(
      'id="integrity-editor"',
    );
  });

  test("bad input changes nothing; students and other teachers cannot change settings", async () => {
    const bad = await teacher.post(`/manage/integrity/problems/${problem.id}/settings`, {
      paste: "sometimes",
    });
    expect(bad.status).toBe(303);
    const row = t.ctx.sqlite
      .query("SELECT paste, recording FROM integrity_settings WHERE problem_id = ?")
      .get(problem.id);
    expect(row).toEqual({ paste: "blocked", recording: 1 });
    for (const who of [alice, otherTeacher, outsider]) {
      const res = await who.post(`/manage/integrity/problems/${problem.id}/settings`, { paste: "allowed" });
      expect(res.status).toBe(404);
    }
    const signedOut = await new Client(t).post(`/manage/integrity/problems/${problem.id}/settings`, {
      paste: "allowed",
    });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toStartWith("/login");
  });
});

describe("batches", () => {
  test("a valid batch is stored; a repeated one is not stored twice", async () => {
    const token = await tokenFor("bob");
    const batch = new FakeEditor().type("print(1)\n").batch();
    const first = await sendBatch(bob, batch, token);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, duplicate: false });
    expect(await (await sendBatch(bob, batch, token)).json()).toEqual({ ok: true, duplicate: true });
    const row = t.ctx.sqlite
      .query(
        "SELECT batches, counted_keystrokes FROM integrity_sessions WHERE submission_id IS NULL AND tampered = 0 AND user_id = ?",
      )
      .get((await user("bob")).id);
    expect(row).toEqual({ batches: 1, counted_keystrokes: 9 });
  });

  test("malformed batches, invalid change sets and problems without recording are refused", async () => {
    const token = await tokenFor("bob");
    expect((await sendBatch(bob, "{not json", token)).status).toBe(400);
    expect(
      (
        await sendBatch(
          bob,
          { seq: 1, keystrokes: 0, edits: [["e", 1, "main.py", "nope", "t"]], signals: [] },
          token,
        )
      ).status,
    ).toBe(400);
    const broken = {
      seq: 1,
      keystrokes: 0,
      edits: [["e", 1, "main.py", [1, "not a change"], "t"]],
      signals: [],
    };
    const res = await sendBatch(bob, broken, token);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain("invalid edits");
    expect(
      (await sendBatch(bob, new FakeEditor().type("x").batch(), await tokenFor("bob", quiet.id), quiet.id))
        .status,
    ).toBe(409);
  });

  test("only enrolled students of the section may send; teachers' previews are not recorded", async () => {
    const batch = new FakeEditor().type("x").batch();
    expect((await sendBatch(outsider, batch, await tokenFor("oscar"))).status).toBe(404);
    expect((await sendBatch(teacher, batch, await tokenFor("tina"))).status).toBe(403);
    const signedOut = await sendBatch(new Client(t), batch, await tokenFor("bob"));
    expect([302, 303, 401]).toContain(signedOut.status);
  });

  test("payloads over the caps are refused, per batch and per submission", async () => {
    const token = await tokenFor("bob");
    const huge = "x".repeat(CAPS.batchBytes + 10);
    expect(
      (
        await sendBatch(
          bob,
          { seq: 50, keystrokes: 0, edits: [["s", 1, "main.py", huge]], signals: [] },
          token,
        )
      ).status,
    ).toBe(413);
    // Many batches within the per-request limit, until the recording of the submission-to-be is full.
    const chunk = "y".repeat(200 * 1024);
    let status = 200;
    let seq = 100;
    while (status === 200 && seq < 130) {
      status = (
        await sendBatch(
          bob,
          { seq: seq++, keystrokes: 0, edits: [["s", seq, "main.py", chunk]], signals: [] },
          token,
        )
      ).status;
    }
    expect(status).toBe(413);
    const stored = t.ctx.sqlite
      .query<{ n: number }, [number]>(
        "SELECT sum(recording_bytes) AS n FROM integrity_sessions WHERE submission_id IS NULL AND user_id = ?",
      )
      .get((await user("bob")).id)!.n;
    expect(stored).toBeLessThanOrEqual(CAPS.recordingBytes);
    // Analytics have their own, smaller cap.
    const signals = Array.from({ length: 19_000 }, (_, i) => ["focus", i] as const);
    let analytics = 200;
    for (let i = 0; i < 3 && analytics === 200; i++) {
      analytics = (await sendBatch(bob, { seq: 200 + i, keystrokes: 0, edits: [], signals }, token)).status;
    }
    expect(analytics).toBe(413);
  });
});

describe("tokens", () => {
  test("forged, missing and foreign tokens are refused and flag the next submission as high risk", async () => {
    const batch = () => new FakeEditor().type("print(2)\n").batch();
    const real = await tokenFor("alice");
    const [body, mac] = real.split(".");
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), userId: 999 }),
    ).toString("base64url");
    const refusals = [
      await sendBatch(alice, batch(), undefined),
      await sendBatch(alice, batch(), `${forgedBody}.${mac}`),
      await sendBatch(alice, batch(), `${body}.${mac!.slice(0, -2)}AA`),
      await sendBatch(alice, batch(), await tokenFor("bob")), // a real token, but Bob's
      await sendBatch(alice, batch(), await tokenFor("alice", quiet.id)), // Alice's, for another problem
    ];
    for (const r of refusals) expect(r.status).toBe(403);
    // A flood of forged batches adds no rows: one flag per reason.
    for (let i = 0; i < 10; i++) expect((await sendBatch(alice, batch(), "x.y")).status).toBe(403);
    const flags = t.ctx.sqlite
      .query<{ n: number }, [number]>(
        "SELECT count(*) AS n FROM integrity_sessions WHERE tampered = 1 AND user_id = ?",
      )
      .get((await user("alice")).id)!.n;
    expect(flags).toBe(4); // missing, signature, another student, another problem
    const sub = await submitAs("alice", "print(2)\n");
    const risk = await selectRisk(t.ctx.db, sub.id);
    expect(risk!.score).toBeGreaterThanOrEqual(60);
    const tamper = risk!.contributions.find((c) => c.key === "tamper")!;
    expect(tamper.points).toBe(70);
    expect(tamper.detail).toContain("without an integrity token");
    expect(tamper.detail).toContain("signature does not match");
    expect(tamper.detail).toContain("another student");
    expect(tamper.detail).toContain("another problem");
  });

  test("a submission without any recording while recording is on counts as missing", async () => {
    const sub = await submitAs("alice", "print(3)\n");
    expect((await points(sub.id)).missing).toBe(60);
  });
});

describe("risk", () => {
  test("typed code scores low; the contributions explain a pasted, scripted, distracted submission", async () => {
    // Carol types her first solution herself: the baseline of her own history.
    const carol = (await registerStudent(t, section.code, "carol")).client;
    const typed = new FakeEditor().type("a, b = map(int, input().split())\nprint(a + b)\n");
    typed.signal(["submit", typed.t + 500]);
    expect((await sendBatch(carol, typed.batch(), await tokenFor("carol"))).status).toBe(200);
    const first = await submitAs("carol", typed.doc);
    const calm = await selectRisk(t.ctx.db, first.id);
    expect(calm!.score).toBeLessThan(10);
    expect(calm!.stats!.keystrokes).toBe(typed.doc.length);

    // Then she pastes most of it, a script replaces text, she leaves the page and opens devtools, and
    // the browser lies about its keystroke count.
    const pasted = "def add(a, b):\n    return a + b\n\n\nprint(add(*map(int, input().split())))\n".repeat(4);
    const e = new FakeEditor().type("# mine\n", 40).paste(pasted, 2000).script("x = 1\n".repeat(5), 500);
    e.signal(["blur", e.t + 100, "tab"])
      .signal(["focus", e.t + 9000])
      .signal(["blur", e.t + 9500, "window"]);
    e.signal(["devtools", e.t + 9600]).signal(["submit", e.t + 10_000]);
    const batch: RecordingBatch = { ...e.batch(), keystrokes: 900 };
    expect((await sendBatch(carol, batch, await tokenFor("carol"))).status).toBe(200);
    const second = await submitAs("carol", e.doc);
    const p = await points(second.id);
    expect(p.paste).toBeGreaterThanOrEqual(25); // most characters were pasted
    expect(p["late-insert"]).toBe(15); // a large insertion seconds before submitting
    expect(p.focus).toBe(4); // two focus losses
    expect(p.devtools).toBe(10);
    expect(p.replace).toBe(20); // a script changed the text (the edit and its signal)
    expect(p.keystrokes).toBe(10); // 900 reported, 7 recorded
    expect(p.speed).toBeGreaterThan(0); // much faster than her first submission
    const risk = await selectRisk(t.ctx.db, second.id);
    expect(risk!.stats!.keystrokes).toBe(7); // the server's own count
    expect(risk!.stats!.reportedKeystrokes).toBe(900);
    expect(risk!.contributions.find((c) => c.key === "keystrokes")!.detail).toContain(
      "Slate uses its own count",
    );
    const total = risk!.contributions.reduce((n, c) => n + c.points, 0);
    expect(risk!.score).toBe(Math.min(100, total));
  });

  test("the submissions table shows the risk and filters by it; the submission page explains it", async () => {
    const all = await (await teacher.get(`/manage/tasks/${task.id}/submissions`)).text();
    expect(all).toContain("Risk");
    expect(all).toContain("Student carol");
    const risky = await (await teacher.get(`/manage/tasks/${task.id}/submissions?risk=60`)).text();
    expect(risky).toContain("Student alice");
    expect(risky).toContain("Student carol");
    const rows = (html: string) => html.match(/<tr id="sub-\d+"/g)?.length ?? 0;
    const carol = await (await teacher.get(`/manage/tasks/${task.id}/submissions?student=carol`)).text();
    expect(rows(carol)).toBe(2);
    const carolRisky = await (
      await teacher.get(`/manage/tasks/${task.id}/submissions?student=carol&risk=30`)
    ).text();
    expect(rows(carolRisky)).toBe(1); // her typed first submission scored low
    expect(
      await (await teacher.get(`/manage/tasks/${task.id}/submissions?student=bob&risk=0`)).text(),
    ).toContain("No submissions match");
    expect((await teacher.get(`/manage/tasks/${task.id}/submissions?risk=abc`)).status).toBe(400);
    expect((await teacher.get(`/manage/tasks/${task.id}/submissions?risk=101`)).status).toBe(400);
  });
});

describe("replay, privacy and deletion", () => {
  let subId = 0;
  beforeAll(async () => {
    const dan = (await registerStudent(t, section.code, "dan")).client;
    const e = new FakeEditor().type("print(40 + 2)\n");
    e.signal(["run", e.t + 100]).signal(["submit", e.t + 200]);
    expect((await sendBatch(dan, e.batch(), await tokenFor("dan"))).status).toBe(200);
    subId = (await submitAs("dan", e.doc)).id;
  });

  test("the section's teacher replays the session; the data holds the edits", async () => {
    const sub = await (await teacher.get(`/submissions/${subId}`)).text();
    expect(sub).toContain(`/manage/integrity/submissions/${subId}/replay`);
    const page = await teacher.get(`/manage/integrity/submissions/${subId}/replay`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("data-replay=");
    const data = (await (
      await teacher.get(`/manage/integrity/submissions/${subId}/recording.json`)
    ).json()) as {
      sessions: { edits: unknown[]; signals: unknown[]; init: unknown[] }[];
    };
    expect(data.sessions).toHaveLength(1);
    expect(data.sessions[0]!.edits).toHaveLength("print(40 + 2)\n".length);
    expect(data.sessions[0]!.signals.map((s) => (s as string[])[0])).toEqual(["run", "submit"]);
  });

  test("students (even the author), other teachers and signed-out users cannot see recordings", async () => {
    const dan = new Client(t);
    await dan.post("/login", { username: "dan", password: "Correct-Horse-9" });
    for (const who of [dan, alice, otherTeacher, outsider]) {
      for (const path of ["replay", "recording.json"]) {
        expect((await who.get(`/manage/integrity/submissions/${subId}/${path}`)).status).toBe(404);
      }
    }
    expect((await dan.get(`/submissions/${subId}`)).status).toBe(200);
    expect(await (await dan.get(`/submissions/${subId}`)).text()).not.toContain("/replay");
    const anon = await new Client(t).get(`/manage/integrity/submissions/${subId}/recording.json`);
    expect(anon.status).toBe(303);
  });

  test("recordings are deleted with the submission", async () => {
    const count = () =>
      t.ctx.sqlite
        .query<{ n: number }, [number]>(
          "SELECT count(*) AS n FROM integrity_sessions WHERE submission_id = ?",
        )
        .get(subId)!.n;
    const batches = () =>
      t.ctx.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM integrity_batches").get()!.n;
    expect(count()).toBe(1);
    const before = batches();
    t.ctx.sqlite.query("DELETE FROM submissions WHERE id = ?").run(subId);
    expect(count()).toBe(0);
    expect(batches()).toBe(before - 1);
    expect(t.ctx.sqlite.query("SELECT * FROM integrity_risk WHERE submission_id = ?").get(subId)).toBeNull();
  });

  test("the section's teacher purges its recordings; others cannot", async () => {
    for (const [who, status] of [
      [alice, 403], // students are refused by role
      [otherTeacher, 404], // another teacher's section does not exist for them
    ] as const) {
      expect((await who.post(`/manage/integrity/sections/${section.id}/purge`)).status).toBe(status);
      expect((await who.get(`/manage/integrity/sections/${section.id}`)).status).toBe(status);
    }
    const page = await (await teacher.get(`/manage/integrity/sections/${section.id}`)).text();
    expect(page).toContain("Purge recordings");
    const res = await teacher.post(`/manage/integrity/sections/${section.id}/purge`);
    expect(res.status).toBe(303);
    const left = t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM integrity_sessions")
      .get()!.n;
    expect(left).toBe(0);
    expect(
      t.ctx.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM integrity_batches").get()!.n,
    ).toBe(0);
  });
});
