// The provider's settings: without any, every AI control is hidden and pages say why; the admin's
// settings page overrides the environment, stores the key sealed with the app secret and never
// shows it again, and "Test connection" reports the model's answer or the exact error. Usage
// appears on the admin's charts. Only admins reach these pages.
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { analysisJson, codeBody, postStream, setSectionAi } from "./helpers.ts";
import { startTestProvider } from "./provider.ts";

const provider = startTestProvider();
afterAll(() => provider.stop());
// No SLATE_AI_* at all: the app starts without a provider.
const { t, admin, teacher, section } = useClassroom();
const KEY = "sk-test-very-secret-key-123";

const overrides = () =>
  t.ctx.sqlite.query<{ value: string }, []>("SELECT value FROM ai_settings WHERE key = 'provider'").get()
    ?.value ?? null;

async function problemId(): Promise<number> {
  const task = await seedTask(t, section.id);
  return (await seedSumProblem(t, task.id)).id;
}

let n = 0;
const student = async () => (await registerStudent(t, section.code, `setter${++n}`)).client;

beforeEach(() => provider.reset());

describe("without a provider", () => {
  test("every AI control is hidden and pages say why", async () => {
    const id = await problemId();
    await setSectionAi(teacher, section.id, { tutor: true, complexity: true });
    const s = await student();
    const page = await (await s.get(`/problems/${id}`)).text();
    expect(page).not.toContain("data-ai-panel");
    expect(page).toContain("AI help is not set up on this Slate server");
    const playground = await (await s.get("/playground")).text();
    expect(playground).not.toContain("data-ai-panel");
    expect(playground).toContain("AI help is not set up on this Slate server");
    const refused = await postStream(s, `/ai/problems/${id}/complexity`, codeBody([["main.py", "x = 1\n"]]));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("not set up");
    const switches = await (
      await teacher.get(`/ai/sections/${section.id}/settings`, { "hx-request": "true" })
    ).text();
    expect(switches).toContain("take effect once an administrator names a provider");
    const adminPage = await (await admin.get("/ai/admin")).text();
    expect(adminPage).toContain("not configured");
    expect(provider.received.length).toBe(0);
  });
});

describe("the admin's settings", () => {
  test("saving: the key is sealed with the app secret, never shown again, and used for requests", async () => {
    const res = await admin.post("/ai/admin", {
      baseUrl: provider.url,
      apiKey: KEY,
      model: "school-model",
      "tutor.temperature": "0.3",
      "tutor.topP": "0.9",
      "tutor.maxTokens": "400",
      "tutor.seed": "7",
      "complexity.model": "analysis-model",
      maxConcurrent: "3",
      timeoutSeconds: "20",
      retries: "0",
      dailyLimit: "500",
    });
    expect(res.status).toBe(303);
    const stored = overrides()!;
    expect(stored).not.toContain(KEY);
    expect((JSON.parse(stored) as { apiKeySealed: string }).apiKeySealed).toStartWith("v1.");
    const page = await (await admin.get("/ai/admin")).text();
    expect(page).not.toContain(KEY);
    expect(page).toContain("A key is stored (encrypted)");
    expect(page).toContain("configured");

    const id = await problemId();
    await setSectionAi(teacher, section.id, { tutor: true, complexity: true });
    const s = await student();
    provider.script({ text: "Which line adds the numbers?" });
    const tutor = await postStream(
      s,
      `/ai/problems/${id}/tutor`,
      codeBody([["main.py", "print(1)\n"]], "main.py", { question: "hm?" }),
    );
    expect(tutor.events.some((e) => e.event === "done")).toBe(true);
    expect(provider.authorizations[0]).toBe(`Bearer ${KEY}`);
    expect(provider.received[0]).toMatchObject({
      model: "school-model",
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 400,
      seed: 7,
    });
    provider.script({ text: analysisJson() });
    await postStream(s, `/ai/problems/${id}/complexity`, codeBody([["main.py", "print(2)\n"]]));
    expect(provider.received[1]!.model).toBe("analysis-model");
    // The page shows the controls now.
    expect(await (await s.get(`/problems/${id}`)).text()).toContain("data-ai-panel");
  });

  test("an empty key field keeps the stored key; 'remove' forgets it", async () => {
    await admin.post("/ai/admin", { baseUrl: provider.url, model: "school-model", apiKey: "" });
    expect(JSON.parse(overrides()!).apiKeySealed).toStartWith("v1.");
    await admin.post("/ai/admin", {
      baseUrl: provider.url,
      model: "school-model",
      apiKey: "",
      removeKey: "on",
    });
    expect(JSON.parse(overrides()!).apiKeySealed).toBeUndefined();
    expect(await (await admin.get("/ai/admin")).text()).toContain("No key is set");
  });

  test("bad input is a clear message and changes nothing", async () => {
    const before = overrides();
    const res = await admin.post("/ai/admin", {
      baseUrl: "ftp://example.org",
      apiKey: "typed-key-not-echoed",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("The base URL must be an http(s) address");
    expect(html).not.toContain("typed-key-not-echoed");
    const worse = await admin.post("/ai/admin", { baseUrl: provider.url, "tutor.temperature": "5" });
    expect(worse.status).toBe(422);
    expect(await worse.text()).toContain("Temperature is at most 2.");
    expect(overrides()).toBe(before);
  });

  test("Test connection shows the model's answer, or the exact error", async () => {
    await admin.post("/ai/admin", { baseUrl: provider.url, model: "school-model", retries: "0" });
    provider.script({ text: "ready" });
    const ok = await (await admin.post("/ai/admin/test", {}, { "hx-request": "true" })).text();
    expect(ok).toContain("school-model");
    expect(ok).toContain("“ready”");
    provider.script({ status: 401, message: "Incorrect API key provided" });
    const bad = await (await admin.post("/ai/admin/test", {}, { "hx-request": "true" })).text();
    expect(bad).toContain("The AI provider refused the request (HTTP 401: Incorrect API key provided).");
    await admin.post("/ai/admin", { baseUrl: "http://127.0.0.1:9/v1", model: "school-model", retries: "0" });
    const down = await (await admin.post("/ai/admin/test", {}, { "hx-request": "true" })).text();
    expect(down).toContain("Slate cannot reach the AI provider at http://127.0.0.1:9/v1");
    await admin.post("/ai/admin", { baseUrl: provider.url, model: "school-model", retries: "0" });
  });

  test("usage per day, section and feature, with charts and their tables", async () => {
    const html = await (await admin.get("/ai/admin/usage")).text();
    expect(html).toContain('id="ai-requests"');
    expect(html).toContain("data-chart=");
    expect(html).toContain("Intro to Python");
    expect(html).toContain('id="ai-features"');
    expect(html).toMatch(/Requests today/);
  });

  test("only admins: teachers and students are refused, visitors sent to log in", async () => {
    const s = await student();
    for (const c of [teacher, s]) {
      expect((await c.get("/ai/admin")).status).toBe(403);
      expect((await c.get("/ai/admin/usage")).status).toBe(403);
      expect((await c.post("/ai/admin", { model: "x" })).status).toBe(403);
      expect((await c.post("/ai/admin/test")).status).toBe(403);
    }
    const visitor = new Client(t);
    expect([302, 303]).toContain((await visitor.get("/ai/admin")).status);
    expect(provider.received.length).toBe(0);
  });
});
