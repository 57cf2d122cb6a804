// A practice catalog problem's discussion in real Chromium: two hobbyists talk on the problem page
// (Markdown, a reply that arrives live without a reload), the admin pins a comment and then, on the
// edit page, opens the thread only to people who solved it. Screenshots light and dark, desktop and
// phone, with the accessibility audit.
import { expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import { createAdministrator, newPage, STRONG, watchProblems } from "../helpers/browser-flows.ts";

const { server, browser } = useBrowserServer();

const shoot = (page: Page, name: string) => screenshotSizes(page, `practice-discussion-${name}`);

const PROBLEM = {
  title: "Sum of two numbers",
  difficulty: "easy",
  points: 10,
  tags: ["math"],
  description: "Read two integers, **one per line**, and print their sum.",
  code_template: "a = int(input())\n",
  test_cases: [{ input: "2\n3\n", expected: "5", hidden: false }],
};

async function register(username: string, name: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${server.url}/register`);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(STRONG);
  await page.getByLabel("Confirm password").fill(STRONG);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${server.url}/practice`);
  return page;
}

test("hobbyists discuss a catalog problem live; the admin pins and limits it to solvers", async () => {
  const admin = await newPage(browser);
  const adminProblems = watchProblems(admin);
  await admin.goto(`${server.url}/setup`);
  await createAdministrator(admin, server);
  await admin.goto(`${server.url}/practice/manage`);
  await admin.getByLabel("…or paste JSON").fill(JSON.stringify([PROBLEM]));
  await admin.getByRole("button", { name: "Import" }).click();
  await admin.getByText("Imported: 1 new").waitFor();
  await admin.goto(`${server.url}/practice/admin`);
  await admin.getByLabel("Anyone may register").check();
  await admin.getByRole("button", { name: "Save settings" }).click();
  await admin.getByText("Anyone can now register").waitFor();

  const hanna = await register("hanna", "Hobby Hanna");
  const problems = watchProblems(hanna);
  await hanna.getByRole("link", { name: PROBLEM.title }).click();
  const thread = hanna.locator("#discussion");
  await thread.getByText("No comments yet").waitFor();
  await thread
    .getByLabel("Your comment")
    .fill("Remember that `input()` gives a **string**: convert it first.");
  await thread.getByRole("button", { name: "Post comment" }).click();
  await thread.locator(".comment-body code", { hasText: "input()" }).waitFor();

  // Hugo replies; Hanna's open page shows it without a reload.
  const hugo = await register("hugo", "Hugo Hobbyist");
  await hugo.getByRole("link", { name: PROBLEM.title }).click();
  const his = hugo.locator("#discussion");
  await his.getByText("gives a").waitFor();
  await his.locator("summary", { hasText: "Reply" }).click();
  await his.getByLabel("Reply to comment by Hobby Hanna").fill("Thanks, `int(input())` did it.");
  await his.getByRole("button", { name: "Reply" }).click();
  await thread.locator(".comments.nested").getByText("did it.").waitFor({ timeout: 15_000 });
  expect(await thread.getByRole("button", { name: /^Pin/ }).count()).toBe(0); // not a moderator

  // The admin moderates: pins Hanna's comment; the pin arrives live.
  await admin.goto(`${server.url}/practice/problems/1`);
  await admin.locator("#discussion").getByRole("button", { name: "Pin comment by Hobby Hanna" }).click();
  await thread.locator(".pin-mark").waitFor({ timeout: 15_000 });
  await shoot(hanna, "01-thread");

  // On the edit page: only after solving. Hugo has not solved it: after a reload the thread is closed.
  await admin.goto(`${server.url}/practice/problems/1/edit`);
  await admin.getByLabel("Discussion").selectOption("after_solved");
  await shoot(admin, "02-edit");
  await admin.getByRole("button", { name: "Save" }).click();
  await admin.getByText("Saved.").waitFor();
  await shoot(admin, "03-moderator");
  await hugo.reload();
  await hugo.locator("#discussion").getByText("opens once you have solved").waitFor();
  await shoot(hugo, "04-closed");
  expect(problems).toEqual([]);
  expect(adminProblems).toEqual([]);
}, 180_000);
