// Assessment grades as gradebook columns: one column per published assessment, each student's grade
// by the assessment's grading method. The assessments feature fills these in (the analytics layer
// imports no feature); the gradebook table and its exports only read them.

export interface AssessmentCell {
  score: number;
  max: number;
  /** An essay of a counted attempt still waits for the teacher's mark. */
  provisional: boolean;
}

export interface AssessmentColumn {
  id: number;
  title: string;
  /** Marks available, from the submitted attempts; null while nobody has submitted. */
  max: number | null;
  method: string;
  /** Students with a submitted attempt; the rest have nothing graded yet. */
  cells: Map<number, AssessmentCell>;
  /** Students with an attempt still open (shown as "in progress" while ungraded). */
  open: Set<number>;
}

const METHOD_LABELS: Record<string, string> = {
  highest: "highest attempt",
  average: "average of attempts",
  first: "first attempt",
  last: "last attempt",
};

/** "highest attempt", "average of attempts"...: which attempts the grade comes from. */
export const methodLabel = (method: string) => METHOD_LABELS[method] ?? method;

export const assessmentHeader = (a: AssessmentColumn) =>
  `Assessment: ${a.title}${a.max === null ? "" : ` (${a.max})`}`;

/** An export cell: the grade as a number, text when it waits for an essay mark, empty when ungraded. */
export function assessmentExportValue(a: AssessmentColumn, userId: number): number | string | null {
  const cell = a.cells.get(userId);
  if (!cell) return null;
  return cell.provisional ? `${cell.score} (essay to mark)` : cell.score;
}
