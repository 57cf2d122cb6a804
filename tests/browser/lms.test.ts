// Slate and an LMS in real Chromium: the admin registers the test platform and issues an API client;
// an instructor opens Slate from the LMS inside its iframe (the whole OIDC launch runs in the frame),
// a learner in a new window; the teacher fills a 30-student roster over NRPS and sees the grade
// deliveries; the deep-linking picker. Screenshots light/dark, desktop/phone, with the axe audit.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { JWK } from "jose";
import type { Page } from "playwright-core";
import { screenshot, screenshotSizes, useBrowserServer } from "../helpers/browser.ts";
import { createAdministrator, newPage, watchProblems, withServerDb } from "../helpers/browser-flows.ts";
import { ROLE, TestPlatform } from "../helpers/lti-platform.ts";

const { server, browser } = useBrowserServer();
let platform: TestPlatform;
let admin: Page;
let sectionId = 0;

beforeAll(async () => {
  platform = new TestPlatform({
    now: () => Date.now(),
    jwks: async () => (await (await fetch(`${server.url}/lti/jwks`)).json()) as { keys: JWK[] },
    url: server.url,
  });
  await platform.start();
  platform.browserRoles.set("inst-b", [ROLE.instructor]);
});
afterAll(() => platform.stop());

const shoot = (page: Page, name: string) => screenshotSizes(page, `lms-${name}`);

test("the admin registers the LMS and issues an API client", async () => {
  admin = await newPage(browser);
  const problems = watchProblems(admin);
  await admin.goto(`${server.url}/setup`);
  await createAdministrator(admin, server);
  await admin.goto(`${server.url}/admin/lms`);
  await admin.getByText("No LMS registered yet").waitFor();
  await shoot(admin, "admin-empty");

  await admin.getByRole("link", { name: "Register a platform" }).click();
  const form = platform.registrationForm("Riverside School Moodle");
  await admin.getByLabel("Name").fill(form.name!);
  await admin.getByLabel("Issuer").fill(form.issuer!);
  await admin.getByLabel("Client id").fill(form.clientId!);
  await admin.getByLabel("Deployment ids").fill(form.deploymentIds!);
  await admin.getByLabel("OIDC authentication URL").fill(form.authUrl!);
  await admin.getByLabel("Access token URL").fill(form.tokenUrl!);
  await admin.getByLabel("Public keyset (JWKS) URL").fill(form.jwksUrl!);
  await admin.getByRole("button", { name: "Register platform" }).click();
  await admin.getByText("Platform registered.").waitFor();
  await shoot(admin, "platform");

  await admin.goto(`${server.url}/admin/lms`);
  await admin.getByLabel("Name").fill("Exam server of the computing department");
  await admin.getByLabel("Webhook URL (optional)").fill("https://exams.school.example/slate/webhook");
  await admin.getByRole("button", { name: "Issue client" }).click();
  await admin.getByRole("heading", { name: "API client issued" }).waitFor();
  await shoot(admin, "client-issued");
  await admin.goto(`${server.url}/admin/lms`);
  await admin.getByRole("link", { name: "Riverside School Moodle", exact: true }).waitFor();
  await shoot(admin, "admin");
  expect(problems).toEqual([]);
});

test("an instructor opens Slate inside the LMS's iframe", async () => {
  const page = await newPage(browser);
  const problems = watchProblems(page);
  await page.goto(`${platform.origin}/course?sub=inst-b&mode=iframe`);
  const frame = page.frameLocator("#tool");
  await frame
    .getByRole("heading", { name: "Intro to Programming (LMS)" })
    .first()
    .waitFor({ timeout: 15_000 });
  const slate = page.frames().find((f) => f.url().startsWith(server.url))!;
  sectionId = Number(new URL(slate.url()).pathname.split("/").pop());
  expect(sectionId).toBeGreaterThan(0);
  // Signed in inside the frame: the section's own LMS tab opens there too.
  await slate.goto(`${server.url}/sections/${sectionId}/lms`);
  await frame.getByRole("heading", { name: "Linked courses" }).waitFor();
  await screenshot(page, "lms-in-iframe");
  expect(problems).toEqual([]);
});

test("a learner opens Slate from the LMS in a new window", async () => {
  const page = await newPage(browser);
  await page.goto(`${platform.origin}/course?sub=learner-b&mode=window`);
  const [popup] = await Promise.all([
    page.context().waitForEvent("page"),
    page.getByRole("link", { name: "Open Slate in a new window" }).click(),
  ]);
  await popup.waitForURL(`${server.url}/sections/${sectionId}`, { timeout: 15_000 });
  await popup.getByRole("heading", { name: "Intro to Programming (LMS)" }).first().waitFor();
});

test("the teacher fills a 30-student roster and sees each grade delivery", async () => {
  platform.members = Array.from({ length: 30 }, (_, i) => ({
    user_id: `s-${i + 1}`,
    name: `${["Amara", "Bo", "Chiara", "Dmitri", "Esi", "Farid"][i % 6]} ${["Okafor", "Lindqvist", "Nakamura-Bergström", "Silva"][i % 4]} ${i + 1}`,
    roles: [ROLE.learner],
  }));
  const page = await newPage(browser);
  await page.goto(`${platform.origin}/start?sub=inst-b`);
  await page.waitForURL(`${server.url}/sections/${sectionId}`);
  await page.goto(`${server.url}/sections/${sectionId}/lms`);
  await page.getByRole("button", { name: "Fill roster from LMS" }).click();
  await page.getByText("Roster filled: 30 students").waitFor();
  await seedDeliveries();
  await page.reload();
  await page.getByRole("cell", { name: "failed" }).first().waitFor();
  await shoot(page, "section");
});

test("the deep-linking picker inside the LMS", async () => {
  const page = await newPage(browser);
  await page.goto(`${platform.origin}/start?sub=inst-b&deep=1`);
  await page.waitForURL(/\/lti\/deep-link\//);
  await page.getByRole("heading", { name: "Place Slate content" }).waitFor();
  await shoot(page, "deep-link");
  await page.getByRole("checkbox", { name: /Week 1/ }).check();
  const problems = watchProblems(page);
  await page.getByRole("button", { name: "Place in the LMS" }).click();
  await page.waitForURL(`${platform.origin}/deep-link-return`);
  expect(problems).toEqual([]);
  expect(platform.deepLinkResponses).toHaveLength(1);
  const items = platform.deepLinkResponses[0]!["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"];
  expect(items).toMatchObject([{ type: "ltiResourceLink", title: "Week 1: variables and input" }]);
});

test("a launch Slate refuses explains itself", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/lti/login?iss=https%3A%2F%2Funknown.example&login_hint=x`);
  await page.getByText("This LMS is not registered in Slate").waitFor();
  await shoot(page, "launch-error");
});

/** Tasks, graded submissions and their deliveries (sent, pending, failed), straight in the database. */
async function seedDeliveries(): Promise<void> {
  await withServerDb(server, async (db) => {
    const now = Date.now();
    const context = await db.selectFrom("lti_contexts").select("id").executeTakeFirstOrThrow();
    const titles = [
      "Week 1: variables and input",
      "Week 2: loops with a rather long title that has to wrap somewhere",
    ];
    for (const [i, title] of titles.entries()) {
      const task = await db
        .insertInto("tasks")
        .values({
          section_id: sectionId,
          title,
          starts_at: null,
          due_at: null,
          access_code_enc: null,
          max_submissions: null,
          published: 1,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const problem = await db
        .insertInto("problems")
        .values({ task_id: task.id, title: "Sum", created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      const link = await db
        .insertInto("lti_links")
        .values({
          context_id: context.id,
          resource_link_id: `rl-${i}`,
          title,
          target_kind: "task",
          target_id: task.id,
          lineitem_url: i === 0 ? `${platform.origin}/lineitems/1` : null,
          score_scope: 1,
          lineitem_scope: 1,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const students = await db
        .selectFrom("lti_accounts")
        .select("user_id")
        .where("subject", "like", "s-%")
        .limit(6)
        .execute();
      for (const [j, s] of students.entries()) {
        const sub = await db
          .insertInto("submissions")
          .values({
            problem_id: problem.id,
            user_id: s.user_id,
            files: "[]",
            main_file: "main.py",
            submitted_at: now,
            status: "graded",
            score: j,
            max_score: 5,
            raw_score: j,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const status = (["sent", "sent", "pending", "failed"] as const)[j % 4]!;
        await db
          .insertInto("lti_grade_outbox")
          .values({
            submission_id: sub.id,
            link_id: link.id,
            user_id: s.user_id,
            status,
            attempts: status === "failed" ? 8 : status === "pending" ? 2 : 1,
            next_attempt_at: now + 3_600_000,
            last_error: status === "sent" ? null : "the LMS refused the score: 503",
            score_sent: status === "sent" ? j : null,
            sent_at: status === "sent" ? now : null,
            updated_at: now - j * 60_000,
          })
          .execute();
      }
    }
  });
}
