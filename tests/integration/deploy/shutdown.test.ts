// SIGTERM with live pages open: every page holds a server-sent-events stream (up to 5 minutes each),
// and compose allows 30 s before it kills. Slate must end its streams at once and exit cleanly.
import { expect, test } from "bun:test";
import { startServer } from "../../helpers/browser.ts";
import { STRONG } from "../../helpers/client.ts";

test("SIGTERM with open live streams exits at once, ending every stream", async () => {
  const server = await startServer();
  const setup = await fetch(`${server.url}/setup`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      displayName: "Ada",
      username: "ada",
      email: "",
      password: STRONG,
      confirm: STRONG,
    }),
  });
  expect(setup.status).toBe(303);
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

  // Four open pages (the issue measured 304 s with four teacher streams open).
  const streams = await Promise.all(
    Array.from({ length: 4 }, () =>
      fetch(`${server.url}/live`, { headers: { cookie, accept: "text/event-stream" } }),
    ),
  );
  const ended = streams.map(async (res) => {
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    while (!(await reader.read()).done) {}
    return true;
  });
  await Bun.sleep(300); // the streams are open and have sent their first events

  const started = Date.now();
  await server.stop(); // SIGTERM, then waits for the process to exit
  const seconds = (Date.now() - started) / 1000;
  expect(await Promise.all(ended)).toEqual([true, true, true, true]);
  // Far inside compose's 30 s grace period (before: the streams' 5-minute lifetime).
  expect(seconds).toBeLessThan(20);
}, 60_000);
