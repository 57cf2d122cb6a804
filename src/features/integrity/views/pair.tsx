// Two submissions side by side: the matching fragments marked in the same colour on both sides, the
// per-metric numbers above. The page script turns both panes into read-only CodeMirror views with
// the same marks and synchronized scrolling; without it the marked text is shown as is.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import type { Task } from "../../../db/tables/problems.ts";
import { asset } from "../../../http/static.ts";
import { Badge, Card, PageHeader } from "../../../ui/components.tsx";
import type { Mark } from "../similarity/fragments.ts";
import type { PairRow } from "../similarity/results.ts";
import { pct } from "./similarity.tsx";

export const MATCH_COLOURS = 8;

/** The text with its marks as <mark> elements (overlaps clipped: a later mark starts after an earlier). */
const MarkedText: FC<{ text: string; marks: Mark[] }> = ({ text, marks }) => {
  const parts: (string | ReturnType<FC>)[] = [];
  let at = 0;
  for (const m of [...marks].sort((a, b) => a.from - b.from)) {
    const from = Math.max(m.from, at);
    if (m.to <= from) continue;
    if (from > at) parts.push(text.slice(at, from));
    parts.push(<mark class={`sim-m${m.match % MATCH_COLOURS}`}>{text.slice(from, m.to)}</mark>);
    at = m.to;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
};

const Side: FC<{
  name: string;
  href: string;
  text: string;
  marks: Mark[];
  side: "left" | "right";
  historical?: boolean;
}> = (p) => (
  <Card
    class="sim-side flush"
    title={p.name}
    actions={
      <span>
        {p.historical ? <Badge>earlier term</Badge> : null} <a href={p.href}>Submission</a>
      </span>
    }
  >
    <section class="sim-scroll ro-code" data-sim-side={p.side} tabindex={0} aria-label={`Code of ${p.name}`}>
      <pre class="sim-code">
        <MarkedText text={p.text} marks={p.marks} />
      </pre>
    </section>
  </Card>
);

export interface PairPageProps {
  section: Section;
  task: Task;
  backUrl: string;
  pair: PairRow;
  left: { text: string; marks: Mark[] };
  right: { text: string; marks: Mark[] };
}

/** The data the page script needs, as JSON that cannot close the script element. */
export const jsonScript = (value: unknown) => raw(JSON.stringify(value).replace(/</g, "\\u003c"));

export const PairPage: FC<PairPageProps & { nonce?: string }> = (p) => (
  <>
    <p class="breadcrumb">
      <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
      <a href={`/manage/tasks/${p.task.id}`}>{p.task.title}</a> / <a href={p.backUrl}>Similarity</a> / Side by
      side
    </p>
    <PageHeader
      title={`${p.pair.a_name} and ${p.pair.b_name}`}
      subtitle={`${p.pair.problem_title}: matching fragments have the same colour on both sides.`}
    />
    <dl class="sim-figures" aria-label="Similarity figures">
      <div>
        <dt>Similarity (Dolos)</dt>
        <dd>{pct(p.pair.similarity)}</dd>
      </div>
      <div>
        <dt>Token Jaccard</dt>
        <dd>{pct(p.pair.jaccard)}</dd>
      </div>
      <div>
        <dt>Structure</dt>
        <dd>{pct(p.pair.structure)}</dd>
      </div>
      <div>
        <dt>Plain text</dt>
        <dd>{pct(p.pair.text)}</dd>
      </div>
      <div>
        <dt>Longest shared run</dt>
        <dd>{p.pair.longest} fingerprints</dd>
      </div>
    </dl>
    <label class="check sim-sync">
      <input type="checkbox" checked data-sim-sync />
      Scroll both sides together
    </label>
    <div class="sim-sides" data-sim-compare>
      <Side
        name={p.pair.a_name}
        href={`/submissions/${p.pair.a_submission_id}`}
        text={p.left.text}
        marks={p.left.marks}
        side="left"
      />
      <Side
        name={p.pair.b_name}
        href={`/submissions/${p.pair.b_submission_id}`}
        text={p.right.text}
        marks={p.right.marks}
        side="right"
        historical={p.pair.historical === 1}
      />
    </div>
    <script type="application/json" id="sim-data" data-nonce={p.nonce}>
      {jsonScript({ left: p.left, right: p.right })}
    </script>
    <script src={asset("dist/integrity.js")} defer />
  </>
);
