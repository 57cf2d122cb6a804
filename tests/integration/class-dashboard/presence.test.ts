// Presence (who is online in a section now) and the class dashboard's live stream; every stream
// checks access exactly like its page, so students cannot listen to any section's teacher stream.
import { beforeAll, describe, expect, test } from "bun:test";
import { EventBus } from "../../../src/lib/events.ts";
import { Presence } from "../../../src/lib/presence.ts";
import { announceGradedP3, gradeP3, loginAs } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client } from "../../helpers/client.ts";
import { patches, readSse } from "../../helpers/sse.ts";

describe("presence registry", () => {
  test("online from the first connection; offline a grace period after the last one closes", async () => {
    const events = new EventBus();
    const seen: string[] = [];
    events.on("presence:changed", (e) => seen.push(`${e.userId}:${e.online ? "on" : "off"}`));
    const p = new Presence(events, 60);
    const a = p.connect(7);
    const b = p.connect(7); // a second tab
    expect(p.isOnline(7)).toBe(true);
    a();
    a(); // releasing twice counts once
    expect(p.isOnline(7)).toBe(true);
    b();
    expect(p.isOnline(7)).toBe(true); // still within the grace period
    const c = p.connect(7); // the next page of the same user: no flicker
    await Bun.sleep(120);
    expect(seen).toEqual(["7:on"]);
    c();
    await Bun.sleep(120);
    expect(p.isOnline(7)).toBe(false);
    expect(seen).toEqual(["7:on", "7:off"]);
    expect([...p.onlineAmong([7, 8])]).toEqual([]);
  });
});

describe("class dashboard stream", () => {
  const { t, teacher, f } = useClassroom({ section: "Python A", fixture: {} });
  let ann: Client;
  let zed: Client;

  beforeAll(async () => {
    ann = await loginAs(new Client(t), "ann");
    zed = await loginAs(new Client(t), "zed");
  });

  test("a student cannot subscribe to their own or another section's teacher streams", async () => {
    for (const student of [ann, zed]) {
      for (const id of [f.sectionId, f.otherSectionId]) {
        for (const path of [`/sections/${id}/dashboard/live`, `/sections/${id}/gradebook/live`]) {
          const res = await student.get(path);
          expect(res.status).toBe(403);
          expect(res.headers.get("content-type")).not.toContain("text/event-stream");
        }
      }
      const table = await student.get(`/manage/tasks/${f.tasks.t1}/submissions/live`);
      expect(table.status).toBe(404);
    }
    expect((await new Client(t).get("/live")).status).toBe(303); // logged out: no stream at all
  });

  test("the teacher sees students come online and results arrive", async () => {
    const dash = readSse(await teacher.get(`/sections/${f.sectionId}/dashboard/live`));
    await dash.until((s) => s.includes('id="presence"'));
    expect(patches(dash.text())).toContain("0 of 6");

    const annPage = readSse(await ann.get("/live")); // ann opens any page
    const online = patches(await dash.until((s) => patches(s).includes("1 of 6")));
    expect(online).toContain("Ann Student");
    // a student of another section coming online changes nothing here
    const zedPage = readSse(await zed.get("/live"));
    await Bun.sleep(500);
    expect(patches(dash.text())).not.toContain("Zed Student");

    // the initial page shows the same
    const page = await (await teacher.get(`/sections/${f.sectionId}/dashboard`)).text();
    expect(page).toContain("1 of 6");

    const id = await gradeP3(t, f, f.users.ben, "pass");
    const text = patches(
      await dash.until((s) => s.includes(`id="roster-${f.users.ben}"`) && s.includes(`id="feed-${id}"`)),
    );
    expect(text).toContain("afterbegin:#feed");
    expect(text).toContain("5/5");
    expect(text).toContain("80%"); // ben: 3 + 0 + 5 of 10
    await annPage.close();
    await zedPage.close();
    await dash.close();
  });

  test("the submissions table updates a row's score in place when grading finishes", async () => {
    const table = readSse(await teacher.get(`/manage/tasks/${f.tasks.t2}/submissions/live`));
    await table.until((s) => s.includes("bell-count"));
    const queued = t.ctx.sqlite
      .query("SELECT id FROM submissions WHERE user_id = ? AND problem_id = ?")
      .get(f.users.cat, f.problems.p3) as { id: number };
    await t.ctx.db
      .updateTable("submissions")
      .set({ status: "graded", score: 4, max_score: 5, raw_score: 4, graded_at: t.clock.now() })
      .where("id", "=", queued.id)
      .execute();
    announceGradedP3(t, f, queued.id, f.users.cat);
    const text = patches(await table.until((s) => s.includes(`id="score-${queued.id}"`)));
    expect(text).toContain("4/5");
    // a submission that was not on the page yet arrives as a new row on top
    const fresh = await gradeP3(t, f, f.users.dan, "fail");
    const more = patches(await table.until((s) => s.includes(`id="sub-${fresh}"`)));
    expect(more).toContain("afterbegin:#sub-rows");
    await table.close();

    // with a filter the new row only comes when it matches
    const filtered = readSse(await teacher.get(`/manage/tasks/${f.tasks.t2}/submissions/live?student=zzz`));
    await filtered.until((s) => s.includes("bell-count"));
    announceGradedP3(t, f, fresh, f.users.dan);
    await Bun.sleep(400);
    expect(filtered.text()).not.toContain(`sub-${fresh}`);
    await filtered.close();
  });
});
