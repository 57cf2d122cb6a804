// Shared by the AI tests: the test provider started before the app (its URL is in the app's env),
// the teacher's switches, and posts that read the streamed answer.
import { afterAll } from "bun:test";
import { type Client, ORIGIN } from "../../helpers/client.ts";
import { readSse } from "../../helpers/sse.ts";
import { startTestProvider, type TestProvider } from "./provider.ts";

/** One test provider for the file, and the env that points the app at it. */
export function useProvider(extra: Record<string, string> = {}): {
  provider: TestProvider;
  env: Record<string, string>;
} {
  const provider = startTestProvider();
  afterAll(() => provider.stop());
  return {
    provider,
    env: {
      SLATE_AI_BASE_URL: provider.url,
      SLATE_AI_MODEL: "test-model",
      SLATE_AI_RETRIES: "0",
      SLATE_AI_TIMEOUT_SECONDS: "10",
      ...extra,
    },
  };
}

export async function setSectionAi(
  teacher: Client,
  sectionId: number,
  s: { tutor?: boolean; complexity?: boolean; dailyLimit?: number } = {},
): Promise<Response> {
  const form: Record<string, string> = { dailyLimit: String(s.dailyLimit ?? 20) };
  if (s.tutor ?? true) form.tutor = "on";
  if (s.complexity ?? true) form.complexity = "on";
  return teacher.post(`/ai/sections/${sectionId}/settings`, form);
}

export function codeBody(
  files: [string, string][],
  main = "main.py",
  extra: Record<string, string> = {},
): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, content] of files) {
    body.append("names[]", name);
    body.append("contents[]", content);
  }
  body.append("main", main);
  for (const [k, v] of Object.entries(extra)) body.append(k, v);
  return body;
}

export interface StreamAnswer {
  status: number;
  text: string;
  events: { event: string; data: string }[];
}

/** Posts like the page script (Accept: text/event-stream) and reads the stream to its end. */
export async function postStream(c: Client, path: string, body: URLSearchParams): Promise<StreamAnswer> {
  const res = await c.request(path, {
    method: "POST",
    body,
    headers: {
      origin: ORIGIN,
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/event-stream",
    },
  });
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    return { status: res.status, text: await res.text(), events: [] };
  }
  const reader = readSse(res);
  const text = await reader.until((t) => /event: (done|error)\n/.test(t), 60_000);
  await reader.close();
  return { status: res.status, text, events: parseEvents(text) };
}

export function parseEvents(text: string): { event: string; data: string }[] {
  return text
    .split("\n\n")
    .map((block) => {
      const lines = block.split("\n");
      const event =
        lines
          .find((l) => l.startsWith("event:"))
          ?.slice(6)
          .trim() ?? "";
      const data = lines
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).replace(/^ /, ""))
        .join("\n");
      return { event, data };
    })
    .filter((e) => e.event !== "" && e.event !== "ping");
}

export const analysisJson = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    time: "O(n^2)",
    space: "O(1)",
    explanation: "Two nested loops over the list.",
    findings: [
      { file: "main.py", line: 2, endLine: 3, note: "The inner loop runs n times for each element." },
    ],
    ...over,
  });
