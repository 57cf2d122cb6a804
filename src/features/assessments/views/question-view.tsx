// One question as a student answers it and as it is reviewed. What a review shows is exactly what
// `show` allows (review.ts): without `answer` no right answer, without `correct` no right/wrong mark,
// without `feedback` no per-answer feedback, so a page cannot leak what its phase hides.

import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import { fmt } from "../../../lib/format.ts";
import { renderMarkdown } from "../../../lib/markdown.ts";
import type { ImportedQuestion } from "../formats/types.ts";
import {
  type Layout,
  matchChoices,
  matchPrompts,
  type Response,
  responseFeedback,
  rightAnswer,
} from "../grading.ts";
import type { Show } from "../review.ts";

/** Question text in its format: Markdown (and Moodle's own), HTML (sanitized) or plain text. */
export const QuestionText: FC<{ text: string; format: number; class?: string }> = (p) =>
  p.format === 2 ? (
    <div class={`prose ${p.class ?? ""}`}>
      <p>{p.text}</p>
    </div>
  ) : (
    <div class={`prose ${p.class ?? ""}`}>{raw(renderMarkdown(p.text))}</div>
  );

/** A short answer or a choice's text, as inline prose. */
const Inline: FC<{ text: string; format: number }> = (p) =>
  p.format === 2 ? (
    <span>{p.text}</span>
  ) : (
    <span class="inline-prose">{raw(renderMarkdown(p.text).replace(/^<p>|<\/p>\n?$/g, ""))}</span>
  );

export interface ItemView {
  id: number;
  partId: number | null;
  number: number;
  question: ImportedQuestion;
  layout: Layout;
  response: Response | null;
  maxMark: number;
  fraction: number | null;
  score: number | null;
  teacherFeedback: string;
}

const chosen = (r: Response | null): number[] =>
  !r ? [] : "choice" in r ? [r.choice] : "choices" in r ? r.choices : [];

function stateOf(fraction: number | null): { label: string; tone: string } {
  if (fraction === null) return { label: "Waiting for a teacher's mark", tone: "neutral" };
  if (fraction >= 1) return { label: "Correct", tone: "success" };
  if (fraction > 0) return { label: "Partly correct", tone: "warning" };
  return { label: "Incorrect", tone: "danger" };
}

// A choice's value is its position as shown, never its index in the question: teachers often write the
// right answer first, and the page must not say which one that was. The server maps positions back.
const Choices: FC<{ item: ItemView; disabled: boolean }> = ({ item, disabled }) => {
  const q = item.question;
  const picked = new Set(chosen(item.response));
  const name = `q${item.id}`;
  const single = q.single === 1;
  return (
    <fieldset class="answer-choices">
      <legend class="sr-only">Answers to question {item.number}</legend>
      {single ? null : <input type="hidden" name={`present_${item.id}`} value="1" />}
      {item.layout.order.map((i, k) => (
        <label class="choice-line">
          <input
            type={single ? "radio" : "checkbox"}
            name={name}
            value={String(k)}
            checked={picked.has(i)}
            disabled={disabled}
          />
          <span class="choice-letter" aria-hidden="true">
            {String.fromCharCode(97 + k)}.
          </span>
          <Inline text={q.answer?.[i] ?? ""} format={q.questiontextformat} />
        </label>
      ))}
    </fieldset>
  );
};

const TrueFalse: FC<{ item: ItemView; disabled: boolean }> = ({ item, disabled }) => {
  const r = item.response;
  const value = r && "value" in r ? r.value : null;
  return (
    <fieldset class="answer-choices">
      <legend class="sr-only">Answer to question {item.number}</legend>
      {[
        ["1", "True", value === true],
        ["0", "False", value === false],
      ].map(([v, label, on]) => (
        <label class="choice-line">
          <input
            type="radio"
            name={`q${item.id}`}
            value={v as string}
            checked={on as boolean}
            disabled={disabled}
          />
          <span>{label}</span>
        </label>
      ))}
    </fieldset>
  );
};

const TextAnswer: FC<{ item: ItemView; disabled: boolean }> = ({ item, disabled }) => {
  const r = item.response;
  const text = r && "text" in r ? r.text : "";
  const id = `answer-${item.id}`;
  const essay = item.question.qtype === "essay";
  return (
    <div class="field">
      <label for={id}>{essay ? "Your answer" : "Answer"}</label>
      {essay ? (
        <textarea id={id} name={`q${item.id}`} rows={8} maxlength={20000} disabled={disabled}>
          {text}
        </textarea>
      ) : (
        <input
          id={id}
          type="text"
          name={`q${item.id}`}
          value={text}
          maxlength={500}
          autocomplete="off"
          inputmode={item.question.qtype === "numerical" ? "decimal" : undefined}
          disabled={disabled}
        />
      )}
    </div>
  );
};

const Matching: FC<{ item: ItemView; disabled: boolean }> = ({ item, disabled }) => {
  const q = item.question;
  const prompts = matchPrompts(q);
  const choices = matchChoices(q);
  const r = item.response;
  const pairs = r && "pairs" in r ? r.pairs : [];
  return (
    <div class="match-list">
      <input type="hidden" name={`present_${item.id}`} value="1" />
      {item.layout.order.map((p) => {
        const k = prompts.indexOf(p);
        const id = `match-${item.id}-${k}`;
        return (
          <div class="match-row">
            <label for={id}>
              <Inline text={q.subquestions?.[p] ?? ""} format={q.questiontextformat} />
            </label>
            <select id={id} name={`q${item.id}_${k}`} disabled={disabled}>
              <option value="">Choose…</option>
              {(item.layout.choices ?? choices.map((_, i) => i)).map((c, shown) => (
                <option value={String(shown)} selected={pairs[k] === c}>
                  {choices[c]}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </div>
  );
};

export const AnswerInputs: FC<{ item: ItemView; disabled: boolean }> = ({ item, disabled }) => {
  switch (item.question.qtype) {
    case "multichoice":
      return <Choices item={item} disabled={disabled} />;
    case "truefalse":
      return <TrueFalse item={item} disabled={disabled} />;
    case "match":
      return <Matching item={item} disabled={disabled} />;
    case "description":
      return null;
    default:
      return <TextAnswer item={item} disabled={disabled} />;
  }
};

/** The review of one item: only what `show` allows. */
export const ReviewNotes: FC<{ item: ItemView; show: Record<Show, boolean> }> = ({ item, show }) => {
  const q = item.question;
  if (q.qtype === "description") return null;
  const state = stateOf(item.fraction);
  const feedback = show.feedback ? responseFeedback(q, item.response) : [];
  const right = show.answer ? rightAnswer(q) : "";
  return (
    <div class="review-notes">
      {show.correct ? <span class={`badge badge-${state.tone}`}>{state.label}</span> : null}
      {show.marks ? (
        <span class="muted">
          {item.score === null ? "Not marked yet" : `Mark ${fmt(item.score)} out of ${fmt(item.maxMark)}`}
        </span>
      ) : null}
      {feedback.map((f) => (
        <div class="feedback">
          <QuestionText text={f} format={q.questiontextformat} />
        </div>
      ))}
      {show.feedback && item.teacherFeedback ? (
        <div class="feedback">
          <strong>Teacher's comment:</strong> <span>{item.teacherFeedback}</span>
        </div>
      ) : null}
      {right ? (
        <p class="right-answer">
          <strong>The right answer:</strong> {right}
        </p>
      ) : null}
      {show.general && q.generalfeedback ? (
        <div class="feedback general">
          <QuestionText text={q.generalfeedback} format={q.questiontextformat} />
        </div>
      ) : null}
    </div>
  );
};

/** A numbered question card: its text, its inputs (or the saved answer, disabled) and any review notes. */
export const QuestionCard: FC<{
  item: ItemView;
  disabled: boolean;
  show: Record<Show, boolean> | null;
}> = ({ item, disabled, show }) => (
  <section class="card question-card" id={`item-${item.id}`} aria-labelledby={`item-${item.id}-title`}>
    <div class="question-head">
      <h2 id={`item-${item.id}-title`}>
        {item.question.qtype === "description" ? "Information" : `Question ${item.number}`}
      </h2>
      {item.question.qtype === "description" ? null : (
        <span class="muted">
          {fmt(item.maxMark)} mark{item.maxMark === 1 ? "" : "s"}
        </span>
      )}
    </div>
    <QuestionText text={item.question.questiontext} format={item.question.questiontextformat} />
    <AnswerInputs item={item} disabled={disabled} />
    {show ? <ReviewNotes item={item} show={show} /> : null}
  </section>
);
