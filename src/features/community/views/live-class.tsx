// The live class view: a grid of a section's students for one problem (their editor code as they
// type, last test run, last submission, online state), and one student's code large, read along live.
import type { FC } from "hono/jsx";
import { timeAgo } from "../../../lib/format.ts";
import { Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { Avatar } from "../../profiles/avatar.tsx";
import { CodeBlock } from "../highlight.tsx";
import type { StudentCard } from "../live-class/live-class-model.ts";

export interface PickerProblem {
  id: number;
  title: string;
  task_title: string;
}

const Online: FC<{ online: boolean }> = ({ online }) => (
  <span class={`presence ${online ? "on" : "off"}`}>{online ? "online" : "offline"}</span>
);

const Results: FC<{ card: StudentCard; now: number }> = ({ card, now }) => (
  <div class="live-results">
    {card.lastRun ? (
      <span class={`live-result ${card.lastRun.passed === card.lastRun.total ? "good" : "bad"}`}>
        Tests {card.lastRun.passed}/{card.lastRun.total} · {timeAgo(card.lastRun.at, now)}
      </span>
    ) : (
      <span class="muted">No test run yet</span>
    )}
    {card.lastSubmission ? (
      <span class="live-result">
        Submitted:{" "}
        {card.lastSubmission.status === "graded"
          ? `${card.lastSubmission.score ?? 0}/${card.lastSubmission.max ?? "?"}`
          : card.lastSubmission.status}
      </span>
    ) : null}
  </div>
);

const mainCode = (card: StudentCard) =>
  (card.files.find((f) => f.name === card.main) ?? card.files[0])?.content ?? "";

/** One student's card; `oob` makes it a live patch that replaces the card on the page. */
export const LiveCard: FC<{ card: StudentCard; href: string; now: number; oob?: boolean }> = ({
  card,
  href,
  now,
  oob,
}) => (
  <article
    class="live-card"
    id={`live-card-${card.id}`}
    hx-swap-oob={oob ? "true" : undefined}
    aria-label={card.name}
  >
    <header class="live-card-head">
      <Avatar userId={card.id} name={card.name} zoom={false} />
      <a href={href} class="live-card-name">
        {card.name}
      </a>
      <Online online={card.online} />
    </header>
    {/* The name's link covers the whole card (CSS), so a click anywhere reads along. */}
    <div class="live-card-code">
      <CodeBlock code={mainCode(card)} preview />
    </div>
    <footer class="live-card-foot">
      <Results card={card} now={now} />
      <small class="muted">{card.savedAt ? `typed ${timeAgo(card.savedAt, now)}` : "not started"}</small>
    </footer>
  </article>
);

export const LiveClassPage: FC<{
  section: { id: number; name: string };
  problems: PickerProblem[];
  problemId: number | null;
  cards: StudentCard[];
  now: number;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href="/sections">Sections</a> / <a href={`/sections/${p.section.id}`}>{p.section.name}</a> / Live
      class view
    </p>
    <PageHeader title="Live class view" subtitle="Your students' code for one problem, as they type." />
    <form method="get" action={`/sections/${p.section.id}/live-class`} class="toolbar mb">
      <label for="live-problem">Problem</label>
      <select id="live-problem" name="problem">
        {p.problemId === null ? <option value="">Choose a problem…</option> : null}
        {p.problems.map((pr) => (
          <option value={String(pr.id)} selected={pr.id === p.problemId}>
            {pr.task_title} · {pr.title}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-secondary">
        Show
      </button>
    </form>
    {p.problemId === null ? (
      <EmptyState icon="grid" title="Choose a problem">
        <p>Pick the problem your class is working on to see everyone's code live.</p>
      </EmptyState>
    ) : p.cards.length === 0 ? (
      <EmptyState icon="users" title="No students yet">
        <p>Students appear here once they join the section.</p>
      </EmptyState>
    ) : (
      <>
        <p class="muted live-legend">
          {p.cards.filter((c) => c.online).length} of {p.cards.length} online · updates as they type · click a
          card to read along
        </p>
        <div class="live-grid">
          {p.cards.map((card) => (
            <LiveCard
              card={card}
              href={`/sections/${p.section.id}/live-class/students/${card.id}?problem=${p.problemId}`}
              now={p.now}
            />
          ))}
        </div>
      </>
    )}
  </>
);

/** One student's whole code, large; `oob` replaces it live. */
export const ReadAlong: FC<{ card: StudentCard; now: number; oob?: boolean }> = ({ card, now, oob }) => (
  <div id={`read-along-${card.id}`} class="stack" hx-swap-oob={oob ? "true" : undefined}>
    <div class="read-along-status">
      <Online online={card.online} />
      <Results card={card} now={now} />
      <small class="muted">
        {card.savedAt ? `last typed ${timeAgo(card.savedAt, now)}` : "not started yet"}
      </small>
    </div>
    {card.files.map((f) => (
      <Card title={f.name === card.main ? `${f.name} (main)` : f.name}>
        <CodeBlock code={f.content} label={`${card.name}'s ${f.name}`} />
      </Card>
    ))}
  </div>
);

export const ReadAlongPage: FC<{
  section: { id: number; name: string };
  problem: { id: number; title: string };
  card: StudentCard;
  now: number;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
      <a href={`/sections/${p.section.id}/live-class?problem=${p.problem.id}`}>Live class view</a> /{" "}
      {p.card.name}
    </p>
    <PageHeader
      title={p.card.name}
      subtitle={
        <span class="with-avatar">
          <Avatar userId={p.card.id} name={p.card.name} /> {p.problem.title} · read along live
        </span>
      }
    />
    <ReadAlong card={p.card} now={p.now} />
  </>
);
