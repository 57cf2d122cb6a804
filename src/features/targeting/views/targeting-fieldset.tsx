// "Who sees this": everyone in the section, or (remedial) only the ticked students. The student list
// shows once Remedial is ticked (CSS :has(), no script needed); without CSS it is simply always there.
import type { FC } from "hono/jsx";
import { CheckField } from "../../../ui/fields.tsx";

export interface TargetStudent {
  id: number;
  display_name: string;
  username: string;
}

/** The ticked-students grid (or why there is none); `chosen` is a comma-separated list of user ids. */
const StudentGrid: FC<{ students: readonly TargetStudent[]; chosen: string }> = (p) => {
  const chosen = new Set(p.chosen.split(",").filter(Boolean).map(Number));
  if (p.students.length === 0) return <p class="muted">No students are enrolled in this section yet.</p>;
  return (
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
  );
};

export const TargetingFieldset: FC<{
  students: readonly TargetStudent[];
  /** Form values: remedial "on" or "", assignees a comma-separated list of user ids. */
  values: Record<string, string | undefined>;
  what: string;
}> = (p) => (
  <fieldset class="targeting">
    <legend>Who sees this {p.what}</legend>
    <CheckField
      name="remedial"
      label="Remedial: only the students chosen below"
      checked={p.values.remedial === "on"}
      hint="Other students of the section never see it: not in lists, dashboards, leaderboards or exports."
    />
    <div class="targeting-students">
      <StudentGrid students={p.students} chosen={p.values.assignees ?? ""} />
    </div>
  </fieldset>
);

/**
 * The student grid alone, for forms that choose between clearing, keeping or choosing targeting
 * (the clone forms): it shows once "choose" is picked (CSS :has(), always there without CSS).
 */
export const ChooseStudents: FC<{ students: readonly TargetStudent[]; chosen: string }> = (p) => (
  <div class="targeting-choose">
    <StudentGrid students={p.students} chosen={p.chosen} />
  </div>
);
