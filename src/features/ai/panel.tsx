// What the AI panel of a page shows for this viewer: the features they may use (or why not), their
// conversation and the requests they have left today. Called by the problem page and the playground.
import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { type AiPlace, featureAllowed } from "./access.ts";
import { selectConversation } from "./conversations.ts";
import { renderReply } from "./reply-markdown.ts";
import { notConfiguredReason } from "./settings.ts";
import { countToday } from "./usage.ts";
import { AiPanel, type FeatureState } from "./views/panels.tsx";

const state = (p: Awaited<ReturnType<typeof featureAllowed>>): FeatureState =>
  p.allowed ? { allowed: true } : { allowed: false, reason: p.reason };

/** The rendered panel for a page (one line when AI help is not available here). */
export async function aiPanelFor(c: Context<AppEnv>, place: AiPlace, mainFile: string) {
  const { ctx } = c.var;
  const user = currentUser(c);
  const settings = await ctx.ai.settings();
  const base = place.kind === "problem" ? `/ai/problems/${place.problem.id}` : "/ai/playground";
  if (!settings.configured) {
    return (
      <AiPanel
        base={base}
        mainFile={mainFile}
        unavailable={notConfiguredReason(settings)}
        complexity={{ allowed: false, reason: "" }}
        tutor={{ allowed: false, reason: "" }}
        conversation={[]}
        left={null}
        guarded={false}
      />
    );
  }
  const complexity = await featureAllowed(ctx, user, "complexity", place);
  const tutor = await featureAllowed(ctx, user, "tutor", place);
  if (!complexity.allowed && !tutor.allowed) {
    const reason =
      complexity.reason === tutor.reason ? complexity.reason : `${complexity.reason} ${tutor.reason}`;
    return (
      <AiPanel
        base={base}
        mainFile={mainFile}
        unavailable={reason}
        complexity={state(complexity)}
        tutor={state(tutor)}
        conversation={[]}
        left={null}
        guarded={false}
      />
    );
  }
  const problemId = place.kind === "problem" ? place.problem.id : null;
  const messages = tutor.allowed ? await selectConversation(ctx.db, user.id, problemId) : [];
  const limit = tutor.allowed ? tutor.dailyLimit : complexity.allowed ? complexity.dailyLimit : null;
  const left =
    limit === null ? null : Math.max(0, limit - (await countToday(ctx.db, ctx.clock.now(), user.id)));
  return (
    <AiPanel
      base={base}
      mainFile={mainFile}
      complexity={state(complexity)}
      tutor={state(tutor)}
      conversation={messages.map((m) => ({
        role: m.role,
        text: m.role === "user" ? m.content : undefined,
        html: m.role === "assistant" ? renderReply(m.content) : undefined,
        withheld: m.withheld === 1,
      }))}
      left={left}
      guarded={place.kind === "problem"}
    />
  );
}
