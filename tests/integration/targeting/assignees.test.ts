// The remedial targeting model over a real SQLite file: who is assigned, who may see an item, the
// SQL filter for lists, enrolment filtering of forged ids, copying to a clone, cleanup on delete.
import { expect, test } from "bun:test";
import { z } from "zod";
import {
  assigneeIds,
  copyAssignees,
  isAssigned,
  openToStudent,
  openToStudentSql,
  setAssignees,
} from "../../../src/features/targeting/assignees.ts";
import { targetingError, targetingFields } from "../../../src/features/targeting/form.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { registerStudent } from "../../helpers/client.ts";

const { t, teacher, section } = useClassroom();

async function setup() {
  const ids: number[] = [];
  for (const name of ["rita", "sam"]) {
    await registerStudent(t, section.code, name);
    ids.push(
      t.ctx.sqlite.query<{ id: number }, [string]>("SELECT id FROM users WHERE username = ?").get(name)!.id,
    );
  }
  const now = t.clock.now();
  const task = await t.ctx.db
    .insertInto("tasks")
    .values({
      section_id: section.id,
      title: "Loops again",
      created_at: now,
      updated_at: now,
      remedial: 1,
      published: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { rita: ids[0]!, sam: ids[1]!, task };
}

test("a remedial task is open to its assignees only; lists filter the same way", async () => {
  const { rita, sam, task } = await setup();
  const admin = t.ctx.sqlite
    .query<{ id: number }, []>("SELECT id FROM users WHERE username = 'admin'")
    .get()!.id;
  // A forged id (the administrator, not enrolled) is dropped.
  expect(await setAssignees(t.ctx.db, "task", task.id, section.id, [rita, admin, rita])).toBe(1);
  expect(await assigneeIds(t.ctx.db, "task", task.id)).toEqual([rita]);
  expect(await isAssigned(t.ctx.db, "task", task.id, rita)).toBe(true);
  expect(await openToStudent(t.ctx.db, "task", task, sam)).toBe(false);
  expect(await openToStudent(t.ctx.db, "task", { ...task, remedial: 0 }, sam)).toBe(true);
  const listFor = async (userId: number) =>
    (
      await t.ctx.db
        .selectFrom("tasks")
        .select("id")
        .where("section_id", "=", section.id)
        .where(openToStudentSql("task", userId))
        .execute()
    ).map((r) => r.id);
  expect(await listFor(rita)).toEqual([task.id]);
  expect(await listFor(sam)).toEqual([]);

  const now = t.clock.now();
  const clone = await t.ctx.db
    .insertInto("tasks")
    .values({
      section_id: section.id,
      title: "Loops again (copy)",
      created_at: now,
      updated_at: now,
      remedial: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  expect(await copyAssignees(t.ctx.db, "task", task.id, clone.id, section.id)).toBe(1);
  await t.ctx.db.deleteFrom("tasks").where("id", "=", task.id).execute();
  expect(await assigneeIds(t.ctx.db, "task", task.id)).toEqual([]); // the delete trigger
  expect(await assigneeIds(t.ctx.db, "task", clone.id)).toEqual([rita]);
  void teacher;
});

test("the form fields: one or many assignees, remedial needs a student", () => {
  const schema = z.object(targetingFields);
  expect(schema.parse({ remedial: "on", assignees: "4" })).toEqual({ remedial: true, assignees: [4] });
  expect(schema.parse({ assignees: ["4", "9"] })).toEqual({ remedial: false, assignees: [4, 9] });
  expect(schema.safeParse({ assignees: ["x"] }).success).toBe(false);
  expect(targetingError({ remedial: true, assignees: [] })).toContain("Choose at least one student");
  expect(targetingError({ remedial: true, assignees: [3] }, 0)).toContain("Choose at least one student");
  expect(targetingError({ remedial: false, assignees: [] })).toBeUndefined();
});
