// A hostile student against the integrity recording, through the real routes and a real SQLite file:
// edits that claim to be keystrokes but insert whole blocks, undo of text never deleted, snapshots and
// "first files" holding the solution, code submitted that no recording wrote, out-of-order times,
// malformed and compressed bodies, batches after the submission, flags a student would like cleared,
// two sessions at once; and a curious student or teacher of another section reading what they may not.
import { beforeAll, describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { ChangeSet } from "@codemirror/state";
import type { Problem, Task } from "../../../src/db/tables/problems.ts";
import type {
  EditEvent,
  EditKind,
  RecordingBatch,
} from "../../../src/features/integrity/recording-format.ts";
import { selectRisk } from "../../../src/features/integrity/risk-store.ts";
import { runsSettled } from "../../../src/features/integrity/similarity/runs.ts";
import { issueSessionToken } from "../../../src/features/integrity/token.ts";
import { submit } from "../../../src/features/solve/submit.ts";
import { cloneTask } from "../../../src/features/tasks/task-clone.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { FakeEditor } from "./recording-helpers.ts";

const { t, admin, teacher, section } = useClassroom();
let task: Task;
let problem: Problem;
let otherTeacher: Client;
let outsider: Client;

/** A copied solution of about 2000 characters. */
const SOLUTION = Array.from(
  { length: 60 },
  (_, i) => `def helper_${i}(a, b):\n    return (a + b) * ${i}\n`,
).join("");

const user = (username: string) =>
  t.ctx.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirstOrThrow();

const tokenFor = async (username: string, problemId = problem.id) =>
  issueSessionToken(t.ctx.secret, { problemId, userId: (await user(username)).id, now: t.clock.now() }).token;

function sendBatch(client: Client, batch: unknown, token?: string, headers: Record<string, string> = {}) {
  return client.request(`/problems/${problem.id}/integrity/batches`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { "x-integrity-token": token }),
      ...headers,
    },
    body:
      typeof batch === "string" || batch instanceof Uint8Array ? (batch as BodyInit) : JSON.stringify(batch),
  });
}

async function submitAs(username: string, code: string) {
  const r = await submit(t.ctx, {
    user: await user(username),
    task,
    problem,
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
const scoreOf = async (submissionId: number) => (await selectRisk(t.ctx.db, submissionId))!.score;

/** One edit appending `text` to `doc` (a CodeMirror change set), labelled as the attacker likes. */
function append(doc: string, text: string, t: number, kind: EditKind) {
  const changes = ChangeSet.of({ from: doc.length, insert: text }, doc.length).toJSON() as unknown[];
  return ["e", t, "main.py", changes, kind] as EditEvent;
}

async function student(name: string) {
  return (await registerStudent(t, section.code, name)).client;
}

const pendingRows = async (username: string) =>
  t.ctx.sqlite
    .query<{ n: number }, [number]>(
      "SELECT count(*) AS n FROM integrity_batches JOIN integrity_sessions s ON s.id = session_id WHERE s.user_id = ?",
    )
    .get((await user(username)).id)!.n;

beforeAll(async () => {
  otherTeacher = await createTeacher(t, admin, "olga");
  const otherSection = await createSection(t, otherTeacher, "Other class");
  outsider = (await registerStudent(t, otherSection.code, "oscar")).client;
  task = await seedTask(t, section.id);
  problem = await seedSumProblem(t, task.id);
  const res = await teacher.post(`/manage/integrity/problems/${problem.id}/settings`, {
    paste: "blocked",
    recording: "1",
  });
  expect(res.status).toBe(303);
});

describe("relabelled edits: the server reads what an edit did, not what the browser calls it", () => {
  test("a 'keystroke' that inserts 2000 characters at once counts as not typed", async () => {
    const mallory = await student("mallory1");
    const e = new FakeEditor().type("# mine\n");
    e.edits.push(append(e.doc, SOLUTION, e.t + 200, "t"));
    const doc = e.doc + SOLUTION;
    const batch: RecordingBatch = { ...e.batch(), keystrokes: 8 };
    batch.signals.push(["submit", 200_000]);
    const token = await tokenFor("mallory1");
    t.clock.advance(200_000); // the page was open that long
    expect((await sendBatch(mallory, batch, token)).status).toBe(200);
    const sub = await submitAs("mallory1", doc);
    const risk = await selectRisk(t.ctx.db, sub.id);
    expect(risk!.stats!.keystrokes).toBe(7); // the block is no keystroke
    expect(risk!.stats!.typedChars).toBe(7);
    expect((await points(sub.id)).paste).toBeGreaterThanOrEqual(34);
    expect(risk!.contributions.find((c) => c.key === "paste")!.detail).toContain("typing cannot explain");
  });

  test("an 'undo' that brings back text never deleted, and a long 'completion', count as not typed", async () => {
    const mallory = await student("mallory2");
    const e = new FakeEditor().type("x = 1\n");
    e.edits.push(append(e.doc, SOLUTION, e.t + 300, "u"));
    const mid = e.doc + SOLUTION;
    const more = "print(helper_1(2, 3) + helper_2(4, 5) + helper_3(6, 7) + helper_4(8, 9))\n";
    e.edits.push(append(mid, more, e.t + 400, "c"));
    expect((await sendBatch(mallory, e.batch(), await tokenFor("mallory2"))).status).toBe(200);
    const sub = await submitAs("mallory2", mid + more);
    expect((await points(sub.id)).paste).toBeGreaterThanOrEqual(34);
  });

  test("undo of text the student really deleted is still fine", async () => {
    const sam = await student("sam1");
    const e = new FakeEditor().type("total = 0\nprint(total)\n");
    const typed = e.doc;
    // Select all and delete (a keystroke), then undo brings it back.
    const del = ChangeSet.of({ from: 0, to: typed.length }, typed.length).toJSON() as unknown[];
    e.edits.push(["e", e.t + 200, "main.py", del, "t"]);
    e.edits.push(append("", typed, e.t + 900, "u"));
    expect((await sendBatch(sam, e.batch(), await tokenFor("sam1"))).status).toBe(200);
    const sub = await submitAs("sam1", typed);
    const p = await points(sub.id);
    expect(p.paste).toBe(0);
    expect(p.unrecorded).toBeUndefined();
    expect(await scoreOf(sub.id)).toBeLessThan(10);
  });

  test("a snapshot event holding the solution counts as not typed, and as large before submitting", async () => {
    const mallory = await student("mallory3");
    const e = new FakeEditor().type("# start\n");
    e.edits.push(["s", e.t + 100, "main.py", SOLUTION]);
    e.signal(["submit", e.t + 5000]);
    expect((await sendBatch(mallory, e.batch(), await tokenFor("mallory3"))).status).toBe(200);
    const sub = await submitAs("mallory3", SOLUTION);
    const p = await points(sub.id);
    expect(p.paste).toBeGreaterThanOrEqual(30);
    expect(p["late-insert"]).toBe(15);
  });
});

describe("the submitted code against the recording", () => {
  test("code submitted that no recorded edit wrote is flagged (the recorder fed a decoy)", async () => {
    const mallory = await student("mallory4");
    const e = new FakeEditor().type("print(1)\n");
    e.signal(["submit", e.t + 500]);
    expect((await sendBatch(mallory, e.batch(), await tokenFor("mallory4"))).status).toBe(200);
    const sub = await submitAs("mallory4", SOLUTION);
    const p = await points(sub.id);
    expect(p.unrecorded).toBeGreaterThanOrEqual(55);
    expect(await scoreOf(sub.id)).toBeGreaterThanOrEqual(60);
  });

  test("a session that claims to begin with the solution in its first files is flagged", async () => {
    const mallory = await student("mallory5");
    const e = new FakeEditor("main.py", SOLUTION).type("# done\n");
    const batch: RecordingBatch = { ...e.batch(0, false), init: [{ name: "main.py", content: SOLUTION }] };
    expect((await sendBatch(mallory, batch, await tokenFor("mallory5"))).status).toBe(200);
    const sub = await submitAs("mallory5", e.doc);
    expect((await points(sub.id)).unrecorded).toBeGreaterThanOrEqual(55);
    expect(await scoreOf(sub.id)).toBeGreaterThanOrEqual(60);
  });

  test("honest work is not flagged: a reload mid-way, and the session after a submission", async () => {
    const sam = await student("sam2");
    // First tab: types half, then the page reloads and a second session starts from that code.
    const first = new FakeEditor().type("a, b = map(int, input().split())\n");
    expect((await sendBatch(sam, first.batch(), await tokenFor("sam2"))).status).toBe(200);
    const second = new FakeEditor("main.py", first.doc).type("print(a + b)\n");
    const batch = { ...second.batch(0, false), init: [{ name: "main.py", content: first.doc }] };
    expect((await sendBatch(sam, batch, await tokenFor("sam2"))).status).toBe(200);
    const sub = await submitAs("sam2", second.doc);
    expect((await points(sub.id)).unrecorded).toBeUndefined();
    expect(await scoreOf(sub.id)).toBeLessThan(10);
    // After submitting, the next session begins with the submitted code.
    const third = new FakeEditor("main.py", second.doc).type("# checked\n");
    const next = { ...third.batch(0, false), init: [{ name: "main.py", content: second.doc }] };
    expect((await sendBatch(sam, next, await tokenFor("sam2"))).status).toBe(200);
    const again = await submitAs("sam2", third.doc);
    expect((await points(again.id)).unrecorded).toBeUndefined();
    expect(await scoreOf(again.id)).toBeLessThan(10);
  });

  test("edits that do not fit the document replay to nothing, so the code counts as unrecorded", async () => {
    const mallory = await student("mallory6");
    const e = new FakeEditor().type("x");
    // A change set for a 5000-character document, on a document of 1 character.
    const bogus = ChangeSet.of({ from: 5000, insert: "y" }, 5000).toJSON() as unknown[];
    e.edits.push(["e", e.t + 100, "main.py", bogus, "t"]);
    expect((await sendBatch(mallory, e.batch(), await tokenFor("mallory6"))).status).toBe(200);
    const sub = await submitAs("mallory6", SOLUTION);
    expect((await points(sub.id)).unrecorded).toBeGreaterThanOrEqual(55);
  });
});

describe("timing", () => {
  test("out-of-order times do not hide a typing speed far above the student's own", async () => {
    const mallory = await student("mallory7");
    // Her usual pace: 400 ms a key.
    const slow = new FakeEditor().type("a, b = map(int, input().split())\nprint(a + b)\n", 400);
    expect((await sendBatch(mallory, slow.batch(), await tokenFor("mallory7"))).status).toBe(200);
    await submitAs("mallory7", slow.doc);
    // Now 20 ms a key, and one key stamped 40 s in the past: the negative gap would cancel the active
    // time, and the gap back to the present is long enough to pass for a pause.
    const fast = new FakeEditor("main.py", slow.doc);
    fast.t = 60_000;
    fast.type("# ".repeat(60), 20);
    const key = fast.edits[30]!;
    fast.edits[30] = [key[0], key[1] - 40_000, key[2], key[3], key[4]] as EditEvent;
    const batch = { ...fast.batch(0, false), init: [{ name: "main.py", content: slow.doc }] };
    const token = await tokenFor("mallory7");
    t.clock.advance(fast.t);
    expect((await sendBatch(mallory, batch, token)).status).toBe(200);
    const sub = await submitAs("mallory7", fast.doc);
    const risk = await selectRisk(t.ctx.db, sub.id);
    expect(risk!.stats!.cpm).toBeGreaterThan(0);
    expect((await points(sub.id)).speed).toBeGreaterThan(0);
  });

  test("events stamped later than the server's time since the token are refused; nothing is stored", async () => {
    const mallory = await student("mallory8");
    const token = await tokenFor("mallory8");
    t.clock.advance(30_000);
    const e = new FakeEditor().type("x = 1\n");
    e.signal(["submit", 6 * 24 * 3_600_000]); // "submitted" six days into a 30-second session
    const res = await sendBatch(mallory, e.batch(), token);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain("later than its editing session");
    expect(await pendingRows("mallory8")).toBe(0);
  });

  test("a paste backdated long before the submit signal is still a large insertion before submitting", async () => {
    const mallory = await student("mallory9");
    const token = await tokenFor("mallory9");
    t.clock.advance(600_000); // ten minutes on the page
    const e = new FakeEditor().paste(SOLUTION, 1000).type("# ok\n");
    e.signal(["submit", 590_000]); // claims the paste was almost ten minutes before submitting
    expect((await sendBatch(mallory, e.batch(), token)).status).toBe(200);
    const sub = await submitAs("mallory9", e.doc); // but the server received it just now
    expect((await points(sub.id))["late-insert"]).toBe(15);
  });

  test("a paste the server received well before submitting is not late", async () => {
    const sam = await student("sam3");
    const token = await tokenFor("sam3");
    t.clock.advance(60_000);
    const e = new FakeEditor().paste(SOLUTION, 1000).type("# ok\n");
    expect((await sendBatch(sam, e.batch(), token)).status).toBe(200);
    t.clock.advance(10 * 60_000);
    // The recorder's last batch before submitting holds the submit signal.
    const last = { seq: 1, keystrokes: 0, edits: [], signals: [["submit", 660_000]] };
    expect((await sendBatch(sam, last, token)).status).toBe(200);
    const sub = await submitAs("sam3", e.doc);
    expect((await points(sub.id))["late-insert"]).toBeUndefined();
  });
});

const batchCount = async (username: string) =>
  t.ctx.sqlite
    .query<{ n: number }, [number]>(
      "SELECT count(*) AS n FROM integrity_sessions WHERE user_id = ? AND batches > 0",
    )
    .get((await user(username)).id)!.n;

describe("malformed and oversized batches are refused and change nothing", () => {
  test("compressed bombs, deep nesting, huge or negative numbers, wrong shapes", async () => {
    const mallory = await student("mallory10");
    const token = await tokenFor("mallory10");
    const valid = new FakeEditor().type("x").batch();
    // A gzip body (10 MB of zeros in a few KB) is not decompressed into the server.
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    const gz = await sendBatch(mallory, new Uint8Array(bomb), token, { "content-encoding": "gzip" });
    expect([400, 413, 415]).toContain(gz.status);
    const gzValid = gzipSync(JSON.stringify(valid));
    const gz2 = await sendBatch(mallory, new Uint8Array(gzValid), token, { "content-encoding": "gzip" });
    expect([400, 415]).toContain(gz2.status);
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const bodies = [
      `{"seq":0,"keystrokes":0,"edits":[["e",1,"main.py",${deep},"t"]],"signals":[]}`,
      `{"seq":0,"keystrokes":1e400,"edits":[],"signals":[]}`,
      `{"seq":1e308,"keystrokes":0,"edits":[],"signals":[]}`,
      `{"seq":0,"keystrokes":-5,"edits":[],"signals":[]}`,
      `{"seq":0,"keystrokes":0,"edits":[["e",-100,"main.py",[1],"t"]],"signals":[]}`,
      `{"seq":0,"keystrokes":0,"edits":[],"signals":[["paste",1,-2000]]}`,
      `{"seq":0,"keystrokes":0,"edits":[],"signals":[["paste",1.5,20]]}`,
      `{"seq":0,"keystrokes":0,"edits":[["e",1,"main.py",[0,[0,"a"]],"z"]],"signals":[]}`,
      `{"seq":0,"keystrokes":0,"edits":[],"signals":[],"__proto__":{"polluted":1}}`.replace(
        ',"__proto__":{"polluted":1}',
        ',"edits2":1,"init":"nope"',
      ),
      JSON.stringify([valid]),
      "null",
    ];
    for (const body of bodies) {
      const res = await sendBatch(mallory, body, token);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBeString();
    }
    expect(await pendingRows("mallory10")).toBe(0);
    expect(await batchCount("mallory10")).toBe(0);
    // And a valid batch still goes in afterwards: nothing was half-stored.
    expect((await sendBatch(mallory, valid, token)).status).toBe(200);
  });

  test("the recording cap holds across two sessions of the same submission-to-be", async () => {
    const mallory = await student("mallory11");
    const tokens = [await tokenFor("mallory11"), await tokenFor("mallory11")];
    const chunk = "z".repeat(200 * 1024);
    let refused = 0;
    for (let i = 0; i < 14; i++) {
      const batch = { seq: i, keystrokes: 0, edits: [["s", i, "main.py", chunk]], signals: [] };
      const res = await sendBatch(mallory, batch, tokens[i % 2]);
      if (res.status === 413) refused++;
      else expect(res.status).toBe(200);
    }
    expect(refused).toBeGreaterThan(0);
    const stored = t.ctx.sqlite
      .query<{ n: number }, [number]>(
        "SELECT sum(recording_bytes) AS n FROM integrity_sessions WHERE user_id = ? AND submission_id IS NULL",
      )
      .get((await user("mallory11")).id)!.n;
    expect(stored).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(stored).toBeGreaterThan(1.5 * 1024 * 1024);
  });

  test("more than 120 batches a minute are refused before they are read", async () => {
    const mallory = await student("mallory12");
    const token = await tokenFor("mallory12");
    let limited = 0;
    for (let i = 0; i < 125; i++) {
      const res = await sendBatch(
        mallory,
        { seq: i, keystrokes: 0, edits: [], signals: [["focus", i]] },
        token,
      );
      if (res.status === 429) limited++;
    }
    expect(limited).toBe(5);
    expect(await pendingRows("mallory12")).toBe(120);
  });
});

describe("tokens and sessions", () => {
  test("a batch resent with the same number but other content does not overwrite the first", async () => {
    const mallory = await student("mallory13");
    const token = await tokenFor("mallory13");
    const guilty = new FakeEditor().paste(SOLUTION).batch(0);
    expect((await sendBatch(mallory, guilty, token)).status).toBe(200);
    const innocent = new FakeEditor().type("print(1)\n").batch(0);
    expect(await (await sendBatch(mallory, innocent, token)).json()).toEqual({ ok: true, duplicate: true });
    const sub = await submitAs("mallory13", SOLUTION);
    expect((await points(sub.id)).paste).toBe(35);
  });

  test("after the submission, its session takes no more batches (old or new); the next one starts clean", async () => {
    const mallory = await student("mallory14");
    const token = await tokenFor("mallory14");
    const e = new FakeEditor().paste(SOLUTION);
    const first = e.batch(0);
    expect((await sendBatch(mallory, first, token)).status).toBe(200);
    const sub = await submitAs("mallory14", SOLUTION);
    const before = await selectRisk(t.ctx.db, sub.id);
    // Replaying the old batch, or a new one that would dilute the paste share, is refused.
    expect((await sendBatch(mallory, first, token)).status).toBe(409);
    const dilute = new FakeEditor().type("#".repeat(200)).batch(1, false);
    expect((await sendBatch(mallory, dilute, token)).status).toBe(409);
    const rows = t.ctx.sqlite
      .query<{ n: number }, [number]>(
        "SELECT count(*) AS n FROM integrity_batches b JOIN integrity_sessions s ON s.id = b.session_id WHERE s.submission_id = ?",
      )
      .get(sub.id)!.n;
    expect(rows).toBe(1);
    expect((await selectRisk(t.ctx.db, sub.id))!.score).toBe(before!.score);
  });

  test("another student's token flags the sender, never its owner", async () => {
    const mallory = await student("mallory15");
    const victim = await student("victor");
    const victimToken = await tokenFor("victor");
    expect((await sendBatch(mallory, new FakeEditor().type("x").batch(), victimToken)).status).toBe(403);
    const e = new FakeEditor().type("print(5)\n");
    expect((await sendBatch(victim, e.batch(), victimToken)).status).toBe(200);
    const victims = await submitAs("victor", e.doc);
    expect((await points(victims.id)).tamper).toBeUndefined();
    expect(await scoreOf(victims.id)).toBeLessThan(10);
    const own = await submitAs("mallory15", "print(5)\n");
    expect((await points(own.id)).tamper).toBe(70);
  });

  test("a flag cannot be cleared by good batches, a fresh token or a new session before submitting", async () => {
    const mallory = await student("mallory16");
    expect((await sendBatch(mallory, new FakeEditor().type("x").batch(), "forged.token")).status).toBe(403);
    const fresh = await mallory.request(`/problems/${problem.id}/integrity/sessions`, { method: "POST" });
    expect(fresh.status).toBe(200);
    const { token } = (await fresh.json()) as { token: string };
    const e = new FakeEditor().type("print(6)\n");
    expect((await sendBatch(mallory, e.batch(), token)).status).toBe(200);
    const sub = await submitAs("mallory16", e.doc);
    expect((await points(sub.id)).tamper).toBe(70);
    expect(await scoreOf(sub.id)).toBeGreaterThanOrEqual(60);
  });

  test("two sessions at once both belong to the submission; either one's paste counts", async () => {
    const mallory = await student("mallory17");
    const [a, b] = [await tokenFor("mallory17"), await tokenFor("mallory17")];
    const tabA = new FakeEditor().type("print(7)\n");
    const tabB = new FakeEditor().paste(SOLUTION);
    expect((await sendBatch(mallory, tabA.batch(), a)).status).toBe(200);
    expect((await sendBatch(mallory, tabB.batch(), b)).status).toBe(200);
    const sub = await submitAs("mallory17", SOLUTION);
    const risk = await selectRisk(t.ctx.db, sub.id);
    expect(risk!.stats!.sessions).toBe(2);
    expect((await points(sub.id)).paste).toBeGreaterThanOrEqual(30);
    for (const token of [a, b]) {
      expect((await sendBatch(mallory, new FakeEditor().type("y").batch(5), token)).status).toBe(409);
    }
  });

  test("one empty batch instead of the editing does not pass for a recording", async () => {
    const mallory = await student("mallory18");
    const empty = { seq: 0, keystrokes: 0, edits: [], signals: [] };
    expect((await sendBatch(mallory, empty, await tokenFor("mallory18"))).status).toBe(200);
    const sub = await submitAs("mallory18", SOLUTION);
    expect(await scoreOf(sub.id)).toBeGreaterThanOrEqual(60);
  });

  test("signed-out users, other sections' students and teachers get no token and store nothing", async () => {
    const url = `/problems/${problem.id}/integrity/sessions`;
    const anon = await new Client(t).request(url, { method: "POST" });
    expect([302, 303, 401]).toContain(anon.status);
    expect((await outsider.request(url, { method: "POST" })).status).toBe(404);
    expect((await otherTeacher.request(url, { method: "POST" })).status).toBe(404);
    expect((await teacher.request(url, { method: "POST" })).status).toBe(403);
    const before = t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM integrity_batches")
      .get()!.n;
    const batch = new FakeEditor().type("x").batch();
    await new Client(t).request(`/problems/${problem.id}/integrity/batches`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-integrity-token": await tokenFor("oscar") },
      body: JSON.stringify(batch),
    });
    expect((await sendBatch(outsider, batch, await tokenFor("oscar"))).status).toBe(404);
    const after = t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM integrity_batches")
      .get()!.n;
    expect(after).toBe(before);
  });
});

describe("similarity across terms: a co-teacher sees no student of a section they never taught", () => {
  test("the pairs, clusters and risk of a run with earlier terms name only students the viewer taught", async () => {
    const OLD = Array.from(
      { length: 30 },
      (_, i) => `for k${i} in range(${i}):\n    print(k${i} * ${i} - 1, end=" ")\n`,
    ).join("");
    // Last term's class, taught by this section's owner alone, with a student whose code was copied.
    const lastTerm = await createSection(t, teacher, "Last term");
    const oldTask = await cloneTask(t.ctx.db, task, lastTerm.id, t.clock.now());
    await t.ctx.db.updateTable("tasks").set({ published: 1 }).where("id", "=", oldTask.id).execute();
    await t.ctx.db
      .updateTable("problems")
      .set({ created_at: problem.created_at - 1000 })
      .where("task_id", "=", oldTask.id)
      .execute();
    const oldProblem = await t.ctx.db
      .selectFrom("problems")
      .selectAll()
      .where("task_id", "=", oldTask.id)
      .executeTakeFirstOrThrow();
    await registerStudent(t, lastTerm.code, "zelda");
    const r = await submit(t.ctx, {
      user: await user("zelda"),
      task: { ...oldTask, published: 1 },
      problem: oldProblem,
      files: [{ name: "main.py", content: OLD }],
      mainFile: "main.py",
    });
    expect(r.ok).toBe(true);
    await student("peer");
    await submitAs("peer", "a, b = map(int, input().split())\nprint(a + b)\n");
    await student("copier");
    const copy = await submitAs("copier", OLD.replaceAll("k", "j"));
    // A co-teacher of this section only.
    const cora = await createTeacher(t, admin, "cora");
    const coraId = (await user("cora")).id;
    t.ctx.sqlite
      .query("INSERT INTO section_teachers (section_id, user_id, role, added_at) VALUES (?, ?, 'co', ?)")
      .run(section.id, coraId, t.clock.now());
    const page = `/manage/integrity/problems/${problem.id}/similarity`;
    expect((await teacher.post(page, { history: "1" })).status).toBe(303);
    await runsSettled(t.ctx);
    const owner = await (await teacher.get(`${page}?history=1&min=0`)).text();
    expect(owner).toContain("Student zelda");
    const co = await cora.get(`${page}?history=1&min=0`);
    expect(co.status).toBe(200);
    const coHtml = await co.text();
    expect(coHtml).toContain("Student copier"); // this section's pairs are hers too
    expect(coHtml).toContain("Student peer");
    expect(coHtml).not.toContain("zelda");
    // The risk breakdown of the copy (shown to every teacher of the section) names nobody of last term.
    const breakdown = await (await cora.get(`/submissions/${copy.id}`)).text();
    expect(breakdown).toContain("similar to an earlier term");
    expect(breakdown).not.toContain("zelda");
    expect(JSON.stringify(await selectRisk(t.ctx.db, copy.id))).not.toContain("zelda");
    // Nor the side by side of that pair, by its ids.
    const runId = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT max(id) AS id FROM similarity_runs")
      .get()!.id;
    const pair = t.ctx.sqlite
      .query<{ a: number; b: number }, [number]>(
        "SELECT a_submission_id AS a, b_submission_id AS b FROM similarity_pairs WHERE run_id = ? AND historical = 1",
      )
      .get(runId)!;
    expect((await teacher.get(`/manage/integrity/runs/${runId}/pairs/${pair.a}/${pair.b}`)).status).toBe(200);
    expect((await cora.get(`/manage/integrity/runs/${runId}/pairs/${pair.a}/${pair.b}`)).status).toBe(404);
    expect((await cora.get(`/manage/integrity/runs/${runId}/pairs/${pair.b}/${pair.a}`)).status).toBe(404);
  });

  test("a stored comparison is not reused once the starter code or a submission changed", async () => {
    const runs = () =>
      t.ctx.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM similarity_runs").get()!.n;
    const page = `/manage/integrity/problems/${problem.id}/similarity`;
    await teacher.post(page, {});
    await runsSettled(t.ctx);
    const before = runs();
    await teacher.post(page, {});
    expect(runs()).toBe(before); // nothing changed
    // The teacher's starter changes what is left out: the old result no longer holds.
    await t.ctx.db
      .updateTable("problems")
      .set({ starter_files: JSON.stringify([{ name: "main.py", content: "def helper_0(a, b):\n" }]) })
      .where("id", "=", problem.id)
      .execute();
    await teacher.post(page, {});
    expect(runs()).toBe(before + 1);
    await runsSettled(t.ctx);
    await student("late");
    await submitAs("late", "print(9)\n");
    await teacher.post(page, {});
    expect(runs()).toBe(before + 2);
    await runsSettled(t.ctx);
  });
});

describe("privacy: recordings and risk are for the section's teachers only", () => {
  let ours = 0; // a recorded, risky submission of this section
  let theirs = 0; // one of the other section
  let otherProblem: Problem;
  beforeAll(async () => {
    const paula = await student("paula");
    const e = new FakeEditor().paste(SOLUTION);
    expect((await sendBatch(paula, e.batch(), await tokenFor("paula"))).status).toBe(200);
    ours = (await submitAs("paula", SOLUTION)).id;
    const otherSection = t.ctx.sqlite
      .query<{ id: number }, []>("SELECT id FROM sections WHERE name = 'Other class'")
      .get()!.id;
    const otherTask = await seedTask(t, otherSection);
    otherProblem = await seedSumProblem(t, otherTask.id);
    const set = await otherTeacher.post(`/manage/integrity/problems/${otherProblem.id}/settings`, {
      paste: "allowed",
      recording: "1",
    });
    expect(set.status).toBe(303);
    const o = new FakeEditor().type("print(8)\n");
    const res = await outsider.request(`/problems/${otherProblem.id}/integrity/batches`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-integrity-token": await tokenFor("oscar", otherProblem.id),
      },
      body: JSON.stringify(o.batch()),
    });
    expect(res.status).toBe(200);
    const r = await submit(t.ctx, {
      user: await user("oscar"),
      task: otherTask,
      problem: otherProblem,
      files: [{ name: "main.py", content: o.doc }],
      mainFile: "main.py",
    });
    if (!r.ok) throw new Error(r.message);
    theirs = r.submission.id;
  });

  const recordingPaths = (id: number) => [
    `/manage/integrity/submissions/${id}/replay`,
    `/manage/integrity/submissions/${id}/recording.json`,
  ];

  test("by id guessing, nobody but the section's teachers reaches a replay or its data", async () => {
    const classmate = await student("quinn");
    for (const id of [ours, theirs, ours + theirs + 1000]) {
      for (const path of recordingPaths(id)) {
        for (const who of [classmate, outsider]) expect((await who.get(path)).status).toBe(404);
        const anon = await new Client(t).get(path);
        expect(anon.headers.get("location") ?? "").toStartWith("/login");
      }
    }
    // Each teacher reaches their own section's recording only.
    for (const path of recordingPaths(ours)) {
      expect((await teacher.get(path)).status).toBe(200);
      expect((await otherTeacher.get(path)).status).toBe(404);
    }
    for (const path of recordingPaths(theirs)) {
      expect((await otherTeacher.get(path)).status).toBe(200);
      expect((await teacher.get(path)).status).toBe(404);
    }
  });

  test("the author sees no risk score, breakdown, replay link or classmate's name", async () => {
    const paula = new Client(t);
    await paula.post("/login", { username: "paula", password: "Correct-Horse-9" });
    const page = await (await paula.get(`/submissions/${ours}`)).text();
    expect(await scoreOf(ours)).toBeGreaterThan(0);
    for (const leak of ["Pasted code", "risk", "/replay", "recording.json", "integrity token"]) {
      expect(page).not.toContain(leak);
    }
    // The problem page tells her recording is on, and nothing of anyone else.
    const problemPage = await (await paula.get(`/problems/${problem.id}`)).text();
    expect(problemPage).toContain('data-recording="on"');
    expect(problemPage).not.toContain("Pasted code");
    expect(problemPage).not.toContain("mallory");
    // The teacher's table with its risk column and filter is not hers.
    expect([403, 404]).toContain((await paula.get(`/manage/tasks/${task.id}/submissions?risk=0`)).status);
  });

  test("a cross-site page cannot plant a tamper flag on a student", async () => {
    const victim = await student("rita");
    const path = `/problems/${problem.id}/integrity/batches`;
    const body = JSON.stringify(new FakeEditor().type("x").batch());
    for (const origin of ["https://evil.example", ""]) {
      const res = await victim.request(path, {
        method: "POST",
        headers: { "content-type": "text/plain", origin },
        body,
      });
      expect(res.status).toBe(403);
    }
    const flags = t.ctx.sqlite
      .query<{ n: number }, [number]>("SELECT count(*) AS n FROM integrity_sessions WHERE user_id = ?")
      .get((await user("rita")).id)!.n;
    expect(flags).toBe(0);
  });

  test("purging one section leaves the other's recordings; others cannot purge", async () => {
    const count = (problemId: number) =>
      t.ctx.sqlite
        .query<{ n: number }, [number]>("SELECT count(*) AS n FROM integrity_sessions WHERE problem_id = ?")
        .get(problemId)!.n;
    const ourBefore = count(problem.id);
    expect(ourBefore).toBeGreaterThan(0);
    const paula = new Client(t);
    await paula.post("/login", { username: "paula", password: "Correct-Horse-9" });
    for (const who of [paula, outsider, otherTeacher, new Client(t)]) {
      const res = await who.post(`/manage/integrity/sections/${section.id}/purge`);
      expect([303, 403, 404]).toContain(res.status);
      if (res.status === 303) expect(res.headers.get("location")).toStartWith("/login");
    }
    const crossSite = await teacher.post(
      `/manage/integrity/sections/${section.id}/purge`,
      {},
      {
        origin: "https://evil.example",
      },
    );
    expect(crossSite.status).toBe(403);
    expect(count(problem.id)).toBe(ourBefore);
    expect((await teacher.post(`/manage/integrity/sections/${section.id}/purge`)).status).toBe(303);
    expect(count(problem.id)).toBe(0);
    expect(await selectRisk(t.ctx.db, ours)).toBeNull();
    const batchesLeft = t.ctx.sqlite
      .query<{ n: number }, []>(
        "SELECT count(*) AS n FROM integrity_batches WHERE session_id NOT IN (SELECT id FROM integrity_sessions)",
      )
      .get()!.n;
    expect(batchesLeft).toBe(0);
    expect(count(otherProblem.id)).toBe(1);
    expect(await selectRisk(t.ctx.db, theirs)).not.toBeNull();
    expect((await otherTeacher.get(`/manage/integrity/submissions/${theirs}/recording.json`)).status).toBe(
      200,
    );
  });
});

describe("paste blocking is enforced in the browser; the server reads the recording", () => {
  test("a paste recorded although the problem blocks it counts as bypassing the block", async () => {
    const mallory = await student("mallory19");
    // A small paste: its share alone would add little.
    const e = new FakeEditor().type("a, b = map(int, input().split())\nprint(a + b)\n").paste("# x\n");
    expect((await sendBatch(mallory, e.batch(), await tokenFor("mallory19"))).status).toBe(200);
    const sub = await submitAs("mallory19", e.doc);
    expect((await points(sub.id))["blocked-paste"]).toBe(25);
    // No paste signal is needed: the edit itself is the evidence.
    const quiet = new FakeEditor().type("x = 1\n").paste("y = 2\n");
    quiet.signals = [];
    expect((await sendBatch(mallory, quiet.batch(), await tokenFor("mallory19"))).status).toBe(200);
    const again = await submitAs("mallory19", quiet.doc);
    expect((await points(again.id))["blocked-paste"]).toBe(25);
  });
});

describe("the typing baseline", () => {
  test("generated keystrokes are flagged without a history, and do not become the baseline", async () => {
    const mallory = await student("mallory20");
    const code = "a, b = map(int, input().split())\nprint(a + b)\n";
    // Her first submission: 'keystrokes' about 45 ms apart, far beyond any typist.
    const bot = new FakeEditor().type(code, 0);
    expect((await sendBatch(mallory, bot.batch(), await tokenFor("mallory20"))).status).toBe(200);
    const first = await submitAs("mallory20", bot.doc);
    expect((await selectRisk(t.ctx.db, first.id))!.stats!.cpm).toBeGreaterThan(1000);
    expect((await points(first.id)).speed).toBe(10);
    // The same again: still flagged, the first one is no "usual" speed.
    const again = new FakeEditor("main.py", bot.doc).type(`# ${code}`, 0);
    const batch = { ...again.batch(0, false), init: [{ name: "main.py", content: bot.doc }] };
    expect((await sendBatch(mallory, batch, await tokenFor("mallory20"))).status).toBe(200);
    const second = await submitAs("mallory20", again.doc);
    expect((await points(second.id)).speed).toBe(10);
  });
});
