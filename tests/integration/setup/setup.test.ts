import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../helpers/app.ts";
import { Client, STRONG, setupAdmin } from "../../helpers/client.ts";

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});
afterEach(() => t.close());

const userCount = () => t.ctx.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM users").get()!.n;

describe("first-run setup", () => {
  test("every page leads to /setup while no admin exists", async () => {
    const c = new Client(t);
    for (const path of ["/", "/login", "/sections", "/admin/users", "/join/abcdefgh"]) {
      const res = await c.get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/setup");
    }
    const page = await c.get("/setup");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Create administrator");
  });

  test("creates the admin, logs them in, and closes setup for good", async () => {
    const admin = await setupAdmin(t);
    expect(admin.hasSession()).toBe(true);
    const home = await admin.get("/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Hello, Ada");

    const again = new Client(t);
    expect((await again.get("/setup")).status).toBe(403);
    const second = await again.post("/setup", {
      displayName: "Mallory",
      username: "mallory",
      password: STRONG,
      confirm: STRONG,
    });
    expect(second.status).toBe(403);
    expect(userCount()).toBe(1);
  });

  test("two racing setup requests create exactly one admin", async () => {
    const form = (u: string) => ({ displayName: u, username: u, password: STRONG, confirm: STRONG });
    const results = await Promise.all([
      new Client(t).post("/setup", form("one")),
      new Client(t).post("/setup", form("two")),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 403]);
    expect(userCount()).toBe(1);
  });

  test("a weak password or a mismatch is refused with a message and nothing is created", async () => {
    const c = new Client(t);
    const weak = await c.post("/setup", {
      displayName: "A",
      username: "admin",
      password: "password",
      confirm: "password",
    });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain("Password too weak");
    const mismatch = await c.post("/setup", {
      displayName: "A",
      username: "admin",
      password: STRONG,
      confirm: "Other-pass-1",
    });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain("do not match");
    expect(userCount()).toBe(0);
  });
});
