// A local OpenAI-compatible test server (Bun.serve on 127.0.0.1) for the AI tests and the benchmark:
// /v1/chat/completions answers from a script (text, streamed chunks, slow replies, 429, 500,
// invalid JSON, a refusal of json_schema), and every request body it received is kept, so tests
// can assert what was (and was not) sent to the provider.

export type Step =
  | {
      text: string;
      delayMs?: number;
      chunks?: string[];
      chunkDelayMs?: number;
      usage?: { in: number; out: number };
    }
  | { status: number; message?: string; retryAfterMs?: number }
  | { hang: true };

export interface ReceivedRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  response_format?: { type: string };
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  [key: string]: unknown;
}

export interface TestProvider {
  url: string;
  received: ReceivedRequest[];
  /** The Authorization header of each request. */
  authorizations: string[];
  /** Answers to the next requests, in order; when empty, `fallback` answers. */
  script(...steps: Step[]): void;
  fallback: (req: ReceivedRequest) => Step;
  /** Refuse response_format json_schema with a 400, like servers without structured outputs. */
  noJsonSchema: boolean;
  /** Requests being answered now, and the most at once so far. */
  inFlight: number;
  maxInFlight: number;
  /** Everything the server received, as one string (for "never sent" assertions). */
  allText(): string;
  reset(): void;
  stop(): Promise<void>;
}

const encoder = new TextEncoder();

function completion(model: string, text: string, usage?: { in: number; out: number }) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: {
      prompt_tokens: usage?.in ?? 11,
      completion_tokens: usage?.out ?? 7,
      total_tokens: (usage?.in ?? 11) + (usage?.out ?? 7),
    },
  };
}

function chunk(model: string, delta: Record<string, unknown>, usage?: unknown) {
  return `data: ${JSON.stringify({
    id: "chatcmpl-test",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: usage ? [] : [{ index: 0, delta, finish_reason: null }],
    ...(usage ? { usage } : {}),
  })}\n\n`;
}

function streamed(model: string, step: Extract<Step, { text: string }>): Response {
  const pieces = step.chunks ?? step.text.match(/[\s\S]{1,12}/g) ?? [""];
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(chunk(model, { role: "assistant", content: "" })));
      for (const piece of pieces) {
        if (step.chunkDelayMs) await Bun.sleep(step.chunkDelayMs);
        controller.enqueue(encoder.encode(chunk(model, { content: piece })));
      }
      const u = step.usage ?? { in: 13, out: pieces.length };
      controller.enqueue(
        encoder.encode(
          chunk(model, {}, { prompt_tokens: u.in, completion_tokens: u.out, total_tokens: u.in + u.out }),
        ),
      );
      controller.enqueue(encoder.encode("data: [DONE]\n\n"));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

export function startTestProvider(): TestProvider {
  const queue: Step[] = [];
  const p: TestProvider = {
    url: "",
    received: [],
    authorizations: [],
    script: (...steps) => queue.push(...steps),
    fallback: () => ({ text: "ready" }),
    noJsonSchema: false,
    inFlight: 0,
    maxInFlight: 0,
    allText: () => JSON.stringify(p.received),
    reset() {
      queue.length = 0;
      p.received.length = 0;
      p.authorizations.length = 0;
      p.maxInFlight = 0;
      p.noJsonSchema = false;
      p.fallback = () => ({ text: "ready" });
    },
    stop: async () => {
      await server.stop(true);
    },
  };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 60,
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname !== "/v1/chat/completions") return new Response("not found", { status: 404 });
      const body = (await req.json()) as ReceivedRequest;
      p.received.push(body);
      p.authorizations.push(req.headers.get("authorization") ?? "");
      if (p.noJsonSchema && body.response_format?.type === "json_schema") {
        return Response.json(
          { error: { message: "response_format json_schema is not supported by this server" } },
          { status: 400 },
        );
      }
      const step = queue.shift() ?? p.fallback(body);
      p.inFlight++;
      p.maxInFlight = Math.max(p.maxInFlight, p.inFlight);
      try {
        if ("hang" in step) {
          await Bun.sleep(120_000);
          return new Response("late");
        }
        if ("status" in step) {
          const headers: Record<string, string> = {};
          if (step.retryAfterMs !== undefined) headers["retry-after-ms"] = String(step.retryAfterMs);
          return Response.json(
            { error: { message: step.message ?? `scripted ${step.status}` } },
            { status: step.status, headers },
          );
        }
        if (step.delayMs) await Bun.sleep(step.delayMs);
        if (body.stream) return streamed(body.model, step);
        return Response.json(completion(body.model, step.text, step.usage));
      } finally {
        p.inFlight--;
      }
    },
  });
  p.url = `http://127.0.0.1:${server.port}/v1`;
  return p;
}
