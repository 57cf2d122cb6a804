// A quiz end to end in real Chromium: the teacher imports a GIFT file (preview, then create), builds
// a two-part assessment with a random block, a student takes it page by page (answers autosaved; a
// reload in the middle loses nothing), submits and reviews; the teacher marks the essay and reads the
// item analysis. Screenshots light and dark, desktop and phone, each with an accessibility audit.
import { expect, test } from "bun:test";
import { screenshotSizes, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

const GIFT = `$CATEGORY: $course$/Python/Basics

::Len of a string::What does \`len("abc")\` return?{=3#Right: three characters. ~2 ~4 ####len counts characters.}

::Mutable types::Which of these are mutable?{~%50%list ~%50%dict ~%-50%tuple#Tuples cannot change.}

$CATEGORY: $course$/Python/Loops

::Range start::range(3) starts at 0.{T}

::Loop keyword::Which keyword repeats while a condition holds?{=while =%50%for#for repeats over items.}

::Break::\`break\` leaves the innermost loop.{TRUE}

$CATEGORY: $course$/Python/Writing

::Explain generators::Explain in two sentences what a generator is.{####A good answer mentions yield and laziness.}
`;

test("a teacher runs a quiz and a student takes it page by page", async () => {
  const { teacher, section, student } = await classWithStudent(browser, server, {
    section: "Python 101",
    student: ["alma", "Alma Quiz"],
  });
  const problems = [...watchProblems(teacher), ...watchProblems(student)];

  // Import: preview first, then create.
  await teacher.goto(`${server.url}/banks`);
  await teacher.getByLabel("Name").fill("Python quizzes");
  await teacher.getByRole("button", { name: "Create bank" }).click();
  await teacher.getByText("Bank created.").waitFor();
  await teacher.getByRole("link", { name: "Import" }).click();
  await teacher.getByLabel("Or paste the questions").fill(GIFT);
  await teacher.getByRole("button", { name: "Preview" }).click();
  await teacher.getByText("Preview: 6 questions will be created").waitFor();
  await screenshotThemes(teacher, "assessments-01-import-preview");
  await teacher.getByRole("button", { name: "Create 6 questions" }).click();
  await teacher.getByText("Imported 6 questions.").waitFor();
  await screenshotSizes(teacher, "assessments-02-bank");

  // Build: page by page, a random block of 2 loop questions in part 1, the essay in part 2.
  await teacher.goto(`${server.url}/sections/${section.id}`);
  await teacher.getByRole("link", { name: "New assessment" }).click();
  await teacher.getByLabel("Title").fill("Week 3 quiz: strings and loops");
  await teacher.getByLabel("Time limit (minutes)").fill("30");
  await teacher.getByLabel("Questions are shown").selectOption("page");
  await teacher.getByLabel("Published (students see it)").check();
  await teacher.getByRole("button", { name: "Create assessment" }).click();
  await teacher.getByText("Assessment created.").waitFor();
  const assessmentUrl = teacher.url();
  await teacher
    .getByLabel("Question", { exact: true })
    .selectOption({ label: "Python quizzes › Python/Basics › Len of a string" });
  await teacher.getByRole("button", { name: "Add question" }).click();
  await teacher.getByText("Question added.").waitFor();
  await teacher
    .getByLabel("From category (and those inside it)")
    .selectOption({ label: "Python quizzes › Python/Loops (3)" });
  await teacher.getByLabel("How many questions").fill("2");
  await teacher.getByRole("button", { name: "Add random block" }).click();
  await teacher.getByText("Random block added.").waitFor();
  await teacher.getByLabel("Part title").fill("Part 2: in your own words");
  await teacher.getByRole("button", { name: "Add part" }).click();
  await teacher.getByText("Part added.").waitFor();
  await teacher
    .getByLabel("Question", { exact: true })
    .selectOption({ label: "Python quizzes › Python/Writing › Explain generators" });
  await teacher.locator("#f-part-q").selectOption({ label: "Part 2: in your own words" });
  await teacher.getByRole("button", { name: "Add question" }).click();
  await teacher.getByText("Question added.").waitFor();
  await screenshotSizes(teacher, "assessments-03-builder");

  // The student takes it: page 1, answers saved as they go, a reload, page 2, submit.
  await student.goto(`${server.url}/sections/${section.id}`);
  await student.getByRole("link", { name: "Week 3 quiz: strings and loops" }).click();
  await screenshotThemes(student, "assessments-04-start");
  await student.getByRole("button", { name: "Start attempt" }).click();
  await student.getByText("Page 1 of 2").waitFor();
  await student.getByText("Time left").waitFor();
  await student.getByRole("radio", { name: /3$/ }).check();
  const saved = student.locator("[data-save-state]");
  await expect(saved.textContent()).resolves.toBeDefined();
  await student.getByText(/^Saved at/).waitFor();
  // Answer the two drawn loop questions, whatever they are.
  for (const card of await student.locator(".question-card").all()) {
    const title = (await card.textContent()) ?? "";
    if (title.includes("range(3)") || title.includes("break"))
      await card.getByRole("radio", { name: "True" }).check();
    if (title.includes("repeats while")) await card.getByLabel("Answer").fill("while");
  }
  await student.waitForTimeout(1200);
  await student.getByText(/^Saved at/).waitFor();
  await screenshotSizes(student, "assessments-05-attempt-page-1");
  await student.reload();
  await student.getByText("Page 1 of 2").waitFor();
  expect(await student.getByRole("radio", { name: /3$/ }).isChecked()).toBe(true);
  await student.getByRole("button", { name: "Next page" }).click();
  await student.getByText("Page 2 of 2").waitFor();
  await student.getByText("Part 2: in your own words").waitFor();
  await student.getByLabel("Your answer").fill("A generator yields values one at a time. It is lazy.");
  await student.getByText(/^Saved at/).waitFor();
  student.once("dialog", (d) => void d.accept());
  await student.getByRole("button", { name: "Submit answers" }).click();
  await student.getByText("Your answers were submitted.").waitFor();
  await student.getByText("Waiting for a teacher's mark").waitFor();
  await screenshotSizes(student, "assessments-06-review");

  // The teacher marks the essay and reads the item analysis.
  await teacher.goto(`${assessmentUrl}/results`);
  await teacher.getByText("needs grading").waitFor();
  await teacher.getByRole("link", { name: "Manual grading" }).click();
  await teacher.getByText("A generator yields values").waitFor();
  await teacher.getByLabel("Mark (out of 1)").fill("1");
  await teacher.getByLabel("Feedback").fill("Clear and correct.");
  await screenshotThemes(teacher, "assessments-07-grading");
  await teacher.getByRole("button", { name: /Save mark/ }).click();
  await teacher.getByText("Mark saved.").waitFor();
  await teacher.getByRole("link", { name: "Grades", exact: true }).click();
  expect(await teacher.getByText("needs grading").count()).toBe(0);
  await screenshotSizes(teacher, "assessments-08-grades");
  await teacher.getByRole("link", { name: "Item analysis" }).click();
  await teacher.getByRole("columnheader", { name: "Facility" }).waitFor();
  await teacher.getByRole("link", { name: "Len of a string" }).waitFor();
  await screenshotSizes(teacher, "assessments-09-item-analysis");
  await teacher.getByRole("link", { name: "Distribution" }).click();
  await teacher.locator("#score-distribution canvas").waitFor();
  await screenshotThemes(teacher, "assessments-10-distribution");

  // The student's history shows the attempt.
  await student.goto(assessmentUrl);
  await student.getByRole("heading", { name: "Attempt history" }).waitFor();
  await screenshotSizes(student, "assessments-11-history");
  expect(problems).toEqual([]);
}, 240_000);
