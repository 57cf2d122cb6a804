// Building blocks every page shares, so forms, cards and tables look the same everywhere.
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import { Icon, type IconName } from "./icons.tsx";

export const PageHeader: FC<PropsWithChildren<{ title: string; subtitle?: Child; actions?: Child }>> = (
  p,
) => (
  <header class="page-header">
    <div>
      <h1>{p.title}</h1>
      {p.subtitle ? <p class="muted">{p.subtitle}</p> : null}
    </div>
    {p.actions ? <div class="actions">{p.actions}</div> : null}
  </header>
);

export const Card: FC<PropsWithChildren<{ title?: string; class?: string; actions?: Child }>> = (p) => (
  <section class={`card ${p.class ?? ""}`}>
    {p.title || p.actions ? (
      <div class="card-head">
        {p.title ? <h2>{p.title}</h2> : <span />}
        {p.actions}
      </div>
    ) : null}
    {p.children}
  </section>
);

/** A form-level error, announced to screen readers. */
export const FormError: FC<{ message?: string | null }> = ({ message }) =>
  message ? (
    <div class="alert alert-error" role="alert">
      <Icon name="alert" />
      <span>{message}</span>
    </div>
  ) : null;

export const Alert: FC<PropsWithChildren<{ kind: "success" | "error" | "info" | "warning" }>> = (p) => {
  const icon: IconName = p.kind === "success" ? "check" : p.kind === "info" ? "info" : "alert";
  return (
    <div class={`alert alert-${p.kind}`} role={p.kind === "error" ? "alert" : "status"}>
      <Icon name={icon} />
      <div>{p.children}</div>
    </div>
  );
};

/**
 * A table that scrolls sideways when it is wider than the screen. It is a named, focusable region, so
 * keyboard users can scroll it with the arrow keys too (WCAG 2.1.1; axe: scrollable-region-focusable).
 */
export const TableWrap: FC<PropsWithChildren<{ label: string; class?: string }>> = (p) => (
  <section class={p.class ? `table-wrap ${p.class}` : "table-wrap"} aria-label={p.label} tabindex={0}>
    {p.children}
  </section>
);

export const EmptyState: FC<PropsWithChildren<{ icon: IconName; title: string }>> = (p) => (
  <div class="empty">
    <Icon name={p.icon} size={32} />
    <p class="empty-title">{p.title}</p>
    <div class="muted">{p.children}</div>
  </div>
);

/** An empty state in a card of its own, where a page has nothing to list. */
export const EmptyCard: FC<PropsWithChildren<{ icon: IconName; title: string }>> = (p) => (
  <div class="card">
    <EmptyState icon={p.icon} title={p.title}>
      {p.children}
    </EmptyState>
  </div>
);

export const Badge: FC<
  PropsWithChildren<{ tone?: "neutral" | "accent" | "success" | "warning" | "danger" }>
> = (p) => <span class={`badge badge-${p.tone ?? "neutral"}`}>{p.children}</span>;

/** The colour of a score: green at full marks, red at zero, amber in between. */
export function scoreTone(score: number | null, max: number | null): "success" | "warning" | "danger" {
  if (score !== null && max !== null && score >= max) return "success";
  return score ? "warning" : "danger";
}

/** A submit button, with an icon before its label when given; `op` sends op=VALUE with the form. */
export const SubmitButton: FC<
  PropsWithChildren<{
    tone?: "primary" | "secondary" | "ghost";
    small?: boolean;
    icon?: IconName;
    op?: string;
  }>
> = (p) => (
  <button
    type="submit"
    name={p.op ? "op" : undefined}
    value={p.op}
    class={`btn btn-${p.tone ?? "primary"}${p.small ? " btn-sm" : ""}`}
  >
    {p.icon ? <Icon name={p.icon} size={16} /> : null}
    {p.children}
  </button>
);

/** A POST form with one button: the plain-HTML way to do an action, no JS needed. */
export const ActionButton: FC<
  PropsWithChildren<{
    action: string;
    tone?: "primary" | "secondary" | "danger";
    confirm?: string;
    small?: boolean;
  }>
> = (p) => (
  <form method="post" action={p.action} class="inline" data-confirm={p.confirm}>
    <button type="submit" class={`btn btn-${p.tone ?? "secondary"}${p.small ? " btn-sm" : ""}`}>
      {p.children}
    </button>
  </form>
);

/** An up or down arrow that reorders a row: posts to `${base}/move/up|down`. */
export const MoveButton: FC<{ base: string; dir: "up" | "down"; label: string; disabled: boolean }> = (p) => (
  <form method="post" action={`${p.base}/move/${p.dir}`} class="inline">
    <button
      type="submit"
      class="btn btn-ghost btn-sm btn-icon"
      disabled={p.disabled}
      aria-label={`Move ${p.label} ${p.dir}`}
      title={`Move ${p.dir}`}
    >
      <span aria-hidden="true">{p.dir === "up" ? "↑" : "↓"}</span>
    </button>
  </form>
);

/** The up and down arrows of row `index` of `count` in an ordered list. */
export const MoveButtons: FC<{ base: string; label: string; index: number; count: number }> = (p) => (
  <>
    <MoveButton base={p.base} dir="up" label={p.label} disabled={p.index === 0} />
    <MoveButton base={p.base} dir="down" label={p.label} disabled={p.index === p.count - 1} />
  </>
);

/**
 * A link that looks like a button. `more` follows the visible text for screen readers only, so
 * each row's "Edit" is named for its row ("Edit test small").
 */
export const LinkButton: FC<
  PropsWithChildren<{
    href: string;
    tone?: "primary" | "secondary" | "ghost";
    small?: boolean;
    icon?: IconName;
    more?: string;
    download?: boolean;
  }>
> = (p) => (
  <a
    class={`btn btn-${p.tone ?? "secondary"}${p.small ? " btn-sm" : ""}`}
    href={p.href}
    download={p.download}
  >
    {p.icon ? <Icon name={p.icon} size={16} /> : null}
    {p.children}
    {p.more ? <span class="sr-only"> {p.more}</span> : null}
  </a>
);

/** One step up a breadcrumb trail. */
export type Crumb = readonly [href: string, label: string];

/** Where a page sits: the links up the trail, then the page itself (the children). */
export const Breadcrumb: FC<PropsWithChildren<{ trail: readonly Crumb[] }>> = (p) => (
  <p class="breadcrumb">
    {p.trail.map(([href, label]) => (
      <>
        <a href={href}>{label}</a>
        {" / "}
      </>
    ))}
    {p.children}
  </p>
);

/** A table column: `num` right-aligns it, `hidden` keeps its heading for screen readers only. */
export type Column = string | { label: string; num?: boolean; hidden?: boolean };

/** A column of numbers, right-aligned. */
export const numCol = (label: string): Column => ({ label, num: true });

/** A column whose heading only screen readers read (a row's buttons). */
export const hiddenCol = (label: string): Column => ({ label, hidden: true });

const Heading: FC<{ column: Column }> = ({ column: c }) =>
  typeof c === "string" ? (
    <th>{c}</th>
  ) : (
    <th class={c.num ? "num" : undefined}>{c.hidden ? <span class="sr-only">{c.label}</span> : c.label}</th>
  );

/**
 * A table with one heading row; its rows are the children. With `label` it is a named, focusable
 * TableWrap; without one, a plain scrolling box. `head` is put before the columns (a select-all box).
 */
export const DataTable: FC<
  PropsWithChildren<{ columns: Column[]; label?: string; class?: string; bodyId?: string; head?: Child }>
> = (p) => {
  const table = (
    <table class={p.class}>
      <thead>
        <tr>
          {p.head}
          {p.columns.map((c) => (
            <Heading column={c} />
          ))}
        </tr>
      </thead>
      <tbody id={p.bodyId}>{p.children}</tbody>
    </table>
  );
  return p.label ? <TableWrap label={p.label}>{table}</TableWrap> : <div class="table-wrap">{table}</div>;
};
