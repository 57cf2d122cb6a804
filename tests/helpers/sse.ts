// Reading a server-sent event stream from app.request() in tests: collect text until a condition
// holds (or a generous deadline passes, which fails the test), then close the stream like a browser
// tab that goes away.
export interface SseReader {
  /** Everything received so far. */
  text(): string;
  /** Waits until `done(text)` is true; throws with what arrived when it never is. */
  until(done: (text: string) => boolean, ms?: number): Promise<string>;
  close(): Promise<void>;
}

export function readSse(res: Response): SseReader {
  if (!res.body) throw new Error(`no stream: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let received = "";
  let closed = false;
  let pending: Promise<void> | null = null;
  const pump = () => {
    pending ??= reader.read().then(({ value, done }) => {
      pending = null;
      if (done) closed = true;
      else received += decoder.decode(value, { stream: true });
    });
    return pending;
  };
  return {
    text: () => received,
    async until(done, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (!done(received)) {
        if (closed) throw new Error(`stream ended without the expected data:\n${received}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`stream did not deliver the expected data in ${ms} ms:\n${received}`);
        await Promise.race([pump(), Bun.sleep(Math.min(left, 200))]);
      }
      return received;
    },
    async close() {
      closed = true;
      await reader.cancel().catch(() => undefined);
    },
  };
}

/** The data lines of every "patch" event received so far, joined. */
export function patches(text: string): string {
  return text
    .split("\n\n")
    .filter((block) => block.includes("event: patch"))
    .map((block) =>
      block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n"),
    )
    .join("\n");
}
