// "Who sees this": everyone in the section, or (remedial) only the ticked students. The student list
// shows once Remedial is ticked (CSS :has(), no script needed); without CSS it is simply always there.
import type { FC } from "hono/jsx";
import { CheckField } from "../../../ui/fields.tsx";

export interface TargetStudent {
  id: number;
  display_name: string;
  username: string;
}

export const TargetingFieldset: FC<{
  students: readonly TargetStudent[];
  /** Form values: remedial "on" or "", assignees a comma-separated list of user ids. */
  values: Record<string, string | undefined>;
  what: string;
}> = (p) => {
  const chosen = new Set((p.values.assignees ?? "").split(",").filter(Boolean).map(Number));
  return (
    <fieldset class="targeting">
      <legend>Who sees this {p.what}</legend>
      <CheckField
        name="remedial"
        label="Remedial: only the students chosen below"
        checked={p.values.remedial === "on"}
        hint="Other students of the section never see it: not in lists, dashboards, leaderboards or exports."
      />
      <div class="targeting-students">
        {p.students.length === 0 ? (
          <p class="muted">No students are enrolled in this section yet.</p>
        ) : (
          <fieldset class="targeting-grid">
            <legend class="sr-only">Students to assign</legend>
            {p.students.map((s) => (
              <label class="check">
                <input type="checkbox" name="assignees" value={String(s.id)} checked={chosen.has(s.id)} />
                <span>
                  {s.display_name} <span class="muted">{s.username}</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
      </div>
    </fieldset>
  );
};

/**
 * The student grid alone, for forms that choose between clearing, keeping or choosing targeting
 * (the clone forms): it shows once "choose" is picked (CSS :has(), always there without CSS).
 */
export const ChooseStudents: FC<{ students: readonly TargetStudent[]; chosen: string }> = (p) => {
  const chosen = new Set(p.chosen.split(",").filter(Boolean).map(Number));
  return (
    <div class="targeting-choose">
      {p.students.length === 0 ? (
        <p class="muted">No students are enrolled in this section yet.</p>
      ) : (
        <fieldset class="targeting-grid">
          <legend class="sr-only">Students to assign</legend>
          {p.students.map((s) => (
            <label class="check">
              <input type="checkbox" name="assignees" value={String(s.id)} checked={chosen.has(s.id)} />
              <span>
                {s.display_name} <span class="muted">{s.username}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
};
