// Form controls the authoring pages share beyond views/components/ui.tsx: numbers with bounds,
// checkboxes with a hint, monospace text areas for code and test data.
import type { Child, FC } from "hono/jsx";

export const NumberField: FC<{
  label: string;
  name: string;
  value?: string;
  min?: number;
  max?: number;
  step?: number | "any";
  hint?: Child;
  required?: boolean;
  placeholder?: string;
}> = (p) => {
  const id = `f-${p.name}`;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type="number"
        inputmode="decimal"
        value={p.value ?? ""}
        min={p.min}
        max={p.max}
        step={p.step ?? "any"}
        required={p.required}
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

export const CheckField: FC<{ name: string; label: string; checked: boolean; hint?: Child }> = (p) => (
  <div class="check-field">
    <label class="check">
      <input
        type="checkbox"
        name={p.name}
        checked={p.checked}
        aria-describedby={p.hint ? `f-${p.name}-hint` : undefined}
      />
      {p.label}
    </label>
    {p.hint ? (
      <p class="hint" id={`f-${p.name}-hint`}>
        {p.hint}
      </p>
    ) : null}
  </div>
);

/** A monospace textarea (code, test input and output): no spellcheck, tabs kept. */
export const CodeField: FC<{
  label: Child;
  name: string;
  id?: string;
  value?: string;
  rows?: number;
  hint?: Child;
  placeholder?: string;
}> = (p) => {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 6}
        class="code-input"
        spellcheck={false}
        autocomplete="off"
        placeholder={p.placeholder}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
      >
        {p.value ?? ""}
      </textarea>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
};
