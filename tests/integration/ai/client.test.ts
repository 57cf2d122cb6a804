// The bounded AI client through Slate's routes: at most SLATE_AI_MAX_CONCURRENT requests reach the
// provider at once while the others hear their place in the queue; the provider's 429 and 5xx are
// retried with backoff and then reported; slow replies time out with a clear message; every request
// leaves a usage record (who, feature, section, problem, tokens, latency, outcome).
import { beforeEach, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { analysisJson, codeBody, postStream, setSectionAi, useProvider } from "./helpers.ts";

const { provider, env } = useProvider({
  SLATE_AI_MAX_CONCURRENT: "2",
  SLATE_AI_RETRIES: "2",
  SLATE_AI_TIMEOUT_SECONDS: "1",
});
const { t, teacher, section } = useClassroom({ env });
let n = 0;

async function students(count: number): Promise<Client[]> {
  const list: Client[] = [];
  for (let i = 0; i < count; i++) list.push((await registerStudent(t, section.code, `queue${++n}`)).client);
  return list;
}

async function problemId(): Promise<number> {
  const task = await seedTask(t, section.id);
  return (await seedSumProblem(t, task.id)).id;
}

interface UsageRow {
  user_id: number | null;
  feature: string;
  section_id: number | null;
  problem_id: number | null;
  model: string;
  tokens_in: number;
  tokens_out: number;
  latency_ms: number;
  outcome: string;
}

const lastUsage = () =>
  t.ctx.sqlite.query<UsageRow, []>("SELECT * FROM ai_usage ORDER BY id DESC LIMIT 1").get()!;

beforeEach(async () => {
  provider.reset();
  await setSectionAi(teacher, section.id, { dailyLimit: 100 });
});

describe("concurrency", () => {
  test("six students at once: two at the provider, the others told their place in the queue", async () => {
    const id = await problemId();
    const class6 = await students(6);
    provider.fallback = () => ({ text: analysisJson(), delayMs: 250 });
    const answers = await Promise.all(
      class6.map((s, i) =>
        postStream(s, `/ai/problems/${id}/complexity`, codeBody([["main.py", `q = ${i}\n`]])),
      ),
    );
    expect(answers.every((a) => a.events.some((e) => e.event === "result"))).toBe(true);
    expect(provider.received.length).toBe(6);
    expect(provider.maxInFlight).toBe(2);
    const positions = answers.flatMap((a) =>
      a.events.filter((e) => e.event === "queued").map((e) => Number(e.data)),
    );
    // Four waited: the last in line heard 4, then 3, 2, 1 as the ones ahead finished.
    expect(Math.max(...positions)).toBe(4);
    expect(positions).toContain(1);
    const waited = answers.filter((a) => a.events.some((e) => e.event === "queued"));
    expect(waited.length).toBe(4);
  });
});

describe("provider errors", () => {
  test("a 429 is retried with backoff, then answered", async () => {
    const id = await problemId();
    const [s] = await students(1);
    provider.script(
      { status: 429, retryAfterMs: 20 },
      { status: 429, retryAfterMs: 20 },
      { text: analysisJson() },
    );
    const answer = await postStream(s!, `/ai/problems/${id}/complexity`, codeBody([["main.py", "r = 1\n"]]));
    expect(answer.events.some((e) => e.event === "result")).toBe(true);
    expect(provider.received.length).toBe(3);
    expect(lastUsage().outcome).toBe("ok");
  });

  test("429s beyond the retries are reported as the provider being busy", async () => {
    const id = await problemId();
    const [s] = await students(1);
    provider.fallback = () => ({ status: 429, retryAfterMs: 10, message: "slow down" });
    const answer = await postStream(s!, `/ai/problems/${id}/complexity`, codeBody([["main.py", "r = 2\n"]]));
    expect(answer.events.find((e) => e.event === "error")?.data).toBe(
      "The AI provider is busy (HTTP 429: slow down) after 3 tries. Try again in a minute.",
    );
    expect(provider.received.length).toBe(3);
    expect(lastUsage().outcome).toBe("rate_limited");
  });

  test("a 500 is retried and then reported with the provider's message", async () => {
    const id = await problemId();
    const [s] = await students(1);
    provider.script(
      { status: 500, retryAfterMs: 10 },
      { status: 503, retryAfterMs: 10, message: "overloaded" },
      { status: 500, retryAfterMs: 10, message: "still broken" },
    );
    const answer = await postStream(s!, `/ai/problems/${id}/complexity`, codeBody([["main.py", "r = 3\n"]]));
    expect(answer.events.find((e) => e.event === "error")?.data).toContain(
      "The AI provider failed (HTTP 500: still broken) after 3 tries",
    );
    expect(provider.received.length).toBe(3);
  });

  test("a slow reply times out with a clear message", async () => {
    const id = await problemId();
    const [s] = await students(1);
    provider.fallback = () => ({ text: analysisJson(), delayMs: 3000 });
    await t.ctx.ai.settings();
    const answer = await postStream(s!, `/ai/problems/${id}/complexity`, codeBody([["main.py", "r = 4\n"]]));
    expect(answer.events.find((e) => e.event === "error")?.data).toContain(
      "The AI provider did not answer within 1 s",
    );
    expect(lastUsage().outcome).toBe("timeout");
  }, 30_000);
});

describe("usage records", () => {
  test("who, feature, section, problem, model, tokens, latency and outcome", async () => {
    const id = await problemId();
    const [s] = await students(1);
    provider.script({ text: analysisJson(), usage: { in: 321, out: 54 }, delayMs: 30 });
    await postStream(s!, `/ai/problems/${id}/complexity`, codeBody([["main.py", "u = 1\n"]]));
    const user = t.ctx.sqlite
      .query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?")
      .get(`queue${n}`)!;
    const row = lastUsage();
    expect(row).toMatchObject({
      user_id: user.id,
      feature: "complexity",
      section_id: section.id,
      problem_id: id,
      model: "test-model",
      tokens_in: 321,
      tokens_out: 54,
      outcome: "ok",
    });
    expect(row.latency_ms).toBeGreaterThanOrEqual(30);
  });
});
