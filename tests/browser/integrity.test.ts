// Academic integrity in a real browser: the teacher blocks copy and paste and turns recording on in
// the problem editor; a student types, is refused a paste, submits; with paste allowed again the
// paste goes in and is recorded; the teacher sees the risk in the submissions table, replays the
// session (play at 8x, step, seek, the time under the pointer) and checks similarity, opening the
// side-by-side view with paired colours and synchronized scrolling. Screenshots light and dark,
// desktop and phone, each audited for accessibility.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { insertSubmission } from "../../src/models/submission.ts";
import { insertUser } from "../../src/models/user.ts";
import { screenshotSizes, screenshotThemes, useBrowserServer } from "../helpers/browser.ts";
import {
  classWithStudent,
  seedSumTask,
  typeCode,
  watchProblems,
  withServerDb,
} from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

const PASTED = "print(a + b)\n";

/** A paste as the browser delivers it (a ClipboardEvent with its data), into the editor. */
async function paste(page: Page, text: string): Promise<void> {
  await page.locator(".cm-content").first().click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    const target = document.querySelector(".cm-content")!;
    target.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

async function setIntegrity(teacher: Page, problemId: number, paste: "Allowed" | "Blocked") {
  await teacher.goto(`${server.url}/manage/problems/${problemId}`);
  const card = teacher.locator(".integrity-card");
  await card.getByLabel(paste).check();
  const record = card.getByLabel(/Record how students write their code/);
  if (!(await record.isChecked())) await record.check();
  await card.getByRole("button", { name: "Save integrity settings" }).click();
  await teacher.getByText("Integrity settings saved.").waitFor();
}

async function submitAndWait(page: Page) {
  const done = page.waitForResponse((r) => r.url().endsWith("/submit") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Submit" }).click();
  expect((await done).status()).toBe(200);
  // The recorder starts the next session once the submission is in.
  await page.waitForResponse((r) => r.url().endsWith("/integrity/sessions"));
}

/** Long, similar programs of two more students, so the side-by-side view has something to scroll. */
async function seedCopies(problemId: number, sectionId: number) {
  const body = (v: string) =>
    Array.from({ length: 60 }, (_, i) => `${v}${i} = int(input()) * ${i}\nprint(${v}${i} + ${i})`).join("\n");
  await withServerDb(server, async (db) => {
    const now = Date.now();
    for (const [username, name, v] of [
      ["kim", "Kim Copier", "x"],
      ["lee", "Lee Lender", "value"],
    ] as const) {
      const user = await insertUser(db, {
        username,
        display_name: name,
        email: null,
        password_hash: "x",
        role: "student",
        created_at: now,
      });
      await db
        .insertInto("enrollments")
        .values({ section_id: sectionId, user_id: user.id, enrolled_at: now })
        .execute();
      await insertSubmission(db, {
        problemId,
        userId: user.id,
        files: JSON.stringify([{ name: "main.py", content: `a = int(input())\n${body(v)}\n` }]),
        mainFile: "main.py",
        submittedAt: now,
        latePenaltyPct: 0,
      });
    }
  });
}

let grace: Page | null = null; // the teacher of the first test, for the second

test("a student is recorded with paste blocked and allowed; the teacher replays and compares", async () => {
  const { teacher, student, section, seeded } = await classWithStudent(browser, server, {
    section: "Integrity class",
    student: ["sam", "Sam Student"],
    before: (s) => seedSumTask(server, s.id),
  });
  const { problemId, taskId } = seeded;
  const problems = [...watchProblems(student), ...watchProblems(teacher)];

  // The teacher blocks copy and paste and turns recording on.
  await setIntegrity(teacher, problemId, "Blocked");
  await teacher.locator(".integrity-card").scrollIntoViewIfNeeded();
  await screenshotThemes(teacher, "integrity-01-settings");

  // The student is told, types, and is refused a paste.
  const url = `${server.url}/problems/${problemId}`;
  await student.goto(url);
  await student.getByText(/records how you write your code/).waitFor();
  await student.getByText(/Copy and paste, drag and drop and file upload are turned off/).waitFor();
  await typeCode(student, "a = int(input())\nb = int(input())");
  await paste(student, PASTED);
  await student
    .getByText("Copy and paste is turned off for this problem: type your code yourself.")
    .waitFor();
  expect(await student.locator(".cm-content").textContent()).not.toContain("print(a + b)");
  await screenshotThemes(student, "integrity-02-paste-blocked");
  await student.locator(".cm-content").first().click(); // the screenshots' audit moved the focus
  await student.keyboard.press("ControlOrMeta+End");
  await student.keyboard.type("print(a - b)");
  // A script writes into the editor instead of the student: let through, but recorded and counted.
  await student.waitForTimeout(1000); // no key pressed for a while
  await student.evaluate(() => {
    (document.querySelector(".cm-content") as HTMLElement).focus();
    document.execCommand("insertText", false, "\n# written by a script, not typed\n");
  });
  await student.locator(".cm-content").getByText("# written by a script").waitFor();
  await submitAndWait(student);

  await teacher.goto(`${server.url}/manage/tasks/${taskId}/submissions`);
  await teacher.locator('.risk-cell[title*="Programmatic replacement"]').waitFor();

  // Paste allowed again: the paste goes in, and is recorded.
  await setIntegrity(teacher, problemId, "Allowed");
  await student.goto(url);
  await student.getByText(/records how you write your code/).waitFor();
  // A second file, then back to main.py: file switches are recorded too.
  await student.getByRole("button", { name: "New file" }).click();
  await student.waitForFunction(
    () => document.activeElement?.getAttribute("aria-label") === "Name of the new file",
  );
  await student.keyboard.type("helper.py");
  await student.getByLabel("Name of the new file").press("Enter");
  await student.getByRole("tab", { name: /helper\.py/ }).waitFor();
  await student.locator(".cm-content").first().click();
  await student.keyboard.type("LIMIT = 10");
  await student.getByRole("tab", { name: /main\.py/ }).click();
  await typeCode(student, "a = int(input())\nb = int(input())");
  await paste(student, PASTED);
  await student.locator(".cm-content").getByText("print(a + b)").waitFor();
  await submitAndWait(student);

  // The teacher sees the risk in the table and opens the latest submission.
  await teacher.goto(`${server.url}/manage/tasks/${taskId}/submissions`);
  await teacher.getByRole("columnheader", { name: "Risk" }).waitFor();
  await teacher.locator('.risk-cell[title*="Pasted code"]').first().waitFor();
  const latest = await teacher.locator("#sub-rows tr").first().locator("a").first().textContent();
  await teacher.goto(`${server.url}/submissions/${latest}`);
  await teacher.getByText(/of the inserted characters were pasted/).waitFor();
  await teacher.getByRole("link", { name: "Replay the session" }).click();

  // The replay: the player loads the events, plays at 8x to the end, steps back, seeks.
  await teacher.getByText(/^Event 1 of \d+: Session started$/).waitFor();
  const markers = teacher.locator(".replay-marker");
  expect(await markers.count()).toBeGreaterThanOrEqual(2);
  expect(await teacher.locator(".replay-marker.replay-paste").count()).toBe(1);
  expect(await teacher.locator(".replay-marker.replay-submit").count()).toBe(1);
  expect(await teacher.locator(".replay-marker.replay-file").count()).toBe(2); // to helper.py and back
  await teacher.getByLabel("Speed").selectOption("8");
  await teacher.getByRole("button", { name: "Play" }).click();
  await teacher.getByRole("button", { name: "Play" }).waitFor({ timeout: 30_000 }); // it stops at the end
  await teacher.locator("[data-replay-editor]").getByText("print(a + b)").waitFor();
  await teacher.getByText(/: Submitted$/).waitFor();
  await teacher.getByRole("button", { name: "Step back" }).click();
  await teacher
    .getByText(/: Pasted 13 characters$|: Paste$/)
    .first()
    .waitFor();
  await teacher.getByLabel("Seek").fill("0");
  await teacher.locator("[data-replay-editor]").getByText("a = int(input())").waitFor();
  expect(await teacher.locator("[data-replay-editor]").textContent()).not.toContain("print(a + b)");
  const timeline = teacher.locator("[data-replay-timeline]");
  const box = (await timeline.boundingBox())!;
  await teacher.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await expect(teacher.locator("[data-replay-hover]").textContent()).resolves.toMatch(/^\d+:\d\d$/);
  await teacher.mouse.move(0, 0);
  await screenshotSizes(teacher, "integrity-03-replay");

  // Similarity: two more students' long, similar programs, compared with Sam's.
  await seedCopies(problemId, section.id);
  await teacher.goto(`${server.url}/manage/integrity/problems/${problemId}/similarity`);
  await teacher.getByRole("button", { name: "Check similarity" }).click();
  await teacher.getByText(/Compared 3 submissions \(3 pairs\)/).waitFor();
  await teacher.getByRole("link", { name: /Side by side: Kim Copier and Lee Lender/ }).waitFor();
  await screenshotSizes(teacher, "integrity-04-similarity");
  const slider = teacher.getByLabel("Show pairs from");
  await slider.fill("0");
  await teacher.getByText("Pairs (3)").waitFor(); // Sam's short program with each of them, too
  await teacher.locator("output[data-sim-output]").getByText("0%").waitFor(); // the slider's label follows
  await slider.fill("100");
  await teacher.getByText("Pairs (1)").waitFor();
  await teacher.getByRole("link", { name: /Side by side: Kim Copier and Lee Lender/ }).click();

  // Side by side: both panes are editors with the same colours, scrolling together.
  await teacher.locator("[data-sim-side=left] .cm-editor").waitFor();
  await teacher.locator("[data-sim-side=right] .cm-editor").waitFor();
  const leftColours = await teacher
    .locator("[data-sim-side=left] [class^=sim-m]")
    .evaluateAll((els) => [...new Set(els.map((e) => e.className))]);
  const rightColours = await teacher
    .locator("[data-sim-side=right] [class^=sim-m]")
    .evaluateAll((els) => [...new Set(els.map((e) => e.className))]);
  expect(leftColours.length).toBeGreaterThan(0);
  expect(rightColours.sort()).toEqual(leftColours.sort());
  await teacher.locator("[data-sim-side=left]").evaluate((el) => {
    el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
  });
  await teacher.waitForFunction(() => (document.querySelector("[data-sim-side=right]")?.scrollTop ?? 0) > 50);
  await screenshotSizes(teacher, "integrity-05-side-by-side");
  expect(problems).toEqual([]);
  grace = teacher;
}, 240_000);

/** 30 students: six groups of four who share a program (renamed), and six who wrote their own. */
const GROUP_PROGRAMS = [
  "def mean(V):\n    return sum(V) / len(V)\nprint(mean(values))\nfor V1 in values:\n    if V1 > mean(values):\n        print(V1)",
  "V = sorted(values)\nV2 = len(V) // 2\nif len(V) % 2:\n    print(V[V2])\nelse:\n    print((V[V2 - 1] + V[V2]) / 2)",
  "V = {}\nfor V1 in values:\n    V[V1] = V.get(V1, 0) + 1\nV2 = max(V, key=V.get)\nprint(V2, V[V2])\nprint(len(V))",
  "V = values[0]\nV1 = 0\nwhile V1 < len(values):\n    if values[V1] > V:\n        V = values[V1]\n    V1 += 1\nprint(V)",
  "V = [x * x for x in values if x % 2 == 0]\nV1 = [x for x in values if x % 2]\nprint(sum(V), sum(V1))\nprint(min(V1 or [0]))",
  "class Stats:\n    def __init__(self, V):\n        self.V = V\n    def spread(self):\n        return max(self.V) - min(self.V)\nprint(Stats(values).spread())",
];
const OWN_PROGRAMS = [
  "print(max(values))",
  "import statistics\nprint(statistics.median(values))",
  "total = 0\nfor v in values:\n    total = total + v\nprint(total)",
  "print(sorted(values)[::-1][:3])",
  "print(len(set(values)) == len(values))",
  "n = len(values)\nprint(sum(v * v for v in values) / n - (sum(values) / n) ** 2)",
];

async function seedClassOf30(sectionId: number) {
  const names = ["a", "val", "number", "q"];
  const code = (i: number) =>
    `values = [int(x) for x in input().split()]\n${
      i < 24 ? GROUP_PROGRAMS[Math.floor(i / 4)]!.replaceAll("V", names[i % 4]!) : OWN_PROGRAMS[i - 24]
    }\n`;
  return withServerDb(server, async (db) => {
    const now = Date.now();
    const { problemId, taskId } = await seedSumTask(server, sectionId, {
      task: { title: "Week 7: lists" },
      problem: {
        title: "Statistics of a list of numbers: mean, median, the largest and the most frequent value",
      },
    });
    for (let i = 0; i < 30; i++) {
      const user = await insertUser(db, {
        username: `s${i}`,
        display_name: `Student Number ${String(i + 1).padStart(2, "0")} Longname-Hyphenated`,
        email: null,
        password_hash: "x",
        role: "student",
        created_at: now,
      });
      await db
        .insertInto("enrollments")
        .values({ section_id: sectionId, user_id: user.id, enrolled_at: now })
        .execute();
      await insertSubmission(db, {
        problemId,
        userId: user.id,
        files: JSON.stringify([{ name: "main.py", content: code(i) }]),
        mainFile: "main.py",
        submittedAt: now,
        latePenaltyPct: 0,
      });
    }
    return { problemId, taskId };
  });
}

test("a 30-student class: pairs, clusters and the risk column stay readable", async () => {
  const teacher = grace!;
  await teacher.goto(`${server.url}/sections/new`);
  await teacher.getByLabel("Name").fill("Period 3 · Introduction to programming with Python");
  await teacher.getByRole("button", { name: "Create section" }).click();
  await teacher.getByText("Section created.").waitFor();
  const sectionId = Number(teacher.url().split("/").pop());
  const { problemId, taskId } = await seedClassOf30(sectionId);
  await teacher.goto(`${server.url}/manage/tasks/${taskId}/submissions`);
  await teacher.getByRole("link", { name: "Check similarity" }).click();
  await teacher.getByRole("button", { name: "Check similarity" }).click();
  await teacher.getByText(/Compared 30 submissions \(435 pairs\)/).waitFor();
  const clusters = teacher.locator(".sim-clusters li");
  await clusters.first().waitFor();
  // Each group of four is a cluster (short programs of their own may pair up too).
  expect(await teacher.getByText(/^4 submissions, up to/).count()).toBe(6);
  await screenshotSizes(teacher, "integrity-06-class-of-30");
  await teacher.goto(`${server.url}/manage/tasks/${taskId}/submissions?risk=1`);
  await teacher.locator('.risk-cell[title*="Similarity"]').first().waitFor();
  await screenshotSizes(teacher, "integrity-07-risk-column");
  void problemId;
}, 180_000);
