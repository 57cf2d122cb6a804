// Sharing a playground program: a read-only snapshot link for signed-in users, copied into the
// reader's own playground (names kept apart), revoked by its owner only.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, registerStudent } from "../../helpers/client.ts";

const room = useClassroom();
let sam: Client;
let sue: Client;
let link = "";

const filesOf = (username: string) =>
  room.t.ctx.sqlite
    .query<{ name: string; content: string }, [string]>(
      "SELECT name, content FROM playground_files JOIN users ON users.id = user_id WHERE username = ? ORDER BY playground_files.id",
    )
    .all(username);

beforeAll(async () => {
  sam = (await registerStudent(room.t, room.section.code, "sam")).client;
  sue = (await registerStudent(room.t, room.section.code, "sue")).client;
  await sam.get("/playground"); // the starter main.py
  await sam.request("/playground/files", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "helper.py", content: "def twice(x):\n    return 2 * x\n" }),
  });
});

describe("sharing", () => {
  test("the owner makes a link to a snapshot of all their files", async () => {
    const page = await (await sam.get("/playground")).text();
    expect(page).toContain('action="/share"');
    const res = await sam.post("/share");
    expect(res.status).toBe(303);
    link = res.headers.get("location")!;
    expect(link).toMatch(/^\/s\/[A-Za-z0-9_-]{20,}$/);
    const view = await (await sam.get(link)).text();
    expect(view).toContain("helper.py");
    expect(view).toContain("Revoke");
  });

  test("another signed-in user reads it (read only, no revoke) and copies it into their playground", async () => {
    const view = await sue.get(link);
    expect(view.status).toBe(200);
    const html = await view.text();
    expect(html).toContain('<span class="tok-keyword">def</span>');
    expect(html).not.toContain("Revoke");
    await sue.get("/playground");
    const copy = await sue.post(`${link}/copy`);
    expect(copy.status).toBe(303);
    expect(copy.headers.get("location")).toBe("/playground");
    expect(filesOf("sue").map((f) => f.name)).toEqual(["main.py", "main_2.py", "helper.py"]);
    expect(filesOf("sam").length).toBe(2); // the owner's files are untouched
  });

  test("signed-out visitors and made-up links get nothing", async () => {
    expect((await new Client(room.t).get(link)).status).toBe(303);
    expect((await sue.get("/s/AAAAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    expect((await sue.get("/s/bad!")).status).toBe(400);
  });

  test("only the owner revokes; a revoked link stops working", async () => {
    const id = room.t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM shared_programs").get()!.id;
    expect((await sue.post(`/shared/${id}/revoke`)).status).toBe(404);
    expect((await sue.get(link)).status).toBe(200);
    expect((await sam.post(`/shared/${id}/revoke`)).status).toBe(303);
    expect((await sue.get(link)).status).toBe(404);
    expect((await sue.post(`${link}/copy`)).status).toBe(404);
    expect(await (await sam.get("/shared")).text()).toContain("revoked");
  });
});
