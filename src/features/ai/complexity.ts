// "AI Analysis": worst-case time and space complexity of the student's code, an explanation, and
// findings tied to lines. The reply must be JSON (json_schema where the provider has it, JSON mode
// otherwise), checked with zod; an invalid reply is repaired once by asking again. Results are
// cached by a hash of the code and the model, so pressing the button twice costs one request.
import { createHash } from "node:crypto";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import type { User } from "../../db/schema.ts";
import type { JobFile } from "../../sandbox/index.ts";
import { type AiPermission, reserve } from "./access.ts";
import { AiError } from "./client.ts";
import { recordUsage, setUsageOutcome } from "./usage.ts";

export const analysisSchema = z.object({
  time: z.string().trim().min(1).max(60),
  space: z.string().trim().min(1).max(60),
  explanation: z.string().trim().min(1).max(3000),
  findings: z
    .array(
      z.object({
        file: z.string().max(200).nullable().optional(),
        line: z.number().int().min(1),
        endLine: z.number().int().min(1).nullable().optional(),
        note: z.string().trim().min(1).max(600),
      }),
    )
    .max(30),
});

export type Analysis = z.infer<typeof analysisSchema>;

/** The same shape for the provider (strict structured outputs: every field required). */
export const ANALYSIS_JSON_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["time", "space", "explanation", "findings"],
  properties: {
    time: { type: "string", description: "Worst-case time complexity in Big-O, e.g. O(n log n)" },
    space: { type: "string", description: "Worst-case extra space in Big-O" },
    explanation: { type: "string", description: "One paragraph for a student" },
    findings: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["file", "line", "endLine", "note"],
        properties: {
          file: { type: ["string", "null"] },
          line: { type: "integer" },
          endLine: { type: ["integer", "null"] },
          note: { type: "string" },
        },
      },
    },
  },
} as const;

const SYSTEM = `You analyse the algorithmic complexity of Python code written by a student.
Answer with one JSON object only, no prose around it, with these fields:
- "time": the worst-case time complexity in Big-O notation, e.g. "O(n log n)"; say what n is in the explanation
- "space": the worst-case extra space in Big-O notation
- "explanation": one short paragraph a beginner understands
- "findings": a list of {"file", "line", "endLine", "note"}: the lines that decide the complexity (loops,
  nested loops, recursion, costly operations such as list.index or "in" on a list inside a loop), with a
  short note each; "line" and "endLine" are the numbers shown before each line, "file" is the file name.
Do not rewrite the code and do not give a solution to any exercise.`;

/** The files with their line numbers, as the model must cite them. */
export function numberedCode(files: JobFile[]): string {
  return files
    .map((f) => {
      const lines = f.content.split("\n").map((l, i) => `${String(i + 1).padStart(4)} | ${l}`);
      return `File ${f.name}:\n${lines.join("\n")}`;
    })
    .join("\n\n");
}

export function codeHash(files: JobFile[], main: string): string {
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  return createHash("sha256")
    .update(JSON.stringify({ main, files: sorted }))
    .digest("hex");
}

/** The reply as an Analysis, or the reason it is not one (for the repair request). */
export function parseAnalysis(
  text: string,
): { ok: true; analysis: Analysis } | { ok: false; problem: string } {
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/```\s*$/, "")
    .trim();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return { ok: false, problem: `it is not valid JSON (${(err as Error).message})` };
  }
  const parsed = analysisSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `field ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    };
  }
  return { ok: true, analysis: parsed.data };
}

export type AnalysisResult =
  | { ok: true; analysis: Analysis; cached: boolean }
  | { ok: false; message: string };

export interface AnalysisInput {
  user: User;
  permission: Extract<AiPermission, { allowed: true }>;
  files: JobFile[];
  main: string;
  onQueue?: (position: number) => void;
  signal?: AbortSignal;
}

async function cached(ctx: AppContext, hash: string, model: string): Promise<Analysis | null> {
  const row = await ctx.db
    .selectFrom("ai_complexity_cache")
    .select("result")
    .where("code_hash", "=", hash)
    .where("model", "=", model)
    .executeTakeFirst();
  if (!row) return null;
  const parsed = analysisSchema.safeParse(JSON.parse(row.result));
  return parsed.success ? parsed.data : null;
}

async function store(ctx: AppContext, hash: string, model: string, analysis: Analysis): Promise<void> {
  const result = JSON.stringify(analysis);
  await ctx.db
    .insertInto("ai_complexity_cache")
    .values({ code_hash: hash, model, result, created_at: ctx.clock.now() })
    .onConflict((oc) => oc.columns(["code_hash", "model"]).doUpdateSet({ result }))
    .execute();
}

export async function analyseComplexity(ctx: AppContext, input: AnalysisInput): Promise<AnalysisResult> {
  const { user, permission } = input;
  const model = (await ctx.ai.settings()).complexity.model;
  const hash = codeHash(input.files, input.main);
  const hit = await cached(ctx, hash, model);
  const usage = { userId: user.id, sectionId: permission.sectionId, problemId: permission.problemId, model };
  if (hit) {
    await recordUsage(
      ctx.db,
      { ...usage, feature: "complexity", tokensIn: 0, tokensOut: 0, latencyMs: 0, outcome: "cached" },
      ctx.clock.now(),
    );
    return { ok: true, analysis: hit, cached: true };
  }
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: SYSTEM },
    { role: "user", content: numberedCode(input.files) },
  ];
  let problem = "";
  for (let attempt = 0; attempt < 2; attempt++) {
    const reservation = await reserve(ctx, user, "complexity", permission, model);
    if (!reservation.ok) return { ok: false, message: reservation.reason };
    try {
      const answer = await ctx.ai.complete({
        feature: "complexity",
        ...usage,
        usageId: reservation.usageId,
        messages,
        json: { name: "complexity_analysis", schema: ANALYSIS_JSON_SCHEMA },
        onQueue: input.onQueue,
        signal: input.signal,
      });
      const parsed = parseAnalysis(answer.text);
      if (parsed.ok) {
        await store(ctx, hash, model, parsed.analysis);
        return { ok: true, analysis: parsed.analysis, cached: false };
      }
      await setUsageOutcome(ctx.db, reservation.usageId, "invalid");
      problem = parsed.problem;
      // The repair: the model sees its own reply and what is wrong with it, once.
      messages.push(
        { role: "assistant", content: answer.text.slice(0, 8000) },
        {
          role: "user",
          content: `That reply cannot be used: ${problem}. Reply again with only the JSON object described above.`,
        },
      );
    } catch (err) {
      if (err instanceof AiError) return { ok: false, message: err.message };
      throw err;
    }
  }
  return {
    ok: false,
    message: `The AI's answer could not be read as an analysis, even after asking again (${problem}). Try again later.`,
  };
}
