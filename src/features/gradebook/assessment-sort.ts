// Sorting the gradebook by a quiz or exam column (`a<id>`): by the grade in percent, students
// without a grade last whichever the direction, ties by name, exactly like the problem columns.
import type { AssessmentColumn } from "../../analytics/assessment-columns.ts";
import type { GradeStudent, SortDir } from "../../analytics/grades.ts";

export function sortByAssessment(
  students: GradeStudent[],
  columns: readonly AssessmentColumn[],
  key: string,
  dir: SortDir,
): GradeStudent[] {
  const column = columns.find((a) => `a${a.id}` === key);
  const value = (s: GradeStudent): number | null => {
    const g = column?.cells.get(s.id);
    return g ? (g.max > 0 ? g.score / g.max : 0) : null;
  };
  const sign = dir === "asc" ? 1 : -1;
  const byName = (a: GradeStudent, b: GradeStudent) =>
    a.displayName.localeCompare(b.displayName) || a.id - b.id;
  return students.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return (va - vb) * sign || byName(a, b);
  });
}
