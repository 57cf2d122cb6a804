// An analysis as colour-coded badges (time and space), the explanation, and findings that jump to
// their line in the editor (src/client/ai/panels.ts handles the buttons).
import type { FC } from "hono/jsx";
import { complexityTone } from "../badges.ts";
import type { Analysis } from "../complexity.ts";

export const ComplexityBadge: FC<{ label: string; value: string }> = (p) => (
  <span class={`ai-badge ai-o-${complexityTone(p.value)}`}>
    <span class="ai-badge-label">{p.label}</span>
    <span class="ai-badge-value">{p.value}</span>
  </span>
);

const lines = (f: Analysis["findings"][number]) =>
  f.endLine && f.endLine !== f.line ? `Lines ${f.line}–${f.endLine}` : `Line ${f.line}`;

export const AnalysisView: FC<{ analysis: Analysis; cached: boolean; mainFile: string }> = (p) => (
  <div class="ai-analysis" data-ai-result>
    <div class="ai-badges">
      <ComplexityBadge label="Time" value={p.analysis.time} />
      <ComplexityBadge label="Space" value={p.analysis.space} />
    </div>
    <p class="ai-explanation">{p.analysis.explanation}</p>
    {p.analysis.findings.length > 0 ? (
      <ul class="ai-findings">
        {p.analysis.findings.map((f) => (
          <li>
            <button
              type="button"
              class="ai-finding"
              data-ai-goto
              data-file={f.file ?? p.mainFile}
              data-line={String(f.line)}
              title="Show this line in the editor"
            >
              {lines(f)}
              {f.file && f.file !== p.mainFile ? ` of ${f.file}` : ""}
            </button>
            <span>{f.note}</span>
          </li>
        ))}
      </ul>
    ) : null}
    <p class="muted ai-note">
      {p.cached ? "Shown again for the same code (no new request). " : ""}An AI's estimate: check it against
      your own reasoning.
    </p>
  </div>
);
