// Form controls every form shares: text, number, select and code fields, checkboxes, radio choices,
// a titled section of a form and the buttons under it. A field's id is f-NAME unless given, its hint
// (when it has one) is f-NAME-hint and named by aria-describedby, so a screen reader reads the hint
// with the control. Tests and scripts find controls by these labels and names: keep them stable.
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import { SubmitButton } from "./buttons.tsx";
import { Card } from "./components.tsx";
import type { IconName } from "./icons.tsx";

type TextKeys<V> = { [K in keyof V]-?: V[K] extends string | undefined ? K : never }[keyof V] & string;

/**
 * Names a form's fields once: `field("title")` is the name and the value the form was rendered with
 * (what was saved, or what was typed when it comes back with an error), `check("published")` the name
 * and whether the box is ticked ("on"). <Field label="Title" {...field("title")} required />
 */
export function bindValues<V extends object>(values: V) {
  const text = (name: TextKeys<V>) => values[name] as string | undefined;
  return {
    field: (name: TextKeys<V>) => ({ name, value: text(name) }),
    check: (name: TextKeys<V>) => ({ name, checked: text(name) === "on" }),
  };
}

const hintId = (id: string, hint: Child | undefined) => (hint ? `${id}-hint` : undefined);

/** `base`, plus `extra` when there is one: class lists with an optional modifier. */
const classes = (base: string, extra?: string) => (extra ? `${base} ${extra}` : base);

const Hint: FC<{ id: string; hint?: Child }> = ({ id, hint }) =>
  hint ? (
    <p class="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;

/** The frame of every field: its label, the control (the children) and the hint below it. */
export const FieldFrame: FC<PropsWithChildren<{ id: string; label: Child; hint?: Child }>> = (p) => (
  <div class="field">
    <label for={p.id}>{p.label}</label>
    {p.children}
    <Hint id={p.id} hint={p.hint} />
  </div>
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
  accept?: string;
}

/** A one-line input: text unless `type` says otherwise. */
export const Field: FC<
  FieldProps & { min?: number; max?: number; step?: number | "any"; inputmode?: "decimal" }
> = ({ label, hint, id: given, type, value, ...input }) => {
  const id = given ?? `f-${input.name}`;
  return (
    <FieldFrame id={id} label={label} hint={hint}>
      <input
        id={id}
        type={type ?? "text"}
        value={value ?? undefined}
        {...input}
        aria-describedby={hintId(id, hint)}
      />
    </FieldFrame>
  );
};

/** A number with optional bounds; any step unless given, and a decimal keypad on phones. */
export const NumberField: FC<
  Pick<FieldProps, "label" | "name" | "hint" | "required" | "placeholder"> & {
    value?: string;
    min?: number;
    max?: number;
    step?: number | "any";
  }
> = (p) => <Field {...p} type="number" inputmode="decimal" value={p.value ?? ""} step={p.step ?? "any"} />;

export const TextArea: FC<
  Omit<FieldProps, "type" | "value"> & {
    value?: string;
    rows?: number;
    class?: string;
    spellcheck?: boolean;
  }
> = ({ label, hint, id: given, value, rows, ...area }) => {
  const id = given ?? `f-${area.name}`;
  return (
    <FieldFrame id={id} label={label} hint={hint}>
      <textarea id={id} rows={rows ?? 4} {...area} aria-describedby={hintId(id, hint)}>
        {value ?? ""}
      </textarea>
    </FieldFrame>
  );
};

/** A monospace textarea (code, test input and output): no spellcheck, tabs kept. */
export const CodeField: FC<Omit<Parameters<typeof TextArea>[0], "class" | "spellcheck">> = (p) => (
  <TextArea {...p} rows={p.rows ?? 6} class="code-input" spellcheck={false} autocomplete="off" />
);

interface Option {
  value: string;
  label: string;
}

/** A select. `value` marks the chosen option; `first` is a leading option worth "" ("All tasks"). */
export const SelectField: FC<{
  label: string;
  name: string;
  id?: string;
  options: readonly Option[];
  value?: string;
  first?: string;
  hint?: Child;
  required?: boolean;
}> = (p) => {
  const id = p.id ?? `f-${p.name}`;
  return (
    <FieldFrame id={id} label={p.label} hint={p.hint}>
      <select id={id} name={p.name} required={p.required} aria-describedby={hintId(id, p.hint)}>
        {p.first === undefined ? null : <option value="">{p.first}</option>}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
};

export const CheckField: FC<{ name: string; label: string; checked: boolean; hint?: Child }> = (p) => (
  <div class="check-field">
    <label class="check">
      <input
        type="checkbox"
        name={p.name}
        checked={p.checked}
        aria-describedby={hintId(`f-${p.name}`, p.hint)}
      />
      {p.label}
    </label>
    <Hint id={`f-${p.name}`} hint={p.hint} />
  </div>
);

interface Choice extends Option {
  hint: string;
}

/** Radio buttons, one per choice, each with a line that explains it. */
export const ChoiceGroup: FC<{
  legend: string;
  name: string;
  choices: readonly Choice[];
  value: string;
  class?: string;
}> = (p) => (
  <fieldset class={classes("choice-group", p.class)}>
    <legend>{p.legend}</legend>
    {p.choices.map((c) => (
      <label class="choice">
        <input type="radio" name={p.name} value={c.value} checked={p.value === c.value} />
        <span>
          <strong>{c.label}</strong>
          <span class="muted">{c.hint}</span>
        </span>
      </label>
    ))}
  </fieldset>
);

/** A titled part of a long form: a card whose fields stack. */
export const FormSection: FC<PropsWithChildren<{ title?: string }>> = (p) => (
  <Card title={p.title}>
    <div class="stack">{p.children}</div>
  </Card>
);

/**
 * The buttons under a form: the submit button (its label is the children) and, with `cancel`, a
 * Cancel link back. `op` names the submit button (op=VALUE) for forms with several buttons.
 */
export const FormActions: FC<
  PropsWithChildren<{ cancel?: string; class?: string; op?: string; icon?: IconName }>
> = (p) => (
  <div class={classes("actions", p.class)}>
    <SubmitButton op={p.op} icon={p.icon}>
      {p.children}
    </SubmitButton>
    {p.cancel ? (
      <a class="btn btn-ghost" href={p.cancel}>
        Cancel
      </a>
    ) : null}
  </div>
);
