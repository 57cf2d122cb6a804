// The switch on class dashboards and analytics: remedial work is left out by default (it is not the
// whole class's), and one link puts it in (remedial=1 in the query) or takes it out again.
import type { FC } from "hono/jsx";

export const RemedialSwitch: FC<{ href: string; included: boolean }> = (p) => {
  const url = new URL(p.href);
  if (p.included) url.searchParams.delete("remedial");
  else url.searchParams.set("remedial", "1");
  return (
    <p class="remedial-switch muted">
      {p.included ? "Remedial work is included." : "Remedial work (for chosen students) is left out."}{" "}
      <a href={`${url.pathname}${url.search}`} role="switch" aria-checked={p.included ? "true" : "false"}>
        {p.included ? "Leave it out" : "Include remedial work"}
      </a>
    </p>
  );
};
