// Who may see a question image: the hash in its address is no secret once a page has shown it, so
// each request is checked. Teachers who may use a bank holding the image; teachers of a section
// whose assessment or attempts use a question that shows it (they grade and review those); students
// whose own attempt holds such a question, or a published assessment of their section lists one.
import type { Expression, SqlBool } from "kysely";
import { sql } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { User } from "../../db/schema.ts";
import { openToStudentSql } from "../targeting/assignees.ts";
import { bankFor } from "./banks.ts";

/** A version shows the image when its text, general feedback or answers (data) link to it. */
function mentions(sha256: string): Expression<SqlBool> {
  const pattern = `%/question-images/${sha256}%`; // a hash is hex: nothing for LIKE to interpret
  return sql<SqlBool>`(v.body LIKE ${pattern} OR v.general_feedback LIKE ${pattern} OR v.data LIKE ${pattern})`;
}

async function inUsableBank(db: Db, sha256: string, user: User): Promise<boolean> {
  const banks = await db
    .selectFrom("question_images")
    .select("bank_id")
    .where("sha256", "=", sha256)
    .execute();
  for (const b of banks) if (await bankFor(db, b.bank_id, user)) return true;
  return false;
}

/** An attempt (the user's own, or any in a section they teach) holds a version showing the image. */
async function inAttempt(db: Db, sha256: string, user: User, teaches: boolean): Promise<boolean> {
  let q = db
    .selectFrom("attempt_items as i")
    .innerJoin("question_versions as v", "v.id", "i.version_id")
    .innerJoin("assessment_attempts as t", "t.id", "i.attempt_id")
    .select("i.id")
    .where(mentions(sha256));
  q = teaches
    ? q.where("t.assessment_id", "in", (eb) =>
        eb
          .selectFrom("assessments as a")
          .innerJoin("section_teachers as st", "st.section_id", "a.section_id")
          .select("a.id")
          .where("st.user_id", "=", user.id),
      )
    : q.where("t.user_id", "=", user.id);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

/** An assessment the user sees (published, of an enrolled section; any, of a taught one) lists it. */
async function inAssessment(db: Db, sha256: string, user: User, teaches: boolean): Promise<boolean> {
  let q = db
    .selectFrom("assessment_slots as s")
    .innerJoin("assessments as a", "a.id", "s.assessment_id")
    .innerJoin("questions as q", "q.id", "s.question_id")
    .innerJoin("question_versions as v", "v.id", "q.current_version_id")
    .select("s.id")
    .where(mentions(sha256));
  q = teaches
    ? q.where("a.section_id", "in", (eb) =>
        eb.selectFrom("section_teachers").select("section_id").where("user_id", "=", user.id),
      )
    : q
        .where("a.published", "=", 1)
        .where(openToStudentSql("assessment", user.id, "a")) // remedial ones only for their students
        .where("a.section_id", "in", (eb) =>
          eb.selectFrom("enrollments").select("section_id").where("user_id", "=", user.id),
        );
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

export async function mayViewImage(db: Db, sha256: string, user: User): Promise<boolean> {
  if (user.role === "admin") return true;
  const teaches = user.role === "teacher";
  if (teaches && (await inUsableBank(db, sha256, user))) return true;
  return (await inAttempt(db, sha256, user, teaches)) || (await inAssessment(db, sha256, user, teaches));
}
