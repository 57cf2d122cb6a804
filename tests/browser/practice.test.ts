// Practice in real Chromium: an admin imports a catalog problem and opens public registration; a
// hobbyist registers, solves the problem (graded in the real sandbox), sees the points, the streak and
// the achievement toast, then the home page's heat map and the profile. Screenshots in light and dark,
// desktop and phone, with the accessibility audit.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import {
  createAdministrator,
  createSection,
  newPage,
  STRONG,
  typeCode,
  watchProblems,
} from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer({ sandbox: true });

const shoot = (page: Page, name: string) => screenshotSizes(page, `practice-${name}`);

const CATALOG = [
  {
    title: "Sum of two numbers",
    difficulty: "easy",
    points: 10,
    tags: ["math", "input"],
    description: "Read two integers, **one per line**, and print their sum.",
    code_template: "a = int(input())\n",
    test_cases: [
      { input: "2\n3\n", expected: "5", hidden: false },
      { input: "-4\n1\n", expected: "-3", hidden: true },
    ],
  },
  {
    title: "Reverse a string, keeping every character exactly as it was typed in the input line",
    difficulty: "medium",
    points: 40,
    tags: ["strings"],
    description: "Print the line backwards.",
    code_template: "",
    test_cases: [{ input: "abc\n", expected: "cba", hidden: false }],
  },
];

test("a hobbyist registers, solves a catalog problem and sees points, streak and an achievement", async () => {
  // The admin: setup, the catalog import, registration opened.
  const admin = await newPage(browser);
  await admin.goto(`${server.url}/setup`);
  await createAdministrator(admin, server);
  await admin.getByRole("link", { name: "Practice" }).click();
  await admin.getByRole("link", { name: "Manage catalog" }).click();
  await admin.getByLabel("…or paste JSON").fill(JSON.stringify(CATALOG));
  await admin.getByRole("button", { name: "Import" }).click();
  await admin.getByText("Imported: 2 new, 0 updated, 0 unchanged.").waitFor();
  await shoot(admin, "01-manage");
  await admin.goto(`${server.url}/admin/system`);
  await admin.getByRole("link", { name: "Practice settings and analytics" }).click();
  await admin.getByLabel("Anyone may register").check();
  await admin.getByRole("button", { name: "Save settings" }).click();
  await admin.getByText("Anyone can now register").waitFor();

  // The hobbyist: from the login page to their own account.
  const page = await newPage(browser);
  const problems = watchProblems(page);
  await page.goto(`${server.url}/login`);
  await page.getByRole("link", { name: "Create an account" }).click();
  await shoot(page, "02-register");
  await page.getByLabel("Full name").fill("Hobby Hanna");
  await page.getByLabel("Username").fill("hanna");
  await page.getByLabel("Password", { exact: true }).fill(STRONG);
  await page.getByLabel("Confirm password").fill(STRONG);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${server.url}/practice`);
  await page.getByRole("link", { name: "Sum of two numbers" }).waitFor();
  await shoot(page, "03-catalog");

  await page.getByRole("link", { name: "Sum of two numbers" }).click();
  await page.locator(".cm-content").first().waitFor();
  await typeCode(page, "a = int(input())\nb = int(input())\nprint(a + b)");
  await page.getByRole("button", { name: "Submit" }).click();
  await page.getByText("Solved! +10 points.").waitFor({ timeout: 60_000 });
  const toast = page.locator("#toasts .toast", { hasText: "Achievement unlocked: First Steps" });
  await toast.waitFor({ timeout: 15_000 });
  await page.locator("#history").getByText("2/2").waitFor();
  await page.reload(); // the ranking now lists her run
  await page.locator("tr.me").getByText("You").waitFor();
  await shoot(page, "04-problem");

  // Points and the streak on the catalog, the heat map on the home page, the badge on the profile.
  await page.goto(`${server.url}/practice`);
  expect(await page.locator("#practice-points strong").textContent()).toBe("10");
  expect(await page.locator("#practice-streak strong").textContent()).toBe("1");
  await page.goto(`${server.url}/`);
  expect(await page.locator("#home-streak strong").textContent()).toBe("1");
  expect(await page.locator(".heatmap-grid .heat-4").count()).toBe(1);
  await shoot(page, "05-home");
  await page.goto(`${server.url}/practice/profile`);
  await page.getByText("First Steps").waitFor();
  await page
    .getByText(/Unlocked \d/)
    .first()
    .waitFor();
  expect(await page.locator(".toast").count()).toBe(0); // it was shown once, live
  await shoot(page, "06-profile");

  // The admin's analytics of the problem.
  await admin.goto(`${server.url}/practice/admin`);
  await admin.getByRole("link", { name: "Analytics" }).first().click();
  await admin.getByRole("heading", { name: "Run time of accepted solutions" }).waitFor();
  await shoot(admin, "07-analytics");

  // An import with mistakes: every error with its item number, nothing saved.
  await admin.goto(`${server.url}/practice/manage`);
  const broken = [
    { ...CATALOG[0], title: "Another", points: 500 },
    { title: "", difficulty: "easy", points: 10, test_cases: [] },
  ];
  await admin.getByLabel("…or paste JSON").fill(JSON.stringify(broken));
  await admin.getByRole("button", { name: "Import" }).click();
  await admin.getByText("item 1: Points for an easy problem are 10 to 20.").waitFor();
  await admin.getByText(/item 2 \(title\): title is empty\./).waitFor();
  await shoot(admin, "08-import-errors");
  await admin.getByRole("link", { name: "Edit" }).first().click();
  await admin.getByLabel("Tags").waitFor();
  await shoot(admin, "09-edit");

  // A section's gamification switch and its achievements.
  const section = await createSection(admin, server, "Python after school");
  await admin.getByRole("link", { name: "Points and achievements" }).click();
  await admin.getByLabel("Points and achievements in this section").uncheck();
  await admin.getByRole("button", { name: "Save" }).click();
  await admin.getByText("Points and achievements are off for this section.").waitFor();
  expect(admin.url()).toBe(`${server.url}/practice/sections/${section.id}`);
  await shoot(admin, "10-section");
  expect(problems).toEqual([]);
}, 240_000);
