// Talks to a run endpoint: POST {files, main} to `runUrl` answers with the run's event stream
// (run, queued, started, stdout, stderr, exit); `${runUrl}/${id}/stdin|stop|events` steer it and
// resume a dropped stream from the last event id. Failures become one readable message.
import type { ExitInfo, RunLimits } from "../../features/playground/runs.ts";
import { readSse, type SseEvent } from "./sse.ts";

export type { ExitInfo, RunLimits };

export interface RunHandlers {
  onRun?(id: string, limits: RunLimits): void;
  onQueued?(position: number): void;
  onStarted?(): void;
  onOutput?(kind: "stdout" | "stderr", text: string): void;
  onExit?(info: ExitInfo): void;
  /** The run could not start, or the connection broke for good: a sentence for the user. */
  onFailure?(message: string): void;
  /** Something went wrong that does not end the run (e.g. input could not be sent). */
  onNotice?(message: string): void;
}

export interface RunController {
  /** Sends text to the program's stdin (include the "\n"). */
  send(text: string): Promise<void>;
  /** Closes stdin (Ctrl+D): input() then raises EOFError. */
  closeInput(): Promise<void>;
  stop(): Promise<void>;
  /** Stops listening (the caller moved on); the server still stops the run when asked to. */
  detach(): void;
  /** Resolves when the run has ended (exit or failure). */
  readonly finished: Promise<void>;
}

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };

/** The `error` of a JSON error answer, worded for people; a 429 says when to try again. */
export async function errorMessage(res: Response): Promise<string> {
  let message = "";
  try {
    const body = (await res.clone().json()) as { error?: unknown };
    if (typeof body.error === "string") message = body.error;
  } catch {
    // not JSON
  }
  if (res.status === 429) {
    const wait = Number(res.headers.get("ratelimit-reset") ?? res.headers.get("retry-after"));
    const base = message || "Too many runs in a short time.";
    return Number.isFinite(wait) && wait > 0 ? `${base} (You can run again in ${Math.ceil(wait)} s.)` : base;
  }
  if (message) return message;
  if (res.status === 401 || res.redirected) return "Your session has ended. Log in again to run code.";
  return `Slate could not do that (HTTP ${res.status}). Please try again.`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startRun(runUrl: string, body: unknown, h: RunHandlers): RunController {
  let id: string | null = null;
  let lastEventId = "";
  let ended = false;
  let detached = false;
  let resolveId!: (id: string | null) => void;
  const idKnown = new Promise<string | null>((r) => {
    resolveId = r;
  });

  const dispatch = (e: SseEvent) => {
    if (e.id) lastEventId = e.id;
    if (detached) return;
    const data = e.data ? JSON.parse(e.data) : null;
    switch (e.event) {
      case "run":
        id = data.id as string;
        resolveId(id);
        h.onRun?.(id, data.limits);
        break;
      case "queued":
        h.onQueued?.(data.position);
        break;
      case "started":
        h.onStarted?.();
        break;
      case "stdout":
      case "stderr":
        h.onOutput?.(e.event, data as string);
        break;
      case "exit":
        ended = true;
        h.onExit?.(data as ExitInfo);
        break;
    }
  };

  const fail = (message: string) => {
    ended = true;
    resolveId(null);
    if (!detached) h.onFailure?.(message);
  };

  const finished = (async () => {
    let res: Response;
    try {
      res = await fetch(runUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream, application/json" },
        body: JSON.stringify(body),
      });
    } catch {
      return fail("Slate could not be reached. Check your connection and try again.");
    }
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !res.body || !type.startsWith("text/event-stream")) return fail(await errorMessage(res));
    await readSse(res.body, dispatch).catch(() => {});
    // The stream broke before the end: pick it up where it stopped.
    for (let attempt = 1; !ended && !detached && id && attempt <= 5; attempt++) {
      await sleep(250 * attempt);
      try {
        const again = await fetch(`${runUrl}/${id}/events`, {
          headers: { accept: "text/event-stream", "last-event-id": lastEventId },
        });
        if (again.status === 404) break;
        if (again.ok && again.body) await readSse(again.body, dispatch);
      } catch {
        // try again
      }
    }
    if (!ended) fail("The connection to Slate was lost, so the rest of this run's output is unknown.");
  })();

  const post = async (path: string, payload?: unknown) => {
    const runId = id ?? (await idKnown);
    if (!runId || ended) return;
    const res = await fetch(`${runUrl}/${runId}/${path}`, {
      method: "POST",
      headers: JSON_HEADERS,
      body: payload === undefined ? undefined : JSON.stringify(payload),
    }).catch(() => null);
    if (res && !res.ok && res.status !== 404 && !detached) h.onNotice?.(await errorMessage(res));
  };

  return {
    send: (text) => post("stdin", { text }),
    closeInput: () => post("stdin", { eof: true }),
    stop: () => post("stop"),
    detach: () => {
      detached = true;
    },
    finished,
  };
}
