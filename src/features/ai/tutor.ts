// The tutor: a student's question, with the exercise, their current files and their last run of
// the visible tests as context, answered in a live stream. Never in the context: hidden tests, the
// reference solution, anyone else's code. The student's words go in user messages only. On a
// problem, text is held back from the first code on, until the leak guard has run that code.
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { AppContext } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import type { Problem, TestCase } from "../../db/tables/problems.ts";
import { selectTests } from "../../models/problem.ts";
import type { JobFile } from "../../sandbox/index.ts";
import { type AiPermission, reserve } from "./access.ts";
import { AiError } from "./client.ts";
import { insertLeak, insertMessage, selectHistory, selectVisibleRun } from "./conversations.ts";
import { checkReply, codeCandidates, codeStartsAt } from "./leak-guard.ts";
import { renderReply } from "./reply-markdown.ts";
import { setUsageOutcome } from "./usage.ts";

export const TUTOR_SYSTEM = `You are a patient programming tutor in a Python class.
Help the student learn with Socratic, step-by-step hints: ask a guiding question, explain the idea they
need, point at the line or the concept that needs attention. Explain and point; do not solve.
Never write the solution, a corrected version of their program, or code that would pass the exercise,
not even in parts. A tiny example about a different problem is fine when it explains a concept.
Keep replies short (at most about 150 words) and use Markdown.`;

const HINT_ONLY = `Your previous answer contained code that solves the exercise, so the student did not see it.
Answer the student's last question again WITHOUT any code at all: explain the idea, point at what in
their own code needs attention, and end with a guiding question.`;

export const WITHHELD_MESSAGE =
  "I can't show that answer: it would have solved the exercise for you. Ask me about one step instead, for example what a particular line of your code does, or why a test fails.";

export interface TutorEvents {
  queued(position: number): Promise<void> | void;
  started(): Promise<void> | void;
  /** The visible part of the reply so far, as sanitized HTML. */
  text(html: string): Promise<void> | void;
  /** The rest of the reply holds code, which is being run against the tests. */
  checking(): Promise<void> | void;
  /** The reply was withheld; a new one follows. */
  restart(): Promise<void> | void;
}

export interface TutorInput {
  user: User;
  permission: Extract<AiPermission, { allowed: true }>;
  /** The problem asked about, or null in the playground. */
  problem: Problem | null;
  question: string;
  files: JobFile[];
  main: string;
  signal?: AbortSignal;
}

export type TutorResult =
  | { ok: true; html: string; withheld: boolean; messageId: number }
  | { ok: false; message: string };

function codeBlock(files: JobFile[]): string {
  return files.map((f) => `File ${f.name}:\n\`\`\`python\n${f.content}\n\`\`\``).join("\n\n");
}

function exercise(problem: Problem): string {
  const signature =
    problem.kind === "function"
      ? `Write a function ${problem.function_name}(${(JSON.parse(problem.function_params) as string[]).join(", ")}).`
      : "The program reads its input with input() and prints the answer.";
  return `\n\nThe exercise the student is working on, "${problem.title}":\n${signature}\n\n${problem.statement}`;
}

/** What the model receives. Exported for the tests, which check what is (and is not) in it. */
export async function tutorMessages(
  ctx: AppContext,
  input: TutorInput,
): Promise<ChatCompletionMessageParam[]> {
  const { problem, user } = input;
  const system = problem
    ? TUTOR_SYSTEM + exercise(problem)
    : `${TUTOR_SYSTEM}\n\nThe student is in their own playground.`;
  const history = await selectHistory(ctx.db, user.id, problem?.id ?? null);
  const run = problem ? await selectVisibleRun(ctx.db, user.id, problem.id) : null;
  const context = [
    `My current code:\n\n${codeBlock(input.files)}`,
    problem ? `My last run of the visible tests:\n${run ?? "(I have not run the tests yet.)"}` : "",
    `My question: ${input.question}`,
  ]
    .filter(Boolean)
    .join("\n\n");
  return [
    { role: "system", content: system },
    ...history.map((m): ChatCompletionMessageParam => ({ role: m.role, content: m.content })),
    { role: "user", content: context },
  ];
}

const RENDER_EVERY_MS = 50;

/**
 * Lets the pending socket writes go out. Bun sends a stream's written bytes only when the event loop
 * reaches its timers and I/O; setImmediate runs before that, so the first piece would still wait
 * for the work that follows (the usage row, the final render). A zero timer waits for the flush.
 */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** One streamed reply; the visible part stops at the first code when `holdBack`. */
async function streamReply(
  ctx: AppContext,
  input: TutorInput,
  messages: ChatCompletionMessageParam[],
  events: TutorEvents,
  usageId: number | undefined,
  holdBack: boolean,
): Promise<{ text: string; usageId: number }> {
  let text = "";
  let shown = "";
  let lastRender = 0;
  let held = false;
  const answer = await ctx.ai.stream(
    {
      feature: "tutor",
      userId: input.user.id,
      sectionId: input.permission.sectionId,
      problemId: input.permission.problemId,
      messages,
      usageId,
      onQueue: (p) => void events.queued(p),
      onStart: () => void events.started(),
      signal: input.signal,
    },
    async (delta) => {
      text += delta;
      const cut = holdBack ? codeStartsAt(text) : -1;
      const visible = cut === -1 ? text : text.slice(0, cut);
      if (cut !== -1 && !held) {
        held = true;
        if (visible !== shown) await events.text(renderReply(visible));
        shown = visible;
        await events.checking();
      }
      const now = performance.now();
      if (visible !== shown && (now - lastRender >= RENDER_EVERY_MS || lastRender === 0)) {
        const first = lastRender === 0;
        lastRender = now;
        shown = visible;
        await events.text(renderReply(visible));
        // A provider often sends a burst of chunks in one read; without a turn of the event loop
        // the first piece would reach the student only after the whole burst is handled.
        if (first) await nextTurn();
      }
    },
  );
  return { text: answer.text, usageId: answer.usageId };
}

/**
 * The tests the leak guard runs: the visible ones when there are any. Whether a reply is withheld
 * (and how long the check takes) is seen by the student, so a hidden test must not decide it, or a
 * student could have the tutor echo programs that probe the hidden inputs, one bit per request. A
 * solution passes the visible tests too. Only a problem without visible tests uses its hidden ones.
 */
function guardTests(tests: TestCase[]): TestCase[] {
  const visible = tests.filter((t) => t.hidden === 0);
  return visible.length > 0 ? visible : tests;
}

export async function askTutor(
  ctx: AppContext,
  input: TutorInput,
  events: TutorEvents,
): Promise<TutorResult> {
  const { user, problem } = input;
  const model = (await ctx.ai.settings()).tutor.model;
  const reservation = await reserve(ctx, user, "tutor", input.permission, model);
  if (!reservation.ok) return { ok: false, message: reservation.reason };
  const messages = await tutorMessages(ctx, input);
  await insertMessage(
    ctx.db,
    { userId: user.id, problemId: problem?.id ?? null, role: "user", content: input.question },
    ctx.clock.now(),
  );
  const tests = guardTests(problem ? await selectTests(ctx.db, problem.id) : []);
  const guarded = problem !== null && tests.length > 0;
  let usageId = reservation.usageId;
  let final = "";
  let withheld = false;
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await streamReply(ctx, input, messages, events, usageId, guarded);
      if (!guarded || codeCandidates(reply.text).length === 0) {
        final = reply.text;
        break;
      }
      const verdict = await checkReply(
        {
          sandbox: ctx.sandbox,
          problem: problem!,
          tests,
          files: input.files,
          main: input.main,
          userKey: `user:${user.id}`,
        },
        reply.text,
      );
      if (!verdict.leak) {
        final = reply.text;
        break;
      }
      withheld = true;
      await setUsageOutcome(ctx.db, reply.usageId, "withheld");
      // The hint-only retry is a request like any other: within the daily limits, or not at all.
      const retry = attempt === 0 ? await reserve(ctx, user, "tutor", input.permission, model) : null;
      await insertLeak(ctx.db, {
        user_id: user.id,
        problem_id: problem!.id,
        reply: reply.text,
        tests_passed: verdict.passed,
        tests_total: verdict.total,
        student_passed: verdict.studentPassed,
        replaced_by: retry?.ok ? "hint-only retry" : "message",
        created_at: ctx.clock.now(),
      });
      final = WITHHELD_MESSAGE;
      if (!retry?.ok) break;
      usageId = retry.usageId;
      await events.restart();
      messages.push({ role: "system", content: HINT_ONLY });
    }
  } catch (err) {
    if (err instanceof AiError) return { ok: false, message: err.message };
    throw err;
  }
  const messageId = await insertMessage(
    ctx.db,
    { userId: user.id, problemId: problem?.id ?? null, role: "assistant", content: final, withheld },
    ctx.clock.now(),
  );
  return { ok: true, html: renderReply(final), withheld, messageId };
}
