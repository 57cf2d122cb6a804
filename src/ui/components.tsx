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

interface FieldProps {
  label: string;
  name: string;
  /** Defaults to f-NAME; pass one when two forms on a page share field names. */
  id?: string;
  type?: string;
  value?: string | number | null;
  hint?: Child;
  required?: boolean;
  autocomplete?: string;
  autofocus?: boolean;
  maxlength?: number;
  minlength?: number;
  pattern?: string;
  placeholder?: string;
}

export const Field: FC<FieldProps> = (p) => {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value ?? undefined}
        required={p.required}
        autocomplete={p.autocomplete}
        autofocus={p.autofocus}
        maxlength={p.maxlength}
        minlength={p.minlength}
        pattern={p.pattern}
        placeholder={p.placeholder}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
      />
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
};

export const TextArea: FC<Omit<FieldProps, "type"> & { rows?: number }> = (p) => {
  const id = `f-${p.name}`;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <textarea id={id} name={p.name} rows={p.rows ?? 4} maxlength={p.maxlength} placeholder={p.placeholder}>
        {p.value ?? ""}
      </textarea>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
    </div>
  );
};

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

export const Badge: FC<
  PropsWithChildren<{ tone?: "neutral" | "accent" | "success" | "warning" | "danger" }>
> = (p) => <span class={`badge badge-${p.tone ?? "neutral"}`}>{p.children}</span>;

/** The colour of a score: green at full marks, red at zero, amber in between. */
export function scoreTone(score: number | null, max: number | null): "success" | "warning" | "danger" {
  if (score !== null && max !== null && score >= max) return "success";
  return score ? "warning" : "danger";
}

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
