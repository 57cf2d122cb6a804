import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { NewUser, Role, User, UserUpdate } from "../db/schema.ts";

export function selectOptionalUser(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export function selectOptionalUserByUsername(db: Db, username: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function insertUser(db: Db, user: NewUser): Promise<User> {
  return db.insertInto("users").values(user).returningAll().executeTakeFirstOrThrow();
}

export async function updateUser(db: Db, id: number, changes: UserUpdate): Promise<void> {
  await db.updateTable("users").set(changes).where("id", "=", id).execute();
}

export async function adminExists(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("role", "=", "admin")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface UserSearch {
  q?: string;
  role?: Role;
  limit: number;
  offset: number;
}

export async function searchUsers(db: Db, s: UserSearch): Promise<{ users: User[]; total: number }> {
  let query = db.selectFrom("users");
  if (s.q) {
    // instr() instead of LIKE: the search text needs no escaping of % and _.
    const contains = (col: string) =>
      sql<boolean>`instr(lower(coalesce(${sql.ref(col)}, '')), lower(${s.q})) > 0`;
    query = query.where((eb) => eb.or([contains("username"), contains("display_name"), contains("email")]));
  }
  if (s.role) query = query.where("role", "=", s.role);
  const [users, count] = await Promise.all([
    query.selectAll().orderBy("role").orderBy("username").limit(s.limit).offset(s.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { users, total: Number(count.n) };
}

export function selectTeachers(db: Db): Promise<User[]> {
  return db
    .selectFrom("users")
    .selectAll()
    .where("role", "in", ["teacher", "admin"])
    .where("active", "=", 1)
    .orderBy("display_name")
    .execute();
}

export async function countUsersByRole(
  db: Db,
): Promise<{ admins: number; teachers: number; students: number }> {
  const rows = await db
    .selectFrom("users")
    .select(["role", (eb) => eb.fn.countAll<number>().as("n")])
    .where("active", "=", 1)
    .groupBy("role")
    .execute();
  const n = (role: Role) => Number(rows.find((r) => r.role === role)?.n ?? 0);
  return { admins: n("admin"), teachers: n("teacher"), students: n("student") };
}
