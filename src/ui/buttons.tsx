// Buttons and links that look like buttons: submit buttons, one-button POST forms (no script needed),
// the arrows that reorder a list, and links named for their row.
import type { FC, PropsWithChildren } from "hono/jsx";
import { Icon, type IconName } from "./icons.tsx";

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
const MoveButton: FC<{ base: string; dir: "up" | "down"; label: string; disabled: boolean }> = (p) => (
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
