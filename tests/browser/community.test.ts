// People around the code in real browsers: a student asks about a problem with their code attached,
// the teacher is told live (toast, messages menu), answers with code, and the student loads it into
// their editor; then the teacher watches two students type in the live class view. Screenshots of
// each page in light and dark, desktop and phone (with the accessibility audit).
import { expect, test } from "bun:test";
import { screenshotSizes, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import {
  classWithStudent,
  joinAsStudent,
  seedSumTask,
  typeCode,
  watchProblems,
} from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

test("a question with code is answered live; the teacher watches two students type", async () => {
  const {
    teacher,
    section,
    student: sam,
    seeded: { problemId },
  } = await classWithStudent(browser, server, {
    section: "Community class",
    student: ["sam", "Sam Sample"],
    before: (s) => seedSumTask(server, s.id),
  });
  const problems = [...watchProblems(teacher), ...watchProblems(sam)];
  const problemUrl = `${server.url}/problems/${problemId}`;

  // The teacher waits on the dashboard; the student asks with their code attached.
  await teacher.goto(`${server.url}/`);
  await sam.goto(problemUrl);
  await typeCode(sam, "a = int(input())\nb = int(input())\nprint(a - b)");
  const chat = sam.locator("#chat");
  await chat.getByText("No messages yet.").waitFor();
  await expect(chat.getByLabel("Attach my current code").isChecked()).resolves.toBe(true);
  await chat.getByLabel("Message").fill("Why does my **sum** come out wrong?");
  await chat.getByRole("button", { name: "Send" }).click();
  await chat.locator(".chat-message").getByText("Why does my").waitFor();
  await chat.locator(".code-block").getByText("print").waitFor();

  // The teacher is told live: a toast and the messages menu's count.
  const toast = teacher.locator(".toast").filter({ hasText: "New message" });
  await toast.waitFor();
  await teacher.locator("#messages-count .bell-badge").getByText("1").waitFor();
  await teacher.locator(".messages-menu summary").click();
  await teacher.locator(".messages-menu .conversation").getByText("Sam Sample").waitFor();
  await screenshotThemes(teacher, "community-01-messages-menu");
  await teacher.locator(".messages-menu .conversation").first().click();
  await teacher.waitForURL(/\/chats\/\d+$/);
  await teacher.locator(".code-block .tok-operator").getByText("-").waitFor();

  // The answer, with code, arrives on the student's open problem page without a reload.
  await teacher.getByText("Add code to the reply").click();
  await teacher.getByLabel(/Code for/).fill("a = int(input())\nb = int(input())\nprint(a + b)\n");
  await teacher.getByLabel("Message").fill("Look at the operator on the last line.");
  await teacher.getByRole("button", { name: "Send" }).click();
  await teacher.locator(".chat-message.mine").getByText("Look at the operator").waitFor();
  await screenshotSizes(teacher, "community-02-thread-teacher");
  await chat.getByText("Look at the operator on the last line.").waitFor();
  sam.once("dialog", (d) => void d.accept());
  await chat.getByRole("button", { name: "Load into my editor" }).click();
  await sam.locator(".cm-content").getByText("print(a + b)").waitFor();
  await screenshotSizes(sam, "community-03-problem-chat-student");

  // Two students type; the teacher's live class view follows both.
  const sue = await joinAsStudent(browser, section.link, "sue", "Sue Student");
  problems.push(...watchProblems(sue));
  await teacher.goto(`${server.url}/sections/${section.id}/live-class?problem=${problemId}`);
  await teacher.locator(".live-card").first().waitFor();
  await sue.goto(problemUrl);
  await typeCode(sam, "total = 0  # sam is typing");
  await typeCode(sue, "print('sue is typing')");
  await teacher
    .locator(".live-card")
    .filter({ hasText: "Sam Sample" })
    .getByText("# sam is typing")
    .waitFor();
  await teacher.locator(".live-card").filter({ hasText: "Sue Student" }).getByText("sue is typing").waitFor();
  await teacher.locator(".live-card").filter({ hasText: "Sue Student" }).getByText("online").waitFor();
  await screenshotSizes(teacher, "community-04-live-class");
  await teacher
    .locator(".live-card")
    .filter({ hasText: "Sue Student" })
    .getByRole("link", { name: "Sue Student" })
    .click();
  await teacher.waitForURL(/live-class\/students\/\d+/);
  await typeCode(sue, "print('reading along')");
  await teacher.locator(".code-block").getByText("reading along").waitFor();
  await screenshotThemes(teacher, "community-05-read-along");

  expect(problems).toEqual([]);
}, 180_000);
