// From the LMS and back, with the real sandbox: a teacher places a task by deep linking, a student
// launches it and submits, the graded score arrives at the test platform through AGS (line item made
// in the course's container, client-credentials token, score media type); an override whose first
// post fails is retried and arrives; a regrade is sent too; NRPS fills a 30-student roster on demand.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher, login, registerStudent } from "../../helpers/client.ts";
import { type Member, ROLE, registerPlatform, SCOPES, TestPlatform } from "../../helpers/lti-platform.ts";
import { SUM_RIGHT, SUM_WRONG, seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, admin } = useClassroom({ sandbox: { grading: true } });
let platform: TestPlatform;
const teacherBrowser = () => new Client(t);
let instructor: Client;
let sectionId: number;
let taskId: number;
let problemId: number;

beforeAll(async () => {
  platform = new TestPlatform(t);
  await platform.start();
  await registerPlatform(t, admin, platform);
  t.ctx.lms.start(t.ctx);
  instructor = teacherBrowser();
  const { res } = await platform.launch(instructor, {
    sub: "inst-1",
    name: "Irene Instructor",
    roles: [ROLE.instructor],
  });
  sectionId = Number(res.headers.get("location")!.split("/").pop());
  const task = await seedTask(t, sectionId, { title: "Week 1: sums" });
  taskId = task.id;
  problemId = (await seedSumProblem(t, task.id)).id;
});
afterAll(async () => {
  await t.ctx.lms.stop();
  platform.stop();
});

async function gradedSubmission(browser: Client, code: string): Promise<number> {
  const res = await browser.post(`/problems/${problemId}/submit`, {
    "names[]": "main.py",
    "contents[]": code,
    main: "main.py",
  });
  expect(res.status).toBe(303);
  const id = Number(res.headers.get("location")!.split("/").pop());
  for (let i = 0; i < 600; i++) {
    const row = t.ctx.sqlite
      .query<{ status: string }, [number]>("SELECT status FROM submissions WHERE id = ?")
      .get(id)!;
    if (row.status === "graded" || row.status === "error") break;
    await Bun.sleep(100);
  }
  await t.ctx.lms.flush();
  return id;
}

const outboxOf = (submissionId: number) =>
  t.ctx.sqlite
    .query<
      { id: number; status: string; attempts: number; last_error: string | null; score_sent: number | null },
      [number]
    >("SELECT id, status, attempts, last_error, score_sent FROM lti_grade_outbox WHERE submission_id = ?")
    .get(submissionId);

describe("deep linking", () => {
  test("the teacher picks a task in the LMS and Slate answers with a signed LtiDeepLinkingResponse", async () => {
    const { res } = await platform.launch(instructor, {
      sub: "inst-1",
      roles: [ROLE.instructor],
      messageType: "LtiDeepLinkingRequest",
    });
    expect(res.status).toBe(303);
    const pickerUrl = res.headers.get("location")!;
    expect(pickerUrl).toMatch(/^\/lti\/deep-link\/[\w-]+$/);
    const picker = await (await instructor.get(pickerUrl)).text();
    expect(picker).toContain("Week 1: sums");
    expect(picker).toContain("3 points");

    // Another teacher of this Slate server cannot use the teacher's placement.
    const other = await createTeacher(t, admin, "otto");
    expect((await other.get(pickerUrl)).status).toBe(404);
    expect((await other.post(pickerUrl, { target: `task:${taskId}` })).status).toBe(404);

    const answer = await instructor.post(pickerUrl, { target: `task:${taskId}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-security-policy")).toContain(`form-action 'self' ${platform.origin}`);
    const html = await answer.text();
    expect(html).toContain(`action="${platform.origin}/deep-link-return"`);
    const jwt = html.match(/name="JWT" value="([^"]+)"/)?.[1];
    expect(jwt).toBeDefined();
    // The browser posts it to the platform, which verifies it against Slate's JWKS.
    const placed = await fetch(`${platform.origin}/deep-link-return`, {
      method: "POST",
      body: new URLSearchParams({ JWT: jwt! }),
    });
    expect(placed.status).toBe(200);
    const payload = platform.deepLinkResponses[0]!;
    expect(payload["https://purl.imsglobal.org/spec/lti/claim/message_type"]).toBe("LtiDeepLinkingResponse");
    expect(payload["https://purl.imsglobal.org/spec/lti/claim/version"]).toBe("1.3.0");
    expect(payload["https://purl.imsglobal.org/spec/lti/claim/deployment_id"]).toBe(platform.deploymentId);
    expect(payload["https://purl.imsglobal.org/spec/lti-dl/claim/data"]).toBe("opaque-platform-data");
    expect(payload["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]).toEqual([
      {
        type: "ltiResourceLink",
        title: "Week 1: sums",
        url: "http://localhost/lti/launch",
        custom: { slate_target: `task:${taskId}` },
        lineItem: { scoreMaximum: 3, label: "Week 1: sums", resourceId: `task:${taskId}` },
      },
    ]);
    // The placement is used up.
    expect((await instructor.get(pickerUrl)).status).toBe(404);
  });

  test("a learner cannot start a deep-linking request", async () => {
    const { res } = await platform.launch(new Client(t), {
      sub: "learner-dl",
      messageType: "LtiDeepLinkingRequest",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Only teachers can place");
  });
});

describe("grades", () => {
  let student: Client;
  let firstSubmission: number;

  test("a graded submission's score arrives at the platform", async () => {
    student = new Client(t);
    const { res } = await platform.launch(student, {
      sub: "learner-42",
      name: "Lena Learner",
      custom: { slate_target: `task:${taskId}` },
    });
    expect(res.headers.get("location")).toBe(`/tasks/${taskId}`);
    firstSubmission = await gradedSubmission(student, SUM_RIGHT);
    // Slate made the gradebook column in the course's container (the launch named none)...
    expect(platform.lineItems).toHaveLength(1);
    expect(platform.lineItems[0]!.body).toMatchObject({
      scoreMaximum: 3,
      label: "Week 1 in Slate",
      resourceId: `task:${taskId}`,
      resourceLinkId: "link-1",
    });
    // ...and posted the score with a token it got by a signed client assertion.
    expect(platform.tokenRequests.every((r) => r.ok)).toBe(true);
    expect(platform.tokenRequests.map((r) => r.scope)).toContain(SCOPES.score);
    expect(platform.scores).toHaveLength(1);
    const score = platform.scores[0]!;
    expect(score.contentType).toBe("application/vnd.ims.lis.v1.score+json");
    expect(score.lineItem).toBe(platform.lineItems[0]!.id);
    expect(score.body).toMatchObject({
      userId: "learner-42",
      scoreGiven: 3,
      scoreMaximum: 3,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
    expect(Number.isNaN(Date.parse(String(score.body.timestamp)))).toBe(false);
    expect(outboxOf(firstSubmission)).toMatchObject({ status: "sent", score_sent: 3 });
  });

  test("the submission page and the section's LMS page show it as sent", async () => {
    const page = await (await instructor.get(`/submissions/${firstSubmission}`)).text();
    expect(page).toContain("LMS gradebook");
    expect(page).toContain("The score is in the LMS.");
    const lms = await (await instructor.get(`/sections/${sectionId}/lms`)).text();
    expect(lms).toContain("Lena Learner");
    expect(lms).toContain(">sent<");
    // A student's own submission page does not show the teacher's delivery card.
    expect(await (await student.get(`/submissions/${firstSubmission}`)).text()).not.toContain(
      "LMS gradebook",
    );
  });

  test("an override whose first post fails is pending, then retried with backoff and sent", async () => {
    platform.failScores = 1;
    const res = await instructor.post(`/manage/submissions/${firstSubmission}/override`, {
      score: "1.5",
      comment: "Style",
    });
    expect(res.status).toBe(303);
    await t.ctx.lms.flush();
    expect(outboxOf(firstSubmission)).toMatchObject({ status: "pending", attempts: 1 });
    expect(outboxOf(firstSubmission)!.last_error).toContain("500");
    const pending = await (await instructor.get(`/sections/${sectionId}/lms`)).text();
    expect(pending).toContain(">pending<");
    expect(pending).toContain("the LMS refused the score: 500");
    await t.ctx.lms.flush(); // not due yet: nothing sent
    expect(platform.scores).toHaveLength(1);
    t.clock.advance(11_000);
    await t.ctx.lms.flush();
    expect(outboxOf(firstSubmission)).toMatchObject({ status: "sent", score_sent: 1.5 });
    expect(platform.scores).toHaveLength(2);
    expect(platform.scores[1]!.body).toMatchObject({
      userId: "learner-42",
      scoreGiven: 1.5,
      scoreMaximum: 3,
    });
  });

  test("a regrade sends the score again", async () => {
    await instructor.post(`/manage/submissions/${firstSubmission}/override`, { score: "", comment: "" });
    await t.ctx.lms.flush();
    const before = platform.scores.length;
    expect(platform.scores.at(-1)!.body.scoreGiven).toBe(3);
    const res = await instructor.post(`/manage/tasks/${taskId}/regrade`, {
      "ids[]": String(firstSubmission),
    });
    expect(res.status).toBe(303);
    for (let i = 0; i < 600 && platform.scores.length === before; i++) {
      await Bun.sleep(100);
      await t.ctx.lms.flush();
    }
    expect(platform.scores.length).toBe(before + 1);
    expect(platform.scores.at(-1)!.body).toMatchObject({ userId: "learner-42", scoreGiven: 3 });
  });

  test("a score that keeps failing ends as failed and a teacher can retry it", async () => {
    platform.failScores = 100;
    const sub = await gradedSubmission(student, SUM_WRONG);
    for (let i = 0; i < 8; i++) {
      t.clock.advance(2 * 60 * 60_000);
      await t.ctx.lms.flush();
    }
    expect(outboxOf(sub)).toMatchObject({ status: "failed", attempts: 8 });
    expect(await (await instructor.get(`/sections/${sectionId}/lms`)).text()).toContain(">failed<");
    platform.failScores = 0;
    const row = outboxOf(sub)!;
    // Only the section's teachers may retry it: not a student, not another teacher.
    const other = new Client(t);
    await platform.launch(other, { sub: "learner-43" });
    expect((await other.post(`/sections/${sectionId}/lms/outbox/${row.id}/retry`)).status).toBe(403);
    const otto = new Client(t);
    await login(otto, "otto");
    expect((await otto.post(`/sections/${sectionId}/lms/outbox/${row.id}/retry`)).status).toBe(404);
    expect(outboxOf(sub)).toMatchObject({ status: "failed" });
    expect((await instructor.post(`/sections/${sectionId}/lms/outbox/${row.id}/retry`)).status).toBe(303);
    await t.ctx.lms.flush();
    expect(outboxOf(sub)).toMatchObject({ status: "sent" });
    expect(platform.scores.at(-1)!.body).toMatchObject({ userId: "learner-42", scoreGiven: 3 }); // the best counts
  });

  test("a grading that ended while the LMS service was stopped is queued at its next start", async () => {
    await t.ctx.lms.stop();
    const before = platform.scores.length;
    const sub = await gradedSubmission(student, SUM_RIGHT);
    expect(outboxOf(sub)).toBeNull();
    t.ctx.lms.start(t.ctx);
    await t.ctx.lms.flush();
    expect(outboxOf(sub)).toMatchObject({ status: "sent" });
    expect(platform.scores.length).toBe(before + 1);
  });

  test("a Slate student without an LMS account queues nothing", async () => {
    const before = countRows(t, "lti_grade_outbox");
    const code = t.ctx.sqlite
      .query<{ enroll_code: string }, [number]>("SELECT enroll_code FROM sections WHERE id = ?")
      .get(sectionId)!.enroll_code;
    t.ctx.sqlite.query("UPDATE sections SET enroll_enabled = 1 WHERE id = ?").run(sectionId);
    const { client } = await registerStudent(t, code, "plainstudent");
    await gradedSubmission(client, SUM_RIGHT);
    expect(countRows(t, "lti_grade_outbox")).toBe(before);
  });
});

describe("roster", () => {
  const members: Member[] = [
    ...Array.from({ length: 30 }, (_, i) => ({
      user_id: `nrps-${i + 1}`,
      name: `Student Number ${i + 1}`,
      roles: [ROLE.learner],
    })),
    { user_id: "inst-2", name: "Ivan Co-Instructor", roles: [ROLE.instructor] },
    { user_id: "gone", name: "Gone Student", roles: [ROLE.learner], status: "Inactive" },
  ];

  test("only the section's teachers may fill the roster", async () => {
    const k = t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM lti_contexts").get()!.id;
    const student = new Client(t);
    await platform.launch(student, { sub: "learner-42" });
    expect((await student.post(`/sections/${sectionId}/lms/contexts/${k}/roster`)).status).toBe(403);
    const otto = new Client(t);
    await login(otto, "otto");
    expect((await otto.post(`/sections/${sectionId}/lms/contexts/${k}/roster`)).status).toBe(404);
    expect((await otto.get(`/sections/${sectionId}/lms`)).status).toBe(404);
    expect((await new Client(t).get(`/sections/${sectionId}/lms`)).status).toBe(303);
  });

  test("NRPS fills the roster on demand: learners enrolled, instructors teaching, inactive left out", async () => {
    platform.members = members;
    const k = t.ctx.sqlite.query<{ id: number }, []>("SELECT id FROM lti_contexts").get()!.id;
    const res = await instructor.post(`/sections/${sectionId}/lms/contexts/${k}/roster`);
    expect(res.status).toBe(303);
    expect(platform.tokenRequests.map((r) => r.scope)).toContain(SCOPES.memberships);
    const enrolled = t.ctx.sqlite
      .query<{ n: number }, [number]>(
        "SELECT count(*) AS n FROM enrollments e JOIN lti_accounts a ON a.user_id = e.user_id WHERE e.section_id = ? AND a.subject LIKE 'nrps-%'",
      )
      .get(sectionId)!.n;
    expect(enrolled).toBe(30); // both pages of the Link header
    const teaches = t.ctx.sqlite
      .query<{ n: number }, [number]>(
        "SELECT count(*) AS n FROM section_teachers st JOIN lti_accounts a ON a.user_id = st.user_id WHERE st.section_id = ? AND a.subject = 'inst-2'",
      )
      .get(sectionId)!.n;
    expect(teaches).toBe(1);
    expect(
      t.ctx.sqlite
        .query<{ n: number }, []>("SELECT count(*) AS n FROM lti_accounts WHERE subject = 'gone'")
        .get()!.n,
    ).toBe(0);
    const page = await (await instructor.get(`/sections/${sectionId}/lms`)).text();
    expect(page).toContain("Filled ");
    // Filling again changes nothing.
    const users = countRows(t, "users");
    await instructor.post(`/sections/${sectionId}/lms/contexts/${k}/roster`);
    expect(countRows(t, "users")).toBe(users);
    // A rostered student later launching is the same account.
    const s = new Client(t);
    await platform.launch(s, { sub: "nrps-7" });
    expect(countRows(t, "users")).toBe(users);
  });
});
