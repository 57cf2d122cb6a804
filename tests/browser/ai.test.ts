// AI help in real Chromium, against the local OpenAI-compatible test server: the teacher turns it on
// for the section, a student gets colour-coded complexity badges whose findings jump to the line,
// and a tutor reply that streams in live; the admin's settings and usage pages and the teacher's
// view of the conversation. Screenshots light and dark, desktop and phone.
import { afterAll, beforeEach, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotSizes, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import {
  classWithStudent,
  loginPage,
  seedSumTask,
  typeCode,
  watchProblems,
} from "../helpers/browser-flows.ts";
import { startTestProvider } from "../integration/ai/provider.ts";

const provider = startTestProvider();
afterAll(() => provider.stop());
const { server, browser } = useBrowserServer({
  sandbox: true,
  env: { SLATE_AI_BASE_URL: provider.url, SLATE_AI_MODEL: "classroom-model", SLATE_AI_RETRIES: "0" },
});

beforeEach(() => provider.reset());

const NESTED =
  "a = int(input())\nb = int(input())\nfor i in range(a):\n    for j in range(b):\n        pass\nprint(a + b)";

const analysis = JSON.stringify({
  time: "O(n²)",
  space: "O(1)",
  explanation:
    "The two nested loops run a × b times, so the time grows with the product of the inputs; the sum itself is constant work.",
  findings: [
    {
      file: "main.py",
      line: 3,
      endLine: 5,
      note: "Nested loops: the inner one runs b times for each of the a rounds.",
    },
    { file: "main.py", line: 6, endLine: null, note: "Printing the sum is constant work." },
  ],
});

const REPLY_PROSE = [
  "Good question! ",
  "Your program reads both numbers correctly. ",
  "Think about what the two loops **add** to the answer: ",
  "do they change `a` or `b`?\n\n",
  "For example, this loop only counts:\n\n",
];
const REPLY_CODE =
  "```python\ncount = 0\nfor i in range(3):\n    count += 1\nprint(count)\n```\n\nWhat would happen if you removed your loops?";

async function turnOnAi(teacher: Page, sectionId: number): Promise<void> {
  await teacher.goto(`${server.url}/sections/${sectionId}/edit`);
  await teacher.getByLabel("Tutor", { exact: true }).check();
  await teacher.getByLabel("AI Analysis (complexity badges)").check();
  await teacher.getByLabel("AI requests per student per day").fill("25");
  await screenshotThemes(teacher, "ai-01-section-settings");
  await teacher.getByRole("button", { name: "Save AI settings" }).click();
  await teacher.getByText("AI settings saved.").waitFor();
}

test("a student gets complexity badges and a streamed tutor conversation; admin and teacher see the usage", async () => {
  const { teacher, student, section, seeded } = await classWithStudent(browser, server, {
    section: "Intro to Python, period 3",
    student: ["ada.l", "Ada Lovelace"],
    before: (s) => seedSumTask(server, s.id, { task: { title: "Week 1: numbers" } }),
  });
  const problems = watchProblems(student);
  await turnOnAi(teacher, section.id);

  await student.goto(`${server.url}/problems/${seeded.problemId}`);
  await student.locator(".cm-content").first().waitFor();
  await typeCode(student, NESTED);

  // AI Analysis: badges coloured by class, findings that jump to their line.
  provider.script({ text: analysis, delayMs: 300 });
  await student.getByRole("button", { name: "Analyse complexity" }).click();
  await student.locator(".ai-badge.ai-o-on2").waitFor({ timeout: 30_000 });
  expect(await student.locator(".ai-badge.ai-o-o1").textContent()).toContain("O(1)");
  await student.getByRole("button", { name: "Lines 3–5" }).click();
  await student.locator("[data-cursor-pos]").getByText("Ln 3,").waitFor();
  expect(provider.received[0]!.messages[1]!.content).toContain("   4 |     for j in range(b):");

  // The tutor: the reply appears piece by piece, then whole (its code checked against the tests first).
  provider.script({ text: "", chunks: [...REPLY_PROSE, REPLY_CODE], chunkDelayMs: 250 });
  await student.getByLabel("Your question for the tutor").fill("Why are my loops not needed?");
  await student.getByRole("button", { name: "Ask", exact: true }).click();
  const reply = student.locator(".ai-msg-assistant").last();
  await reply.getByText("Your program reads both numbers").waitFor({ timeout: 30_000 });
  expect(await reply.textContent()).not.toContain("What would happen if you removed your loops?");
  await reply.getByText("What would happen if you removed your loops?").waitFor({ timeout: 60_000 });
  expect(await reply.locator(".tok-keyword").count()).toBeGreaterThan(0);
  await student.getByText("Why are my loops not needed?").waitFor();
  await student.locator(".ai-panel").scrollIntoViewIfNeeded();
  await screenshotSizes(student, "ai-02-problem");
  expect(problems).toEqual([]);

  // The teacher reads the conversation.
  await teacher.goto(`${server.url}/ai/sections/${section.id}/conversations`);
  await teacher.getByRole("link", { name: "Read" }).click();
  await teacher.getByText("Why are my loops not needed?").waitFor();
  await screenshotThemes(teacher, "ai-03-conversation");

  // The admin: provider settings (the key is never shown) and usage with charts.
  const admin = await loginPage(browser, server, "ada");
  await admin.goto(`${server.url}/admin/system`);
  await admin.getByRole("link", { name: /AI help/ }).click();
  await admin.getByLabel("API key").fill("sk-browser-secret");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await admin.getByText("AI settings saved.").waitFor();
  expect(await admin.content()).not.toContain("sk-browser-secret");
  provider.script({ text: "ready" });
  await admin.getByRole("button", { name: "Test connection" }).click();
  await admin.getByText("classroom-model answered").waitFor();
  await screenshotSizes(admin, "ai-04-admin-settings");
  await admin.getByRole("link", { name: "Usage" }).click();
  await admin.locator("#ai-requests canvas").waitFor();
  await screenshotThemes(admin, "ai-05-admin-usage");
}, 240_000);
