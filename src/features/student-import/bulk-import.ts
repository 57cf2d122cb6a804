// Bulk enrollment from a CSV file (username, display_name, email). Each row is reported as one of:
// created (a new student account with a temporary password, enrolled), existing (the student already
// had an account and is now enrolled), duplicate (the username appeared earlier in the file) or
// invalid (with the reason). A teacher enrolls an existing account only when the row's username AND
// email both match it (or it is already in the section); anything else is "name taken", worded the
// same whatever the account is, so an import reveals nothing about other people's accounts. Bad rows change nothing; the good ones are written together in one
// transaction, each account with its enrollment, so a row is never half applied. The report, with
// the temporary passwords, is kept sealed with the app secret for a day so it can be downloaded.
import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { AppContext } from "../../context.ts";
import type { Section, User } from "../../db/schema.ts";
import type { StudentImport } from "../../db/tables/classroom.ts";
import { email, firstMessage, line, username } from "../../http/validation.ts";
import { toCsv } from "../../lib/csv.ts";
import { hashPassword, temporaryPassword } from "../../lib/passwords.ts";
import { decrypt, encrypt } from "../../lib/secret-box.ts";

export const MAX_ROWS = 1000;
export const MAX_BYTES = 512 * 1024;
const KEEP_MS = 24 * 3_600_000;

export const TEMPLATE_CSV = toCsv([["username", "display_name", "email"]]);

export type RowKind = "created" | "existing" | "duplicate" | "invalid";

export interface ImportRow {
  /** The line in the file (the header is line 1). */
  line: number;
  username: string;
  displayName: string;
  email: string;
  kind: RowKind;
  message: string;
  /** Only for created accounts; shown once in the results sheet. */
  password?: string;
}

export interface ImportSummary {
  created: number;
  existing: number;
  duplicate: number;
  invalid: number;
}

export class ImportFileError extends Error {}

const rowSchema = z.object({ username, displayName: line("Name", 80), email });

const HEADER_ALIASES: Record<string, "username" | "displayName" | "email"> = {
  username: "username",
  user: "username",
  login: "username",
  displayname: "displayName",
  name: "displayName",
  fullname: "displayName",
  studentname: "displayName",
  email: "email",
  emailaddress: "email",
  mail: "email",
};

/** Parses the file into raw rows with their line numbers; a malformed file throws ImportFileError. */
export function parseImportCsv(text: string): { line: number; values: Record<string, string> }[] {
  if (text.length > MAX_BYTES) throw new ImportFileError("The file is larger than 512 KB.");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 10_000,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    throw new ImportFileError(`This is not a readable CSV file: ${(err as Error).message}`);
  }
  const [head, ...data] = records;
  if (!head) throw new ImportFileError("The file is empty. Start from the template.");
  const columns = head.record.map((h) => HEADER_ALIASES[h.toLowerCase().replace(/[^a-z]/g, "")]);
  for (const needed of ["username", "displayName"] as const) {
    if (!columns.includes(needed)) {
      throw new ImportFileError(
        `The first line must name the columns: username, display_name and (optional) email. "${needed === "username" ? "username" : "display_name"}" is missing.`,
      );
    }
  }
  if (data.length === 0) throw new ImportFileError("The file has a header but no students.");
  if (data.length > MAX_ROWS) throw new ImportFileError(`At most ${MAX_ROWS} students per file.`);
  return data.map(({ record, info }) => {
    const values: Record<string, string> = {};
    columns.forEach((col, i) => {
      if (col && values[col] === undefined) values[col] = record[i] ?? "";
    });
    return { line: info.lines, values };
  });
}

const NAME_TAKEN =
  "This username is taken. To enroll a student who already has an account, give the email of that account; otherwise choose another username.";

/** Whether a row describes this account: an active student whose email the row gives too. */
function sameAccount(user: User, row: ImportRow): boolean {
  return (
    user.role === "student" &&
    user.active === 1 &&
    !!user.email &&
    !!row.email &&
    user.email.toLowerCase() === row.email.toLowerCase()
  );
}

/** Classifies and applies the rows; returns the per-row report (passwords included). */
export async function importStudents(
  ctx: AppContext,
  section: Section,
  raw: { line: number; values: Record<string, string> }[],
  importer: User,
): Promise<ImportRow[]> {
  const { db, clock } = ctx;
  const report: ImportRow[] = [];
  const firstLine = new Map<string, number>();
  const valid: { row: ImportRow; key: string }[] = [];
  for (const { line: n, values } of raw) {
    const row: ImportRow = {
      line: n,
      username: (values.username ?? "").trim(),
      displayName: (values.displayName ?? "").trim(),
      email: (values.email ?? "").trim(),
      kind: "invalid",
      message: "",
    };
    report.push(row);
    const parsed = rowSchema.safeParse(values);
    if (!parsed.success) {
      row.message = firstMessage(parsed.error);
      continue;
    }
    Object.assign(row, {
      username: parsed.data.username,
      displayName: parsed.data.displayName,
      email: parsed.data.email,
    });
    const key = parsed.data.username.toLowerCase();
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      row.kind = "duplicate";
      row.message = `Same username as line ${seen}; only the first is used.`;
      continue;
    }
    firstLine.set(key, n);
    valid.push({ row, key });
  }

  const existing = new Map<string, User>();
  for (let i = 0; i < valid.length; i += 500) {
    const names = valid.slice(i, i + 500).map((v) => v.row.username);
    const users = await db.selectFrom("users").selectAll().where("username", "in", names).execute();
    for (const u of users) existing.set(u.username.toLowerCase(), u);
  }
  const enrolled = new Set(
    (await db.selectFrom("enrollments").select("user_id").where("section_id", "=", section.id).execute()).map(
      (r) => r.user_id,
    ),
  );

  const toCreate: ImportRow[] = [];
  const toEnroll: { row: ImportRow; user: User }[] = [];
  for (const { row, key } of valid) {
    const user = existing.get(key);
    if (!user) {
      toCreate.push(row);
      continue;
    }
    if (enrolled.has(user.id)) {
      row.kind = "existing";
      row.message = "Already had an account and was already in this section.";
    } else if (importer.role !== "admin" && !sameAccount(user, row)) {
      row.message = NAME_TAKEN;
    } else if (user.role !== "student") {
      row.message = "This username belongs to a teacher or administrator account.";
    } else if (!user.active) {
      row.message = "This student account is deactivated; an administrator can reactivate it.";
    } else {
      row.kind = "existing";
      row.message = "Already had an account; enrolled in this section.";
      toEnroll.push({ row, user });
    }
  }

  // Hash outside the transaction (argon2id is deliberately slow), a few at a time.
  const hashes = new Map<ImportRow, string>();
  for (let i = 0; i < toCreate.length; i += 8) {
    await Promise.all(
      toCreate.slice(i, i + 8).map(async (row) => {
        row.password = temporaryPassword();
        hashes.set(row, await hashPassword(row.password));
      }),
    );
  }

  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    for (const { user } of toEnroll) {
      await tx
        .insertInto("enrollments")
        .values({ section_id: section.id, user_id: user.id, enrolled_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const row of toCreate) {
      // Someone may have registered the name since we looked: then the row is invalid, not half done.
      const user = await tx
        .insertInto("users")
        .values({
          username: row.username,
          display_name: row.displayName,
          email: row.email || null,
          password_hash: hashes.get(row)!,
          role: "student",
          must_change_password: 1,
          created_at: now,
        })
        .onConflict((oc) => oc.column("username").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!user) {
        row.password = undefined;
        row.message = "This username was taken while the file was being imported.";
        continue;
      }
      await tx
        .insertInto("enrollments")
        .values({ section_id: section.id, user_id: user.id, enrolled_at: now })
        .execute();
      row.kind = "created";
      row.message = "Account created and enrolled; the student must change the password at first login.";
    }
  });
  return report;
}

export function summarize(rows: ImportRow[]): ImportSummary {
  const s: ImportSummary = { created: 0, existing: 0, duplicate: 0, invalid: 0 };
  for (const r of rows) s[r.kind]++;
  return s;
}

/** Stores the report (sealed) for a day; returns the import's id. */
export async function saveImport(
  ctx: AppContext,
  section: Section,
  by: User,
  rows: ImportRow[],
): Promise<number> {
  const now = ctx.clock.now();
  const saved = await ctx.db
    .insertInto("student_imports")
    .values({
      section_id: section.id,
      created_by: by.id,
      created_at: now,
      expires_at: now + KEEP_MS,
      summary: JSON.stringify(summarize(rows)),
      rows_sealed: encrypt(ctx.secret, JSON.stringify(rows)),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return saved.id;
}

export interface OpenedImport {
  record: StudentImport;
  summary: ImportSummary;
  rows: ImportRow[];
}

/** A section's stored import, unless it expired. */
export async function openImport(
  ctx: AppContext,
  sectionId: number,
  importId: number,
): Promise<OpenedImport | undefined> {
  const record = await ctx.db
    .selectFrom("student_imports")
    .selectAll()
    .where("id", "=", importId)
    .where("section_id", "=", sectionId)
    .where("expires_at", ">", ctx.clock.now())
    .executeTakeFirst();
  if (!record) return undefined;
  return {
    record,
    summary: JSON.parse(record.summary) as ImportSummary,
    rows: JSON.parse(decrypt(ctx.secret, record.rows_sealed)) as ImportRow[],
  };
}

export const RESULT_LABEL: Record<RowKind, string> = {
  created: "created",
  existing: "already existed, enrolled",
  duplicate: "duplicate in file",
  invalid: "invalid",
};

export function resultsTable(rows: ImportRow[]): (string | number)[][] {
  return [
    ["line", "username", "display_name", "email", "result", "temporary_password", "message"],
    ...rows.map((r) => [
      r.line,
      r.username,
      r.displayName,
      r.email,
      RESULT_LABEL[r.kind],
      r.password ?? "",
      r.message,
    ]),
  ];
}
