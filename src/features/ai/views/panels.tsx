// The AI help beside an editor (problem page and playground): "AI Analysis" and the tutor chat.
// Only what the viewer may use is shown; otherwise one line says why. The controls post the
// editor's current files (src/client/ai/panels.ts) and read the answer as a server-sent stream.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import { asset } from "../../../http/static.ts";
import { Icon } from "../../../ui/icons.tsx";

export interface ShownMessage {
  role: "user" | "assistant";
  /** Sanitized HTML for replies; the student's own text is escaped by JSX. */
  html?: string;
  text?: string;
  withheld: boolean;
}

export type FeatureState = { allowed: true } | { allowed: false; reason: string };

export interface AiPanelProps {
  /** "/ai/problems/12" or "/ai/playground" */
  base: string;
  mainFile: string;
  /** Set when AI help is not available at all here: the one line shown instead. */
  unavailable?: string;
  complexity: FeatureState;
  tutor: FeatureState;
  conversation: ShownMessage[];
  /** The student's requests left today (null: no limit of theirs). */
  left: number | null;
  guarded: boolean;
}

export const AiStyles: FC = () => <link rel="stylesheet" href={asset("css/ai.css")} />;

export const Bubble: FC<{ m: ShownMessage }> = ({ m }) => (
  <li class={`ai-msg ai-msg-${m.role}`}>
    <span class="sr-only">{m.role === "user" ? "You:" : "Tutor:"}</span>
    {m.role === "user" ? (
      <div class="ai-msg-body">{m.text}</div>
    ) : (
      <div class="ai-msg-body ai-md">{raw(m.html ?? "")}</div>
    )}
    {m.withheld ? (
      <p class="ai-msg-note muted">
        A first answer was held back because its code would have solved the exercise.
      </p>
    ) : null}
  </li>
);

const AnalysisCard: FC<{ p: AiPanelProps }> = ({ p }) => (
  <section class="card ai-card" aria-labelledby="ai-analysis-title">
    <div class="card-head">
      <h2 id="ai-analysis-title">AI Analysis</h2>
    </div>
    {p.complexity.allowed ? (
      <form method="post" action={`${p.base}/complexity`} data-ai-analyze class="ai-analyze-form">
        <p class="muted">Worst-case time and space of your code, and the lines that decide it.</p>
        <button type="submit" class="btn btn-secondary">
          <Icon name="gauge" size={16} />
          Analyse complexity
        </button>
        <p class="ai-status muted" data-ai-status role="status" aria-live="polite" />
        <div data-ai-analysis-output />
      </form>
    ) : (
      <p class="muted">{p.complexity.reason}</p>
    )}
  </section>
);

const TutorCard: FC<{ p: AiPanelProps }> = ({ p }) => (
  <section class="card ai-card ai-tutor" aria-labelledby="ai-tutor-title">
    <div class="card-head">
      <h2 id="ai-tutor-title">Tutor</h2>
      {p.tutor.allowed ? (
        <form
          method="post"
          action={`${p.base}/tutor/clear`}
          data-ai-clear
          hidden={p.conversation.length === 0}
        >
          <button type="submit" class="btn btn-ghost btn-sm">
            <Icon name="eraser" size={16} />
            Clear
          </button>
        </form>
      ) : null}
    </div>
    {p.tutor.allowed ? (
      <>
        <ol class="ai-log" data-ai-log aria-live="polite" aria-label="Conversation with the tutor">
          {p.conversation.map((m) => (
            <Bubble m={m} />
          ))}
        </ol>
        {p.conversation.length === 0 ? (
          <p class="muted ai-empty" data-ai-empty>
            Stuck? Ask in your own words. The tutor sees the exercise, your code
            {p.guarded ? " and your last test run" : ""}, and answers with hints, not solutions.
          </p>
        ) : null}
        <form method="post" action={`${p.base}/tutor`} data-ai-tutor class="ai-ask">
          <label for="ai-question" class="sr-only">
            Your question for the tutor
          </label>
          <textarea
            id="ai-question"
            name="question"
            rows={2}
            maxlength={2000}
            required
            placeholder="Why does my loop stop too early?"
          />
          <div class="ai-ask-row">
            <p class="ai-status muted" data-ai-status role="status" aria-live="polite">
              {p.left !== null ? `${p.left} AI requests left today.` : ""}
            </p>
            <button type="submit" class="btn btn-primary">
              Ask
            </button>
          </div>
        </form>
        <p class="muted ai-note">
          Clearing hides the conversation from you; your teacher can still read it.
          {p.guarded
            ? " Code in a reply is tested first: a reply that would solve the exercise is held back."
            : ""}
        </p>
      </>
    ) : (
      <p class="muted">{p.tutor.reason}</p>
    )}
  </section>
);

export const AiPanel: FC<AiPanelProps> = (p) => {
  if (p.unavailable) {
    return (
      <p class="muted hint mt ai-unavailable" data-ai-unavailable>
        <Icon name="info" size={16} /> {p.unavailable}
      </p>
    );
  }
  return (
    <div class="ai-panel" data-ai-panel data-main-file={p.mainFile}>
      <AiStyles />
      <AnalysisCard p={p} />
      <TutorCard p={p} />
    </div>
  );
};
