// Tables: a scrolling, labelled box and a table with one heading row, so every list of rows reads the
// same way to a screen reader (headings, numbers right-aligned, a row's buttons under a named column).
import type { Child, FC, PropsWithChildren } from "hono/jsx";

/**
 * A table that scrolls sideways when it is wider than the screen. It is a named, focusable region, so
 * keyboard users can scroll it with the arrow keys too (WCAG 2.1.1; axe: scrollable-region-focusable).
 */
export const TableWrap: FC<PropsWithChildren<{ label: string; class?: string }>> = (p) => (
  <section class={p.class ? `table-wrap ${p.class}` : "table-wrap"} aria-label={p.label} tabindex={0}>
    {p.children}
  </section>
);

/** A table column: `num` right-aligns it, `hidden` keeps its heading for screen readers only. */
type Column = string | { label: string; num?: boolean; hidden?: boolean };

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
