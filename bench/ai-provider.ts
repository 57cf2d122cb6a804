// The benchmark's AI provider in a process of its own (bench/ai.ts starts it): the local
// OpenAI-compatible test server (tests/integration/ai/provider.ts) answering every request after a
// fixed delay, as a provider on another machine would. Slate and the naive SDK baseline both call
// it, so it costs neither of them CPU. A control port reports the most requests it held at once.
import { startTestProvider } from "../tests/integration/ai/provider.ts";

const delayMs = Number(process.env.BENCH_PROVIDER_MS ?? 200);
const analysis = JSON.stringify({
  time: "O(n)",
  space: "O(1)",
  explanation: "One loop over the input.",
  findings: [{ file: "main.py", line: 1, endLine: null, note: "the loop" }],
});

const provider = startTestProvider();
provider.fallback = () => ({ text: analysis, delayMs, chunks: ["Think ", "about ", "the ", "loop."] });

const control = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const { pathname } = new URL(req.url);
    if (pathname === "/reset") {
      provider.maxInFlight = 0;
      provider.received.length = 0; // the bench sends thousands of requests: keep none
      return new Response("ok");
    }
    provider.received.length = 0;
    return Response.json({ maxInFlight: provider.maxInFlight });
  },
});
console.log(JSON.stringify({ url: provider.url, control: `http://127.0.0.1:${control.port}` }));
