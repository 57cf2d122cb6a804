// Announcements and notifications: a teacher posts, every enrolled student is notified at once on
// their open pages (and nobody else), the bell counts unread ones, and they are marked read.
import { beforeAll, describe, expect, test } from "bun:test";
import { loginAs } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client } from "../../helpers/client.ts";
import { patches, readSse } from "../../helpers/sse.ts";

const { t, teacher, f } = useClassroom({ section: "Python A", fixture: {} });
let ann: Client;
let zed: Client;

beforeAll(async () => {
  ann = await loginAs(new Client(t), "ann");
  zed = await loginAs(new Client(t), "zed"); // enrolled in the other section only
});

const unread = (html: string) =>
  Number(html.match(/id="bell-count" class="bell-count" data-count="(\d+)"/)?.[1]);

describe("announcements", () => {
  test("posting notifies every enrolled student at once, live, and no one else", async () => {
    const annLive = readSse(await ann.get("/live"));
    const zedLive = readSse(await zed.get("/live"));
    await annLive.until((s) => s.includes('data-count="0"'));
    await zedLive.until((s) => s.includes('data-count="0"'));

    const res = await teacher.post(`/sections/${f.sectionId}/announcements`, {
      title: "Quiz on Friday",
      body: "Bring a laptop.\nChapter 3.",
    });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(decodeURIComponent(res.headers.getSetCookie().join()))).toContain(
      "sent to 6 students",
    );

    const text = patches(await annLive.until((s) => s.includes('data-count="1"')));
    expect(text).toContain("Python A: Quiz on Friday"); // the toast
    expect(text).toContain('hx-swap-oob="beforeend:#toasts"');
    await Bun.sleep(300);
    expect(zedLive.text()).not.toContain("Quiz on Friday");
    await annLive.close();
    await zedLive.close();

    const page = await (await ann.get("/notifications")).text();
    expect(unread(page)).toBe(1);
    expect(page).toContain("Quiz on Friday");
    expect(page).toContain("<p>Bring a laptop.<br />Chapter 3.</p>"); // Markdown, keeping the line break
    expect(unread(await (await zed.get("/")).text())).toBe(0);
    const list = await (await teacher.get(`/sections/${f.sectionId}/announcements`)).text();
    expect(list).toContain("read by 0 of 6");
  });

  test("students read announcements of their sections but cannot post; bad input changes nothing", async () => {
    expect((await ann.get(`/sections/${f.sectionId}/announcements`)).status).toBe(200);
    expect((await zed.get(`/sections/${f.sectionId}/announcements`)).status).toBe(404);
    const before = t.ctx.sqlite.query("SELECT count(*) AS n FROM notifications").get();
    expect((await ann.post(`/sections/${f.sectionId}/announcements`, { title: "Hi" })).status).toBe(403);
    const empty = await teacher.post(`/sections/${f.sectionId}/announcements`, { title: "  ", body: "x" });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Title is required.");
    const long = await teacher.post(`/sections/${f.sectionId}/announcements`, { title: "x".repeat(121) });
    expect(long.status).toBe(422);
    expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM notifications").get()).toEqual(before);
  });
});

describe("notifications", () => {
  test("the bell menu, mark one read, mark all read; only one's own", async () => {
    await teacher.post(`/sections/${f.sectionId}/announcements`, { title: "Second" });
    await teacher.post(`/sections/${f.sectionId}/announcements`, { title: "Third" });
    const menu = await (await ann.get("/notifications/menu")).text();
    expect(menu.indexOf("Third")).toBeLessThan(menu.indexOf("Second"));
    expect(unread(await (await ann.get("/notifications")).text())).toBe(3);

    const mine = t.ctx.sqlite
      .query("SELECT id FROM notifications WHERE user_id = ? ORDER BY id")
      .all(f.users.ann) as { id: number }[];
    const bens = t.ctx.sqlite
      .query("SELECT id FROM notifications WHERE user_id = ? ORDER BY id")
      .all(f.users.ben) as { id: number }[];
    expect((await ann.post(`/notifications/${bens[0]!.id}/read`)).status).toBe(404);
    expect((await ann.post("/notifications/abc/read")).status).toBe(400);

    // Another open page of ann's hears that she read it.
    const live = readSse(await ann.get("/live"));
    await live.until((s) => s.includes('data-count="3"'));
    expect((await ann.post(`/notifications/${mine[0]!.id}/read`)).status).toBe(303);
    await live.until((s) => s.includes('data-count="2"'));
    await live.close();
    expect(unread(await (await ann.get("/notifications?unread=1")).text())).toBe(2);
    expect(await (await ann.get("/notifications?unread=1")).text()).not.toContain("Quiz on Friday");

    expect((await ann.post("/notifications/read-all")).status).toBe(303);
    expect(unread(await (await ann.get("/notifications")).text())).toBe(0);
    expect(unread(await (await (await loginAs(new Client(t), "ben")).get("/")).text())).toBe(3); // ben's untouched
  });
});
