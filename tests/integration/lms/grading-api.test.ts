// The signed grading API with the real sandbox: the admin issues a client; a signed request is graded
// and answered with the score, pass/fail and visible feedback only; the webhook follows, signed too.
// Refused: a bad signature, a tampered body, an old timestamp, a replayed request id, an unknown or
// revoked client, another client's secret; per-client rate limits.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client } from "../../helpers/client.ts";
import { SUM_RIGHT, seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, admin, teacher, section } = useClassroom({
  sandbox: { grading: false },
  env: { SLATE_API_PER_MINUTE: "8" },
});

interface Issued {
  key: string;
  secret: string;
}
interface Hook {
  body: string;
  timestamp: string;
  signature: string;
}

const hooks: Hook[] = [];
let hookServer: ReturnType<typeof Bun.serve>;
let problemId: number;
let main: Issued;
let other: Issued;
let requestNo = 0;

// Hidden test data that must never leave Slate through the API.
const HIDDEN_INPUT = "9137 4\n";
const HIDDEN_EXPECTED = "9141\n";

async function issue(name: string, webhookUrl = ""): Promise<Issued> {
  const res = await admin.post("/admin/lms/clients", { name, webhookUrl });
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const secrets = [...(await res.text()).matchAll(/<p class="secret[^"]*">([^<]+)<\/p>/g)].map((m) => m[1]!);
  return { key: secrets[0]!, secret: secrets[1]! };
}

const sign = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

function call(
  client: Issued,
  payload: Record<string, unknown>,
  o: { timestamp?: number; secret?: string; key?: string; tamper?: (body: string) => string } = {},
) {
  const body = JSON.stringify({ requestId: `req-${++requestNo}`, ...payload });
  const ts = String(o.timestamp ?? Math.floor(t.clock.now() / 1000));
  return t.app.request("http://localhost/api/v1/grade", {
    method: "POST",
    body: o.tamper ? o.tamper(body) : body,
    headers: {
      "content-type": "application/json",
      "x-slate-client": o.key ?? client.key,
      "x-slate-timestamp": ts,
      "x-slate-signature": sign(o.secret ?? client.secret, ts, body),
    },
  });
}

beforeAll(async () => {
  hookServer = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => {
      hooks.push({
        body: await req.text(),
        timestamp: req.headers.get("x-slate-timestamp") ?? "",
        signature: req.headers.get("x-slate-signature") ?? "",
      });
      return new Response(null, { status: 204 });
    },
  });
  const task = await seedTask(t, section.id);
  problemId = (
    await seedSumProblem(t, task.id, [
      { name: "small", input: "1 2\n", expected: "3\n" },
      {
        name: "secret",
        input: HIDDEN_INPUT,
        expected: HIDDEN_EXPECTED,
        hidden: 1,
        points: 2,
        message: "Big numbers.",
      },
    ])
  ).id;
  t.ctx.lms.start(t.ctx);
  main = await issue("Exam server", `http://127.0.0.1:${hookServer.port}/hook`);
  other = await issue("Other script");
});
afterAll(async () => {
  await t.ctx.lms.stop();
  hookServer.stop(true);
});

describe("clients", () => {
  test("the secret is shown once and stored sealed", () => {
    expect(main.key).toStartWith("slc_");
    expect(main.secret.length).toBeGreaterThan(30);
    const rows = t.ctx.sqlite
      .query<{ secret_sealed: string }, []>("SELECT secret_sealed FROM api_clients")
      .all();
    for (const r of rows) expect(r.secret_sealed).toStartWith("v1.");
    expect(rows.some((r) => r.secret_sealed.includes(main.secret))).toBe(false);
  });

  test("only admins issue or revoke clients", async () => {
    const before = countRows(t, "api_clients");
    expect((await teacher.post("/admin/lms/clients", { name: "Mine" })).status).toBe(403);
    expect((await teacher.post("/admin/lms/clients/1/revoke")).status).toBe(403);
    expect((await new Client(t).post("/admin/lms/clients", { name: "Mine" })).status).toBe(303);
    expect(countRows(t, "api_clients")).toBe(before);
  });

  test("a bad webhook address is refused with a message", async () => {
    const res = await admin.post("/admin/lms/clients", { name: "Bad", webhookUrl: "file:///etc/passwd" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The webhook must be an http(s) address.");
  });
});

describe("grading", () => {
  test("a signed request is graded: score, passed and visible feedback only", async () => {
    const res = await call(main, { studentId: "ext-17", problemId, code: SUM_RIGHT });
    expect(res.status).toBe(200);
    const text = await res.text();
    const answer = JSON.parse(text);
    expect(answer).toMatchObject({ studentId: "ext-17", problemId, score: 3, maxScore: 3, passed: true });
    const [visible, hidden] = answer.feedback.tests;
    expect(visible).toMatchObject({
      name: "small",
      hidden: false,
      status: "pass",
      input: "1 2\n",
      expected: "3\n",
      actual: "3\n",
    });
    expect(hidden).toEqual({
      name: "secret",
      hidden: true,
      status: "pass",
      points: 2,
      maxPoints: 2,
      message: "",
    });
    expect(text).not.toContain("9137");
    expect(text).not.toContain("9141");
  });

  test("failing code: not passed, and a hidden test's data stays hidden", async () => {
    const code = "a, b = map(int, input().split())\nprint(a, b, a + b)\n";
    const res = await call(main, { studentId: "ext-18", problemId, code });
    const text = await res.text();
    const answer = JSON.parse(text);
    expect(answer).toMatchObject({ score: 0, passed: false });
    expect(answer.feedback.tests[1]).toMatchObject({ hidden: true, status: "fail", message: "Big numbers." });
    expect(answer.feedback.tests[1].actual).toBeUndefined();
    expect(text).not.toContain("9137");
    expect(text).not.toContain("9141");
  });

  test("the webhook follows, signed with the client's secret, without hidden data", async () => {
    await t.ctx.lms.flush();
    expect(hooks.length).toBe(2);
    for (const hook of hooks) {
      expect(hook.signature).toBe(sign(main.secret, hook.timestamp, hook.body));
      expect(hook.body).not.toContain("9137");
      expect(hook.body).not.toContain("9141");
    }
    expect(JSON.parse(hooks[0]!.body)).toMatchObject({
      event: "grading.finished",
      studentId: "ext-17",
      score: 3,
      passed: true,
    });
    const sent = t.ctx.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM api_gradings WHERE webhook_status = 'sent'")
      .get()!;
    expect(sent.n).toBe(2);
  });

  test("bad input is answered with a message", async () => {
    const missing = await call(main, { studentId: "ext-1", problemId });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ error: "Send either code or files." });
    const unknown = await call(main, { studentId: "ext-1", problemId: 999_999, code: "print(1)" });
    expect(unknown.status).toBe(404);
    // The grader's own file name is reserved: such a file would replace the harness.
    const harness = await call(main, {
      studentId: "ext-1",
      problemId,
      files: [
        { name: "main.py", content: SUM_RIGHT },
        { name: "_slate_grader.py", content: "print('forged')" },
      ],
    });
    expect(harness.status).toBe(422);
    expect((await harness.json()).error).toContain("_slate_grader.py is reserved");
    const noMain = await call(main, {
      studentId: "ext-1",
      problemId,
      files: [{ name: "other.py", content: SUM_RIGHT }],
    });
    expect(noMain.status).toBe(422);
    expect((await noMain.json()).error).toContain("main file main.py");
    const badName = await call(main, {
      studentId: "ext-1",
      problemId,
      files: [{ name: "../main.py", content: "" }],
    });
    expect(badName.status).toBe(422);
  });
});

describe("refused requests", () => {
  const before = () => countRows(t, "api_gradings");

  test("a bad signature", async () => {
    const n = before();
    const res = await call(
      main,
      { studentId: "x", problemId, code: SUM_RIGHT },
      { secret: "not-the-secret" },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "The signature does not match." });
    expect(before()).toBe(n);
  });

  test("a body changed after signing", async () => {
    const res = await call(
      main,
      { studentId: "x", problemId, code: SUM_RIGHT },
      { tamper: (b) => b.replace('"x"', '"y"') },
    );
    expect(res.status).toBe(401);
  });

  test("a timestamp older than five minutes", async () => {
    const old = Math.floor(t.clock.now() / 1000) - 301;
    const res = await call(main, { studentId: "x", problemId, code: SUM_RIGHT }, { timestamp: old });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toContain("5 minutes");
  });

  test("a replayed request id", async () => {
    const body = JSON.stringify({
      requestId: "once-only",
      studentId: "x",
      problemId: 999_999,
      code: "print(1)",
    });
    const ts = String(Math.floor(t.clock.now() / 1000));
    const send = () =>
      t.app.request("http://localhost/api/v1/grade", {
        method: "POST",
        body,
        headers: {
          "x-slate-client": main.key,
          "x-slate-timestamp": ts,
          "x-slate-signature": sign(main.secret, ts, body),
        },
      });
    expect((await send()).status).toBe(404); // accepted (no such problem)
    const again = await send();
    expect(again.status).toBe(409);
    expect((await again.json()).error).toContain("already used");
  });

  test("an unknown client, or another client's secret", async () => {
    expect((await call(main, { studentId: "x", problemId, code: "" }, { key: "slc_nobody" })).status).toBe(
      401,
    );
    expect((await call(main, { studentId: "x", problemId, code: "" }, { secret: other.secret })).status).toBe(
      401,
    );
  });

  test("a revoked client", async () => {
    const gone = await issue("Short-lived");
    const id = t.ctx.sqlite
      .query<{ id: number }, [string]>("SELECT id FROM api_clients WHERE client_key = ?")
      .get(gone.key)!.id;
    expect((await admin.post(`/admin/lms/clients/${id}/revoke`)).status).toBe(303);
    const res = await call(gone, { studentId: "x", problemId, code: "print(1)" });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe("Unknown or revoked client.");
  });

  test("rate limited per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push((await call(other, { studentId: "x", problemId: 999_999, code: "print(1)" })).status);
    }
    expect(statuses.slice(0, 8).every((s) => s === 404)).toBe(true);
    expect(statuses[8]).toBe(429);
    // Another client is not slowed down by this one.
    const fresh = await issue("Fresh client");
    expect((await call(fresh, { studentId: "x", problemId: 999_999, code: "print(1)" })).status).toBe(404);
  });
});
