// For the submission page (solve feature): how this submission's score went to the LMS gradebook.
import type { Db } from "../../db/connection.ts";
import { selectSubmissionOutbox } from "./lti/outbox.ts";
import { SubmissionDelivery } from "./views/section-lms.tsx";

/** The submission's LMS delivery card for its teachers, or null when it has no LMS link. */
export async function lmsDelivery(db: Db, submissionId: number) {
  const rows = await selectSubmissionOutbox(db, submissionId);
  return rows.length === 0 ? null : <SubmissionDelivery rows={rows} />;
}
