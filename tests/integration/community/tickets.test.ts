// Support tickets: filing with screenshots (checked by content), who sees a ticket (its author and
// admins), the admin panel's counts, filters and inline changes, threaded replies arriving live, the
// sidebar's open count, and the author notified of status changes.
import { beforeAll, describe, expect, test } from "bun:test";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, registerStudent } from "../../helpers/client.ts";
import { patches, readSse } from "../../helpers/sse.ts";

const room = useClassroom();
let sam: Client;
let sue: Client;
let ticketId = 0;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function fileTicket(c: Client, fields: Record<string, string>, shots: File[] = []) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of shots) body.append("screenshots", f);
  return c.request("/tickets", { method: "POST", body });
}

const count = (sql: string) => room.t.ctx.sqlite.query<{ n: number }, []>(sql).get()!.n;

beforeAll(async () => {
  sam = (await registerStudent(room.t, room.section.code, "sam")).client;
  sue = (await registerStudent(room.t, room.section.code, "sue")).client;
});

describe("filing a ticket", () => {
  test("with a screenshot: stored, shown to the author with its own image type", async () => {
    const res = await fileTicket(
      sam,
      { kind: "bug", title: "Run button does nothing", description: "On **Week 1** it spins forever." },
      [new File([PNG], "shot.png", { type: "image/png" })],
    );
    expect(res.status).toBe(303);
    ticketId = Number(res.headers.get("location")!.split("/").pop());
    const page = await (await sam.get(`/tickets/${ticketId}`)).text();
    expect(page).toContain("Run button does nothing");
    expect(page).toContain("<strong>Week 1</strong>");
    const src = page.match(/src="(\/tickets\/\d+\/screenshots\/\d+)"/)![1]!;
    const img = await sam.get(src);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await sue.get(src)).status).toBe(404);
  });

  test("a script disguised as a screenshot, or an SVG, is refused and nothing is stored", async () => {
    const before = count("SELECT count(*) AS n FROM tickets");
    const script = await fileTicket(sam, { kind: "bug", title: "Evil", description: "x" }, [
      new File(["#!/bin/sh\nrm -rf /"], "shot.png", { type: "image/png" }),
    ]);
    expect(script.status).toBe(422);
    expect(await script.text()).toContain("must be a PNG, JPEG or WebP image");
    const svg = await fileTicket(sam, { kind: "bug", title: "Evil", description: "x" }, [
      new File(["<svg xmlns='http://www.w3.org/2000/svg'/>"], "s.svg", { type: "image/svg+xml" }),
    ]);
    expect(svg.status).toBe(422);
    const big = new Uint8Array(2 * 1024 * 1024 + 10);
    big.set(PNG);
    const large = await fileTicket(sam, { kind: "bug", title: "Big", description: "x" }, [
      new File([big], "b.png", { type: "image/png" }),
    ]);
    expect(large.status).toBe(422);
    expect(await large.text()).toContain("larger than 2 MB");
    expect(count("SELECT count(*) AS n FROM tickets")).toBe(before);
  });

  test("missing fields are explained and what was typed stays", async () => {
    const res = await fileTicket(sam, { kind: "bug", title: "", description: "Kept text" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Give the ticket a title");
    expect(html).toContain("Kept text");
    expect((await fileTicket(sam, { kind: "rant", title: "Hello", description: "x" })).status).toBe(422);
  });
});

describe("who sees a ticket", () => {
  test("another user, a teacher and signed-out visitors get nothing", async () => {
    for (const c of [sue, room.teacher]) {
      expect((await c.get(`/tickets/${ticketId}`)).status).toBe(404);
      expect((await c.get(`/tickets/${ticketId}/live`)).status).toBe(404);
      expect((await c.post(`/tickets/${ticketId}/replies`, { body: "me too" })).status).toBe(404);
      expect(await (await c.get("/tickets")).text()).not.toContain("Run button does nothing");
    }
    expect((await new Client(room.t).get(`/tickets/${ticketId}`)).status).toBe(303);
  });

  test("only admins reach the panel and change status or priority", async () => {
    expect((await sam.get("/admin/tickets")).status).toBe(403);
    expect((await room.teacher.get("/admin/tickets")).status).toBe(403);
    expect((await sam.post(`/tickets/${ticketId}/status`, { status: "closed" })).status).toBe(403);
    expect((await sam.post(`/tickets/${ticketId}/priority`, { priority: "urgent" })).status).toBe(403);
    expect((await sam.get("/admin/tickets/badge")).status).toBe(403);
  });
});

describe("the admin panel", () => {
  test("summary counts, filters, inline changes; the author is notified of a status change", async () => {
    await fileTicket(sue, { kind: "feature", title: "Dark mode for the console", description: "Please." });
    const panel = await (await room.admin.get("/admin/tickets")).text();
    expect(panel).toContain("Run button does nothing");
    expect(panel).toContain("Dark mode for the console");
    expect(panel).toMatch(/<span class="summary-value">2<\/span><span class="summary-label">Open/);
    expect(await (await room.admin.get("/admin/tickets/badge")).text()).toContain(">2<");

    const adminLive = readSse(await room.admin.get("/admin/tickets/live"));
    expect((await sam.get("/admin/tickets/live")).status).toBe(403);
    await adminLive.until((t) => t.includes("bell-count"));
    const inline = await room.admin.post(
      `/tickets/${ticketId}/status`,
      { status: "in_progress" },
      { "hx-request": "true" },
    );
    expect(inline.status).toBe(204);
    await room.admin.post(`/tickets/${ticketId}/priority`, { priority: "urgent" }, { "hx-request": "true" });
    const badge = await adminLive.until((t) => patches(t).includes("tickets-open-count"));
    expect(patches(badge)).toMatch(/nav-badge">1</);
    await adminLive.until((t) =>
      /id="ticket-summary"[\s\S]*summary-value">1<\/span><span class="summary-label">In progress/.test(
        patches(t),
      ),
    );
    await adminLive.close();

    const filtered = await (await room.admin.get("/admin/tickets?status=in_progress&priority=urgent")).text();
    expect(filtered).toContain("Run button does nothing");
    expect(filtered).not.toContain("Dark mode for the console");
    const open = await (await room.admin.get("/admin/tickets?status=open")).text();
    expect(open).not.toContain("Run button does nothing");
    expect((await room.admin.get("/admin/tickets?status=bogus")).status).toBe(400);
    expect((await room.admin.post(`/tickets/${ticketId}/status`, { status: "bogus" })).status).toBe(400);

    const note = room.t.ctx.sqlite
      .query<{ kind: string; title: string }, []>(
        "SELECT kind, title FROM notifications JOIN users ON users.id = user_id WHERE username = 'sam' ORDER BY notifications.id DESC LIMIT 1",
      )
      .get()!;
    expect(note).toEqual({
      kind: "ticket",
      title: "Your ticket “Run button does nothing” is now in progress",
    });
  });
});

describe("replies", () => {
  test("are threaded and arrive live for the author", async () => {
    const live = readSse(await sam.get(`/tickets/${ticketId}/live`));
    await room.admin.post(`/tickets/${ticketId}/replies`, { body: "Which browser?" });
    const first = await live.until((t) => t.includes("Which browser?"));
    expect(first).toContain("event: ticket");
    const parentId = Number(first.match(/id="r(\d+)"/)![1]);
    const res = await sam.post(
      `/tickets/${ticketId}/replies`,
      { body: "Firefox 140", parentId: String(parentId) },
      { "hx-request": "true" },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/class="replies nested"><li class="reply" id="r\d+">/);
    await live.until((t) => t.includes("Firefox 140"));
    await live.close();
    // A parent from another ticket is refused.
    const other = Number(
      room.t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM tickets WHERE title LIKE 'Dark%'").get()!
        .id,
    );
    expect(
      (await sue.post(`/tickets/${other}/replies`, { body: "x", parentId: String(parentId) })).status,
    ).toBe(400);
  });
});
