// Lessons in real Chromium against a real server with a real sandbox: the teacher imports a lesson
// from Markdown (preview, then create) and publishes it; a student opens it, runs a snippet that calls
// input() and answers it, edits the snippet, reloads and finds the edit, resets it, completes the
// pages and sees the progress; the teacher reads the results of a 30-student class. Screenshots of
// the lesson page, the editor, the import preview and the results page, light, dark and phone, land
// in tests/.artifacts/screenshots/lessons-*.png.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { SCREENSHOTS, screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, watchProblems, withServerDb } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });

const MARKDOWN = `# Asking questions: input() and a very long lesson title that has to wrap nicely on a phone

Programs can **ask** the person at the keyboard. This lesson shows how, in three short pages.

### Asking for a name

\`input()\` waits for a line and gives it back as text.

\`\`\`python
name = input("What is your name? ")
print("Hello,", name)
\`\`\`

| call | gives |
|------|-------|
| \`input()\` | a string |
| \`int(input())\` | a whole number |

### Numbers from text

\`\`\`py
age = int(input("Age? "))
print("Next year you are", age + 1)
\`\`\`

Plain code stays plain:

\`\`\`text
this is not runnable
\`\`\`

### Summary

You can now ask questions. Très bien !
`;

async function seedClass(sectionId: number, pageIds: number[]) {
  // 29 more students, some of whom completed some pages: the results page must read well at 30.
  await withServerDb(server, async (db) => {
    const now = Date.now();
    for (let i = 1; i <= 29; i++) {
      const user = await db
        .insertInto("users")
        .values({
          username: `pupil${String(i).padStart(2, "0")}`,
          display_name: `Pupil ${["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald"][i % 6]} ${String(i).padStart(2, "0")}`,
          email: null,
          role: "student",
          password_hash: "not a password hash: these pupils never log in",
          locked_until: null,
          created_at: now,
          last_login_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("enrollments")
        .values({ section_id: sectionId, user_id: user.id, enrolled_at: now })
        .execute();
      for (const [k, pageId] of pageIds.entries())
        if (i % 5 !== 0 && (i + k * 2) % 4 !== 0)
          await db
            .insertInto("lesson_page_completions")
            .values({ page_id: pageId, user_id: user.id, completed_at: now })
            .execute();
    }
  });
}

/** The class of the first test, which the second one reuses (one first-run setup per server). */
let cast: Awaited<ReturnType<typeof classWithStudent>> | undefined;

const snippetEditor = (page: Page, n: number) => page.getByRole("textbox", { name: `Code of example ${n}` });

test("a teacher imports a lesson; a student runs, edits, resets and completes it", async () => {
  cast = await classWithStudent(browser, server, { section: "Python 1", student: ["sam", "Sam Student"] });
  const { teacher, section, student } = cast;
  const teacherProblems = watchProblems(teacher);
  const studentProblems = watchProblems(student);

  // ---- the teacher imports: preview first, nothing created yet
  await teacher.goto(`${server.url}/sections/${section.id}`);
  await teacher.getByRole("link", { name: "Import Markdown" }).click();
  await teacher.getByLabel("Or paste the Markdown").fill(MARKDOWN.replace(/\n/g, "\r\n"));
  await teacher.getByRole("button", { name: "Preview" }).click();
  await teacher.getByRole("button", { name: "Create lesson (3 pages)" }).waitFor();
  expect(await teacher.locator(".import-pages > li").count()).toBe(3);
  await screenshotSizes(teacher, "lessons-import-preview");
  await teacher.getByRole("button", { name: "Create lesson (3 pages)" }).click();
  await teacher.getByText("Lesson imported with 3 pages").waitFor();
  const lessonId = Number(teacher.url().match(/\/lessons\/(\d+)\/edit/)![1]);
  await teacher.getByLabel("Published: students can open it").check();
  await teacher.getByRole("button", { name: "Save lesson" }).click();
  await teacher.getByText("Lesson saved.").waitFor();
  await screenshotSizes(teacher, "lessons-edit");

  // ---- the student opens it from the section page
  await student.goto(`${server.url}/sections/${section.id}`);
  await student.getByText("0 of 3 pages").waitFor();
  await student.getByRole("link", { name: /Asking questions/ }).click();
  await snippetEditor(student, 1).waitFor();

  // Run: the prompt streams, the student answers input().
  await student.getByRole("button", { name: "Run example 1" }).click();
  const log = student.getByRole("log", { name: "Program output of example 1" });
  await log.getByText("What is your name?").waitFor({ timeout: 60_000 });
  await student.getByLabel("Input for example 1").fill("Ada");
  await student.getByLabel("Input for example 1").press("Enter");
  await log.getByText("Hello, Ada").waitFor({ timeout: 30_000 });
  await student
    .locator('[data-snippet] [data-run-state][data-state="done"]')
    .first()
    .waitFor({ timeout: 30_000 });

  // Visualize: the playground's visualizer, asking for the input first (the code calls input()).
  await student.getByRole("button", { name: "Visualize example 1" }).click();
  const viz = student.getByRole("dialog", { name: /Visualize/ });
  await viz.getByLabel(/Your program reads input/).fill("Ada");
  await viz.getByRole("button", { name: "Visualize with this input" }).click();
  await viz.getByText(/Step 1 \/ \d+/).waitFor({ timeout: 90_000 }); // the trace arrived
  await viz.getByRole("button", { name: "Last step" }).click();
  expect(await viz.locator("[data-stdout]").textContent()).toContain("Hello, Ada");
  await viz.getByRole("button", { name: "Close the visualizer" }).click();

  // Edit: saved as they type; a reload shows it.
  await snippetEditor(student, 1).click();
  await student.keyboard.press("ControlOrMeta+End");
  await student.keyboard.press("Enter");
  await student.keyboard.type('print("edited by Sam")');
  await student.getByText("Saved", { exact: true }).waitFor({ timeout: 10_000 });
  await screenshotSizes(student, "lessons-page");
  await student.reload();
  await snippetEditor(student, 1).waitFor();
  expect(await snippetEditor(student, 1).textContent()).toContain('print("edited by Sam")');

  // Reset brings the original back, and it stays back after a reload.
  student.once("dialog", (d) => void d.accept());
  await student.getByRole("button", { name: "Reset example 1 to the original" }).click();
  await student.getByText("Reset to the original").waitFor();
  expect(await snippetEditor(student, 1).textContent()).not.toContain("edited by Sam");
  await student.reload();
  await snippetEditor(student, 1).waitFor();
  expect(await snippetEditor(student, 1).textContent()).not.toContain("edited by Sam");

  // Complete the pages one by one; progress shows on the lesson and in the section's list.
  for (let i = 0; i < 3; i++) {
    await student.getByRole("button", { name: "Mark page complete" }).click();
    await student.getByText("completed.").first().waitFor();
  }
  await student.getByText("Complete", { exact: true }).first().waitFor();
  await student.getByText("You completed this page.").waitFor();
  await screenshotSizes(student, "lessons-complete");
  await student.goto(`${server.url}/sections/${section.id}`);
  await student.locator(".lesson-row").getByText("Complete", { exact: true }).waitFor();
  await screenshotSizes(student, "lessons-section");

  // ---- the teacher's results for a class of 30
  const pageIds = await withServerDb(server, (db) =>
    db
      .selectFrom("lesson_pages")
      .select("id")
      .where("lesson_id", "=", lessonId)
      .orderBy("position")
      .execute(),
  );
  await seedClass(
    section.id,
    pageIds.map((p) => p.id),
  );
  await teacher.goto(`${server.url}/lessons/${lessonId}/results`);
  await teacher.getByText(/of 30 students completed every page/).waitFor();
  expect(await teacher.locator(".lesson-results tbody tr").count()).toBe(30);
  await screenshotSizes(teacher, "lessons-results");
  await teacher.goto(`${server.url}/lessons/${lessonId}/pages/${pageIds[0]!.id}/edit`);
  await screenshotSizes(teacher, "lessons-page-editor");
  await teacher.goto(`${server.url}/sections/${section.id}/dashboard`);
  await teacher
    .locator("#lessons")
    .getByRole("link", { name: /Asking questions/ })
    .waitFor();
  // The dashboard's lesson card (the page itself belongs to class-dashboard, audited by its own tests).
  await teacher
    .locator("section.card", { has: teacher.locator("#lessons") })
    .screenshot({ path: `${SCREENSHOTS}/lessons-dashboard-card.png` });

  expect(teacherProblems).toEqual([]);
  expect(studentProblems).toEqual([]);
}, 300_000);

test("a lesson completed by reaching the end of each page", async () => {
  if (!cast) throw new Error("the first test did not set up the class");
  const { teacher, section, student } = cast;
  const problems = watchProblems(student);
  await teacher.goto(`${server.url}/sections/${section.id}/lessons/import`);
  await teacher
    .getByLabel("Or paste the Markdown")
    .fill("# Short reads\n\n### One\n\nA short page.\n\n### Two\n\nAnother.");
  await teacher.getByRole("button", { name: "Preview" }).click();
  await teacher.getByRole("button", { name: "Create lesson (2 pages)" }).click();
  await teacher.getByLabel("Published: students can open it").check();
  await teacher.getByText("Reaching the end of a page completes it").click();
  await teacher.getByRole("button", { name: "Save lesson" }).click();
  await teacher.getByText("Lesson saved.").waitFor();

  await student.goto(`${server.url}/sections/${section.id}`);
  await student.getByRole("link", { name: "Short reads" }).click();
  // The page is short: its end is on screen, so it counts at once, without a button.
  await student.getByText("You completed this page.").waitFor();
  await student.locator("[data-lesson-progress]").getByText("1 of 2 pages").waitFor();
  await screenshotSizes(student, "lessons-end-completion");
  expect(await student.getByRole("button", { name: "Mark page complete" }).count()).toBe(0);
  await student.getByRole("link", { name: "Two →" }).click();
  await student.getByText("You completed this page.").waitFor();
  await student.locator("[data-lesson-progress]").getByText("Complete").waitFor();
  expect(problems).toEqual([]);
}, 120_000);
