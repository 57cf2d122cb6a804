// AI Analysis through Slate's routes and the real openai SDK against the local test server: badges,
// json_schema with a fallback to JSON mode, the one repair of an invalid reply, the cache by code
// and model, the teachers' switches per section and task, the daily limits, and who may ask.
import { beforeEach, describe, expect, test } from "bun:test";
import { countToday } from "../../../src/features/ai/usage.ts";
import { countRows } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, registerStudent } from "../../helpers/client.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";
import { analysisJson, codeBody, postStream, setSectionAi, useProvider } from "./helpers.ts";

const { provider, env } = useProvider();
const { t, admin, teacher, section } = useClassroom({ env });
let n = 0;

async function student(code = section.code): Promise<Client> {
  return (await registerStudent(t, code, `cx${++n}`)).client;
}

async function problem(taskOver = {}) {
  const task = await seedTask(t, section.id, taskOver);
  return { task, problem: await seedSumProblem(t, task.id) };
}

const nested = (i: number) =>
  `nums = list(range(${i}))\nfor a in nums:\n    for b in nums:\n        print(a, b)\n`;

beforeEach(async () => {
  provider.reset();
  await setSectionAi(teacher, section.id, { tutor: true, complexity: true, dailyLimit: 20 });
});

describe("analysis", () => {
  test("the reply becomes colour-coded badges and findings that name their line; json_schema is asked for", async () => {
    const { problem: p } = await problem();
    const s = await student();
    provider.script({ text: analysisJson({ time: "O(n²)", space: "O(n)" }) });
    const answer = await postStream(s, `/ai/problems/${p.id}/complexity`, codeBody([["main.py", nested(1)]]));
    expect(answer.status).toBe(200);
    const result = answer.events.find((e) => e.event === "result")?.data ?? "";
    expect(result).toContain('class="ai-badge ai-o-on2"');
    expect(result).toContain('class="ai-badge ai-o-on"');
    expect(result).toContain("O(n²)");
    expect(result).toContain('data-line="2"');
    expect(result).toContain("Lines 2–3");
    const sent = provider.received[0]!;
    expect(sent.response_format?.type).toBe("json_schema");
    expect(sent.model).toBe("test-model");
    // The code goes with line numbers, as the findings cite them.
    expect(sent.messages[1]!.content).toContain("   2 | for a in nums:");
  });

  test("the same code and model come from the cache: one request to the provider", async () => {
    const { problem: p } = await problem();
    const s = await student();
    provider.script({ text: analysisJson() });
    const body = () => codeBody([["main.py", nested(2)]]);
    const first = await postStream(s, `/ai/problems/${p.id}/complexity`, body());
    const second = await postStream(s, `/ai/problems/${p.id}/complexity`, body());
    expect(first.events.some((e) => e.event === "result")).toBe(true);
    expect(second.events.find((e) => e.event === "result")?.data).toContain("Shown again for the same code");
    expect(provider.received.length).toBe(1);
  });

  test("an invalid reply is repaired once by asking again with what was wrong", async () => {
    const { problem: p } = await problem();
    const s = await student();
    provider.script(
      { text: "Sure! The complexity is O(n^2) {not json" },
      { text: analysisJson({ time: "O(n)" }) },
    );
    const answer = await postStream(s, `/ai/problems/${p.id}/complexity`, codeBody([["main.py", nested(3)]]));
    expect(answer.events.find((e) => e.event === "result")?.data).toContain("ai-o-on");
    expect(provider.received.length).toBe(2);
    const repair = provider.received[1]!.messages;
    expect(repair.at(-2)).toEqual({ role: "assistant", content: "Sure! The complexity is O(n^2) {not json" });
    expect(repair.at(-1)!.content).toContain("not valid JSON");
  });

  test("a reply that stays invalid (wrong shape) is reported clearly after one repair", async () => {
    const { problem: p } = await problem();
    const s = await student();
    provider.script(
      { text: JSON.stringify({ time: "O(n)" }) },
      { text: JSON.stringify({ complexity: "linear" }) },
    );
    const answer = await postStream(s, `/ai/problems/${p.id}/complexity`, codeBody([["main.py", nested(4)]]));
    const error = answer.events.find((e) => e.event === "error")?.data ?? "";
    expect(error).toContain("could not be read as an analysis, even after asking again");
    expect(provider.received.length).toBe(2);
    expect(answer.events.some((e) => e.event === "result")).toBe(false);
  });

  test("a server without json_schema gets JSON mode instead", async () => {
    const { problem: p } = await problem();
    const s = await student();
    provider.noJsonSchema = true;
    provider.script({ text: analysisJson({ time: "O(log n)" }) });
    const answer = await postStream(s, `/ai/problems/${p.id}/complexity`, codeBody([["main.py", nested(5)]]));
    expect(answer.events.find((e) => e.event === "result")?.data).toContain("ai-o-ologn");
    expect(provider.received.map((r) => r.response_format?.type)).toEqual(["json_schema", "json_object"]);
  });

  test("without the page script: a plain form post analyses the saved code and shows a page", async () => {
    const { problem: p } = await problem();
    const s = await student();
    provider.script({ text: analysisJson({ time: "O(1)" }) });
    const res = await s.post(`/ai/problems/${p.id}/complexity`, {});
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("ai-badge ai-o-o1");
    expect(provider.received[0]!.messages[1]!.content).toContain("a, b = map(int, input().split())"); // the starter code
  });

  test("the provider's 500 is reported with its status and message; nothing is cached", async () => {
    const { problem: p } = await problem();
    const s = await student();
    provider.script({ status: 500, message: "model crashed" });
    const answer = await postStream(s, `/ai/problems/${p.id}/complexity`, codeBody([["main.py", nested(6)]]));
    expect(answer.events.find((e) => e.event === "error")?.data).toContain("HTTP 500: model crashed");
    expect(countRows(t, "ai_complexity_cache")).toBeGreaterThanOrEqual(0);
    const usage = t.ctx.sqlite
      .query<{ outcome: string }, []>("SELECT outcome FROM ai_usage ORDER BY id DESC LIMIT 1")
      .get();
    expect(usage?.outcome).toBe("error");
  });
});

describe("switches and limits", () => {
  test("off for the section: refused with the reason, and the page says why instead of showing the button", async () => {
    const { problem: p } = await problem();
    const s = await student();
    await setSectionAi(teacher, section.id, { complexity: false, tutor: true });
    const answer = await postStream(
      s,
      `/ai/problems/${p.id}/complexity`,
      codeBody([["main.py", "print(1)\n"]]),
    );
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("AI Analysis is turned off for this section");
    const page = await (await s.get(`/problems/${p.id}`)).text();
    expect(page).not.toContain("data-ai-analyze");
    expect(page).toContain("AI Analysis is turned off for this section");
    expect(page).toContain("data-ai-tutor"); // the tutor is still on
    expect(provider.received.length).toBe(0);
  });

  test("off for one task (an exam): refused there, allowed in another task of the section", async () => {
    const exam = await problem({ title: "Exam" });
    const homework = await problem({ title: "Homework" });
    const save = await teacher.post(`/ai/tasks/${exam.task.id}/settings`, { tutor: "on" }); // complexity unticked
    expect(save.status).toBe(303);
    const s = await student();
    provider.script({ text: analysisJson() });
    const refused = await postStream(
      s,
      `/ai/problems/${exam.problem.id}/complexity`,
      codeBody([["main.py", "x = 1\n"]]),
    );
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("turned off for this task");
    const fine = await postStream(
      s,
      `/ai/problems/${homework.problem.id}/complexity`,
      codeBody([["main.py", "x = 1\n"]]),
    );
    expect(fine.events.some((e) => e.event === "result")).toBe(true);
    expect(provider.received.length).toBe(1);
  });

  test("a student's daily limit of the section: the next request is refused until the next day", async () => {
    await setSectionAi(teacher, section.id, { dailyLimit: 2 });
    const { problem: p } = await problem();
    const s = await student();
    provider.fallback = () => ({ text: analysisJson() });
    for (const i of [1, 2]) {
      const ok = await postStream(
        s,
        `/ai/problems/${p.id}/complexity`,
        codeBody([["main.py", `limit = ${i}\n`]]),
      );
      expect(ok.events.some((e) => e.event === "result")).toBe(true);
    }
    const third = await postStream(
      s,
      `/ai/problems/${p.id}/complexity`,
      codeBody([["main.py", "limit = 3\n"]]),
    );
    expect(third.events.find((e) => e.event === "error")?.data).toContain(
      "used your 2 AI requests for today",
    );
    // Another student of the section has their own count.
    const other = await student();
    const theirs = await postStream(
      other,
      `/ai/problems/${p.id}/complexity`,
      codeBody([["main.py", "limit = 4\n"]]),
    );
    expect(theirs.events.some((e) => e.event === "result")).toBe(true);
    expect(provider.received.length).toBe(3);
    t.clock.advance(24 * 3600_000);
    const tomorrow = await postStream(
      s,
      `/ai/problems/${p.id}/complexity`,
      codeBody([["main.py", "limit = 5\n"]]),
    );
    expect(tomorrow.events.some((e) => e.event === "result")).toBe(true);
  });

  test("the admin's global daily limit stops everyone", async () => {
    const { problem: p } = await problem();
    const s = await student();
    const today = await countToday(t.ctx.db, t.clock.now());
    expect((await admin.post("/ai/admin", { dailyLimit: String(today + 1) })).status).toBe(303);
    provider.script({ text: analysisJson() });
    const last = await postStream(s, `/ai/problems/${p.id}/complexity`, codeBody([["main.py", "y = 1\n"]]));
    expect(last.events.some((e) => e.event === "result")).toBe(true);
    const refused = await postStream(
      s,
      `/ai/problems/${p.id}/complexity`,
      codeBody([["main.py", "y = 2\n"]]),
    );
    expect(refused.events.find((e) => e.event === "error")?.data).toContain(
      "The school's AI requests for today are used up",
    );
    expect(provider.received.length).toBe(1);
    await admin.post("/ai/admin", {}); // back to the environment's limit
  });
});

describe("who may ask", () => {
  test("a student of another section, another teacher and a signed-out visitor are refused", async () => {
    const { problem: p } = await problem();
    const otherTeacher = await createTeacher(t, admin, `cxt${++n}`);
    const otherSection = await createSection(t, otherTeacher, "Other class");
    const outsider = await student(otherSection.code);
    const body = () => codeBody([["main.py", "print(1)\n"]]);
    const ask = () => codeBody([["main.py", "print(1)\n"]], "main.py", { question: "hi" });
    for (const c of [outsider, otherTeacher]) {
      expect((await postStream(c, `/ai/problems/${p.id}/complexity`, body())).status).toBe(404);
      expect((await postStream(c, `/ai/problems/${p.id}/tutor`, ask())).status).toBe(404);
      expect((await c.post(`/ai/problems/${p.id}/tutor/clear`)).status).toBe(404);
    }
    const anonymous = new Client(t);
    for (const path of [
      `/ai/problems/${p.id}/complexity`,
      `/ai/problems/${p.id}/tutor`,
      "/ai/playground/tutor",
      "/ai/playground/complexity",
    ]) {
      const res = await anonymous.request(path, { method: "POST", body: ask() });
      expect([302, 303, 401]).toContain(res.status);
    }
    expect(provider.received.length).toBe(0);
  });

  test("bad input is a clear 400 and reaches no provider", async () => {
    const { problem: p } = await problem();
    const s = await student();
    const answer = await postStream(
      s,
      `/ai/problems/${p.id}/complexity`,
      codeBody([["../evil.py", "x"]], "../evil.py"),
    );
    expect(answer.status).toBe(400);
    expect(provider.received.length).toBe(0);
  });
});
