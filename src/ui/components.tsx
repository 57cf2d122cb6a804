// Building blocks every page shares, so headers, cards, alerts, badges, empty states and breadcrumbs look
// the same everywhere. Form fields are in fields.tsx, buttons in buttons.tsx, tables in table.tsx.
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

export const EmptyState: FC<PropsWithChildren<{ icon: IconName; title: string }>> = (p) => (
  <div class="empty">
    <Icon name={p.icon} size={32} />
    <p class="empty-title">{p.title}</p>
    <div class="muted">{p.children}</div>
  </div>
);

/**
 * A flush card around a list or table of `items`; `empty` stands in its place while there are none.
 * `counted` adds how many to the title ("Tasks (3)"); `actions` sit in the card's head (an add button).
 */
export const ListCard: FC<
  PropsWithChildren<{
    items: readonly unknown[];
    empty: Child;
    title?: string;
    counted?: boolean;
    actions?: Child;
  }>
> = (p) => (
  <Card
    title={p.title && p.counted ? `${p.title} (${p.items.length})` : p.title}
    class="flush"
    actions={p.actions}
  >
    {p.items.length === 0 ? p.empty : p.children}
  </Card>
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
