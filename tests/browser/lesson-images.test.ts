// Lesson images through a Markdown file in real Chromium: the teacher pastes a lesson whose images
// travel inside the file (`[img-…]: data:image/png;base64,…` lines), the preview shows a placeholder
// per image, Create stores them in the new lesson, and the student sees them on the page. Screenshots
// (light, dark, desktop, phone, axe-audited): lesson-images-preview, lesson-images-page.
import { expect, test } from "bun:test";
import { screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import { classWithStudent, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

test("a lesson's images travel in its Markdown: placeholders in the preview, real images after import", async () => {
  const { teacher, section, student } = await classWithStudent(browser, server, {
    section: "Python 1",
    student: ["sam", "Sam Student"],
  });
  const problems = watchProblems(student);
  // Two real PNGs drawn by the browser (a chart and a diagram), as a teacher's screenshots would be.
  await teacher.goto(`${server.url}/`);
  const [chart, boxes] = await teacher.evaluate(() =>
    [
      ["#2563eb", "for i in range(3)"],
      ["#16a34a", "x = 41 + 1"],
    ].map(([colour, text]) => {
      const canvas = document.createElement("canvas");
      canvas.width = 480;
      canvas.height = 200;
      const g = canvas.getContext("2d")!;
      g.fillStyle = "#f8fafc";
      g.fillRect(0, 0, 480, 200);
      g.fillStyle = colour!;
      for (let i = 0; i < 6; i++) g.fillRect(30 + i * 70, 170 - i * 25, 50, 20 + i * 25);
      g.font = "22px monospace";
      g.fillText(text!, 30, 40);
      return canvas.toDataURL("image/png").replace("data:image/png;base64,", "");
    }),
  );
  const markdown = [
    "# Pictures of loops",
    "",
    "Two pages, each with a picture that travels inside this file.",
    "",
    "### A loop, drawn",
    "",
    "Each bar is one turn of the loop:",
    "",
    "![Bars growing, one per turn][img-chart]",
    "",
    "### A sum",
    "",
    "![A sum of two numbers][img-boxes]",
    "",
    "```python",
    "x = 41 + 1",
    "print(x)",
    "```",
    "",
    `[img-chart]: data:image/png;base64,${chart}`,
    `[img-boxes]: data:image/png;base64,${boxes}`,
    "",
  ].join("\n");

  await teacher.goto(`${server.url}/sections/${section.id}/lessons/import`);
  await teacher.getByLabel("Or paste the Markdown").fill(markdown);
  await teacher.getByRole("button", { name: "Preview" }).click();
  await teacher.getByRole("button", { name: "Create lesson (2 pages)" }).waitFor();
  await teacher.getByText("Image “Bars growing, one per turn”: PNG").waitFor();
  await screenshotSizes(teacher, "lesson-images-preview");
  await teacher.getByRole("button", { name: "Create lesson (2 pages)" }).click();
  await teacher.getByText("Lesson imported with 2 pages and 2 images").waitFor();
  await teacher.getByLabel("Published: students can open it").check();
  await teacher.getByRole("button", { name: "Save lesson" }).click();
  await teacher.getByText("Lesson saved.").waitFor();
  const lessonId = Number(teacher.url().match(/\/lessons\/(\d+)\/edit/)![1]);

  await student.goto(`${server.url}/lessons/${lessonId}`);
  const img = student.getByRole("img", { name: "Bars growing, one per turn" });
  await img.waitFor();
  await student.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  expect(await img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(480);
  expect(await img.getAttribute("src")).toMatch(new RegExp(`^/lessons/${lessonId}/images/[0-9a-f]{64}$`));
  expect((await student.content()).includes("data:")).toBe(false);
  await screenshotSizes(student, "lesson-images-page");
  expect(problems).toEqual([]);
});
