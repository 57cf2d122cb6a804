// Profiles: picture upload checked by content (a script named .png, SVG and oversized files are
// refused), served from Slate's own route with its type and nosniff, visible only to people who share
// a section; display name and bio; avatars on the leaderboard (only your own among anonymous rows).
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, createSection, registerStudent } from "../../helpers/client.ts";
import { seedTask } from "../../helpers/problems.ts";

const room = useClassroom();
let sam: Client;
let sue: Client;
let olga: Client;
const id = (username: string) =>
  room.t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(username)!
    .id;

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const WEBP = new Uint8Array([
  0x52, 0x49, 0x46, 0x46, 8, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20,
]);

function upload(c: Client, bytes: Uint8Array<ArrayBuffer> | string, name: string, type: string) {
  const body = new FormData();
  body.append("avatar", new File([bytes], name, { type }));
  return c.request("/profile/avatar", { method: "POST", body });
}

beforeAll(async () => {
  sam = (await registerStudent(room.t, room.section.code, "sam")).client;
  sue = (await registerStudent(room.t, room.section.code, "sue")).client;
  const other = await createSection(room.t, room.teacher, "Other");
  olga = (await registerStudent(room.t, other.code, "olga")).client;
});

describe("picture upload", () => {
  test("a PNG, a JPEG and a WebP are accepted and served with their own type and nosniff", async () => {
    for (const [bytes, type] of [
      [JPEG, "image/jpeg"],
      [WEBP, "image/webp"],
      [PNG, "image/png"],
    ] as const) {
      const res = await upload(sam, bytes, "me.bin", "application/octet-stream");
      expect(res.status).toBe(303);
      const img = await sue.get(`/avatars/${id("sam")}`);
      expect(img.status).toBe(200);
      expect(img.headers.get("content-type")).toBe(type);
      expect(img.headers.get("x-content-type-options")).toBe("nosniff");
      expect(new Uint8Array(await img.arrayBuffer())).toEqual(bytes);
    }
    expect(existsSync(join(room.t.dataDir, "uploads", "avatars", String(id("sam"))))).toBe(true);
  });

  test("a script disguised as a PNG is refused and nothing changes", async () => {
    const res = await upload(sam, "<script>alert(1)</script>", "evil.png", "image/png");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("must be a PNG, JPEG or WebP image");
    const img = await sam.get(`/avatars/${id("sam")}`);
    expect(img.headers.get("content-type")).toBe("image/png"); // still the earlier picture
  });

  test("an SVG is refused, even one that says it is an image", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>';
    const res = await upload(sue, svg, "me.svg", "image/svg+xml");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("SVG is not accepted");
  });

  test("a file over 2 MB is refused", async () => {
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(PNG);
    const res = await upload(sue, big, "big.png", "image/png");
    expect([413, 422]).toContain(res.status);
    expect(await res.text()).toContain("larger than 2 MB");
    const img = await sue.get(`/avatars/${id("sue")}`);
    expect(img.headers.get("content-type")).toBe("image/svg+xml"); // still the default
  });

  test("removing the picture brings back the default avatar", async () => {
    await upload(sue, PNG, "a.png", "image/png");
    expect((await sue.post("/profile/avatar/remove")).status).toBe(303);
    const img = await sue.get(`/avatars/${id("sue")}`);
    expect(img.headers.get("content-type")).toBe("image/svg+xml");
    expect(await img.text()).toContain(">SS</text>"); // "Student sue"
  });
});

describe("who sees a picture", () => {
  test("someone who shares no section gets the neutral default, not the picture or the initials", async () => {
    const img = await olga.get(`/avatars/${id("sam")}`);
    expect(img.headers.get("content-type")).toBe("image/svg+xml");
    expect(await img.text()).not.toContain("<text");
    expect((await olga.get(`/people/${id("sam")}`)).status).toBe(404);
    expect((await room.teacher.get(`/avatars/${id("sam")}`)).headers.get("content-type")).toBe("image/png");
    expect((await room.admin.get(`/avatars/${id("sam")}`)).headers.get("content-type")).toBe("image/png");
  });

  test("signed-out visitors get nothing", async () => {
    const { Client } = await import("../../helpers/client.ts");
    expect((await new Client(room.t).get(`/avatars/${id("sam")}`)).status).toBe(303);
  });
});

describe("display name and bio", () => {
  test("are saved and shown on the profile page, escaped", async () => {
    const res = await sam.post("/profile", { displayName: "Sam Sample", bio: "I like <b>loops</b>." });
    expect(res.status).toBe(303);
    const page = await (await sue.get(`/people/${id("sam")}`)).text();
    expect(page).toContain("Sam Sample");
    expect(page).toContain("I like &lt;b&gt;loops&lt;/b&gt;.");
    const long = await sam.post("/profile", { displayName: "Sam", bio: "x".repeat(281) });
    expect(long.status).toBe(422);
    const empty = await sam.post("/profile", { displayName: "", bio: "" });
    expect(empty.status).toBe(422);
  });
});

describe("avatars beside names", () => {
  test("the leaderboard shows only the viewer's own avatar to students, all to teachers", async () => {
    const task = await seedTask(room.t, room.section.id, { leaderboard: 1 } as never);
    const now = room.t.clock.now();
    const problem = room.t.ctx.sqlite
      .query<{ id: number }, [number, number, number]>(
        "INSERT INTO problems (task_id, title, statement, starter_files, solution_files, created_at, updated_at) VALUES (?, 'P', '', '[]', '[]', ?, ?) RETURNING id",
      )
      .get(task.id, now, now)!;
    for (const u of ["sam", "sue"]) {
      room.t.ctx.sqlite
        .query(
          "INSERT INTO submissions (problem_id, user_id, files, main_file, status, score, max_score, submitted_at) VALUES (?, ?, '[]', 'main.py', 'graded', 1, 1, ?)",
        )
        .run(problem.id, id(u), now);
    }
    const board = await (await sam.get(`/tasks/${task.id}/leaderboard`)).text();
    expect(board).toContain(`/avatars/${id("sam")}`);
    expect(board).not.toContain(`/avatars/${id("sue")}`);
    const teacherBoard = await (await room.teacher.get(`/tasks/${task.id}/leaderboard`)).text();
    expect(teacherBoard).toContain(`/avatars/${id("sue")}`);
  });

  test("the admin's user list shows avatars", async () => {
    const list = await (await room.admin.get("/admin/users")).text();
    expect(list).toContain(`/avatars/${id("sam")}`);
  });
});
