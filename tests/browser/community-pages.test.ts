// The other community pages in a real browser, each screenshot light and dark (desktop and phone
// where students use it) with the accessibility audit: a profile with an uploaded picture, a support
// ticket with a screenshot and the admins' panel, a problem's discussion with a pinned comment, a
// teacher's comments beside a submission's lines, and a shared playground program.
import { expect, test } from "bun:test";
import { screenshotSizes, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import {
  classWithStudent,
  loginPage,
  seedSumTask,
  watchProblems,
  withServerDb,
} from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

// A 16x16 PNG (a blue square).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAGUlEQVR4nGNkYPjPQApgIkn1qIZRDUNKAwCVWAEfkn7SZAAAAABJRU5ErkJggg==",
  "base64",
);

test("profiles, tickets, discussion, code comments and sharing look right", async () => {
  const {
    teacher,
    student: sam,
    seeded: { problemId },
  } = await classWithStudent(browser, server, {
    section: "Community pages",
    student: ["sam", "Sam Sample"],
    before: (s) => seedSumTask(server, s.id),
  });
  const problems = [...watchProblems(teacher), ...watchProblems(sam)];

  // A profile with a picture and a bio.
  await sam.goto(`${server.url}/profile`);
  await sam
    .getByLabel("Upload a picture")
    .setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
  await sam.getByRole("button", { name: "Upload picture" }).click();
  await sam.getByText("Your picture was updated.").waitFor();
  await sam.getByLabel("Short bio (optional)").fill("Learning Python, one loop at a time.");
  await sam.getByRole("button", { name: "Save profile" }).click();
  await sam.getByText("Profile saved.").waitFor();
  await screenshotSizes(sam, "community-10-profile");
  await sam.getByRole("link", { name: "Enlarge the picture of Sam Sample" }).click();
  await sam.locator("dialog.avatar-zoom[open] img").waitFor();
  await sam.getByRole("button", { name: "Close" }).click();

  // A support ticket with a screenshot; the admin's panel.
  await sam.goto(`${server.url}/tickets/new`);
  await sam.getByLabel("Title").fill("The console does not scroll on my phone");
  await sam.getByLabel("Description").fill("After a long output the **console** stays at the top.");
  await sam
    .getByLabel("Screenshots (optional)")
    .setInputFiles({ name: "s.png", mimeType: "image/png", buffer: PNG });
  await sam.getByRole("button", { name: "Send ticket" }).click();
  await sam.waitForURL(/\/tickets\/\d+$/);
  const admin = await loginPage(browser, server, "ada");
  problems.push(...watchProblems(admin));
  await admin.locator("#tickets-open-count .nav-badge").getByText("1").waitFor();
  await admin.goto(`${server.url}/admin/tickets`);
  await admin.getByLabel(/^Priority of ticket/).selectOption("high");
  await admin.getByLabel(/^Status of ticket/).selectOption("in_progress");
  await sam.locator("#ticket-facts").getByText("In progress").waitFor(); // live on the author's page
  await screenshotSizes(admin, "community-11-admin-tickets");
  await admin.goto(sam.url());
  await admin.getByLabel("Your reply").fill("Thanks! Which phone is it?");
  await admin.getByRole("button", { name: "Send reply" }).click();
  await sam.getByText("Which phone is it?").waitFor();
  await screenshotSizes(sam, "community-12-ticket");

  // The discussion under a problem, with a pinned comment.
  await sam.goto(`${server.url}/problems/${problemId}`);
  await sam.getByLabel("Your comment").fill("Does `input()` include the newline?");
  await sam.getByRole("button", { name: "Post comment" }).click();
  await sam.locator(".comment-body").getByText("include the newline").waitFor();
  await teacher.goto(`${server.url}/problems/${problemId}/discussion`);
  await teacher.getByLabel("Your comment").fill("No: `input()` strips it. Read the statement's example.");
  await teacher.getByRole("button", { name: "Post comment" }).click();
  await teacher.locator(".comment-body").getByText("strips it").waitFor();
  teacher.once("dialog", (d) => void d.accept());
  await teacher.getByRole("button", { name: /^Pin comment by Grace Hopper/ }).click();
  await sam.locator(".comment.pinned .comment-body").getByText("strips it").waitFor(); // live for the student
  await sam.locator("#discussion").scrollIntoViewIfNeeded();
  await screenshotThemes(teacher, "community-13-discussion");

  // A teacher's comments beside the lines of a submission.
  const submissionId = await withServerDb(server, async (db) => {
    const user = await db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "sam")
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto("submissions")
      .values({
        problem_id: problemId,
        user_id: user.id,
        files: JSON.stringify([
          { name: "main.py", content: "a = int(input())\nb = int(input())\nprint(a - b)\n" },
        ]),
        main_file: "main.py",
        status: "graded",
        score: 0,
        max_score: 3,
        results: null,
        submitted_at: Date.now(),
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
  await teacher.goto(`${server.url}/submissions/${submissionId}`);
  await teacher.getByRole("button", { name: "Comment on line 3" }).click();
  await teacher.locator("[data-line-form] textarea").fill("Is **minus** what the statement asks for?");
  await teacher.getByRole("button", { name: "Add comment" }).click();
  await teacher.getByText("Comment added.").waitFor();
  await screenshotThemes(teacher, "community-14-code-comments-teacher");
  await sam.goto(`${server.url}/submissions/${submissionId}`);
  await sam.locator(".line-comments").getByText("what the statement asks for").waitFor();
  await screenshotSizes(sam, "community-15-code-comments-student");

  // A shared playground program, opened and copied by the teacher.
  await sam.goto(`${server.url}/playground`);
  await sam.getByRole("button", { name: "Share a read-only link" }).click();
  await sam.waitForURL(/\/s\/[\w-]+$/);
  await screenshotSizes(sam, "community-16-shared-owner");
  await teacher.goto(sam.url());
  await teacher.getByRole("button", { name: "Copy into my playground" }).click();
  await teacher.waitForURL(`${server.url}/playground`);
  await teacher.getByText(/Copied \d+ files? into your playground/).waitFor();

  // A class of 30 in the live view (seeded straight into the database), with long names and code.
  await withServerDb(server, async (db) => {
    const section = await db.selectFrom("sections").select("id").executeTakeFirstOrThrow();
    const now = Date.now();
    for (let i = 1; i <= 30; i++) {
      const user = await db
        .insertInto("users")
        .values({
          username: `kid${i}`,
          display_name: i % 7 === 0 ? `Maximiliana Alexandra Featherstonehaugh-${i}` : `Student ${i}`,
          password_hash: "x",
          role: "student",
          created_at: now,
        } as never)
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("enrollments")
        .values({ section_id: section.id, user_id: user.id, enrolled_at: now })
        .execute();
      const code = `a = int(input())\nb = int(input())\n# attempt ${i}: ${"a very long comment line ".repeat(i % 3)}\nprint(a + b${i % 4 === 0 ? " + 1" : ""})\n`;
      await db
        .insertInto("problem_drafts")
        .values({
          problem_id: problemId,
          user_id: user.id,
          files: JSON.stringify([{ name: "main.py", content: code }]),
          main_file: "main.py",
          updated_at: now - i * 60_000,
        })
        .execute();
    }
  });
  await teacher.goto(`${server.url}/sections/1/live-class?problem=${problemId}`);
  await teacher.locator(".live-card").nth(30).waitFor();
  await screenshotSizes(teacher, "community-17-live-class-30");

  expect(problems).toEqual([]);
}, 240_000);
