// /healthz is public: it says what is up, never why (no socket paths, images or engine errors).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../helpers/app.ts";

let t: TestApp;
beforeAll(() => {
  t = createTestApp({ SLATE_SANDBOX: "true" }); // configured but never started: unavailable
});
afterAll(async () => {
  await t.ctx.sandbox?.stop();
  t.close();
});

test("the health check names states only", async () => {
  const res = await t.app.request("http://localhost/healthz");
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["database", "sandbox", "status", "version"]);
  expect(body.database).toBe("ok");
  expect(Object.keys(body.sandbox as object)).toEqual(["state"]);
  expect(JSON.stringify(body)).not.toMatch(/sock|docker|slate-sandbox:/i);
});
