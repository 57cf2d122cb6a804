// Posts a form and reads the answer as server-sent events (the AI routes stream when asked for
// text/event-stream); a refusal arrives as plain text with an error status.
import { readSse, type SseEvent } from "../editor/sse.ts";

export async function postForStream(
  url: string,
  body: FormData,
  onEvent: (event: SseEvent) => void,
): Promise<{ ok: true } | { ok: false; message: string }> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", body, headers: { Accept: "text/event-stream" } });
  } catch {
    return { ok: false, message: "Slate could not be reached. Check your connection and try again." };
  }
  const type = res.headers.get("content-type") ?? "";
  if (!res.ok || !type.includes("text/event-stream") || !res.body) {
    const text = (await res.text().catch(() => "")).trim();
    return {
      ok: false,
      message: text && !text.startsWith("<") ? text : `The request failed (HTTP ${res.status}).`,
    };
  }
  await readSse(res.body, onEvent);
  return { ok: true };
}

export function queueText(position: number): string {
  return position <= 1
    ? "Waiting for the AI: you are next."
    : `Waiting for the AI: ${position - 1} ${position - 1 === 1 ? "request" : "requests"} ahead of you.`;
}
