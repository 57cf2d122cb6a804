// Bulk student import from CSV: every kind of row, bad files that change nothing, the template and
// the results sheet with temporary passwords that really log in.
import { beforeAll, describe, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { DAY, enroll, insertStudent } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, createTeacher, login, ORIGIN } from "../../helpers/client.ts";

const { t, admin, teacher, section } = useClassroom({ section: "Python A" });

beforeAll(async () => {
  await createTeacher(t, admin, "staff.member");
  const other = (await createSection(t, teacher, "Python B")).id;
  const now = t.clock.now();
  const kept = await insertStudent(t.ctx.db, "kept", now - DAY); // has an account, not in the section
  await enroll(t.ctx.db, other, kept, now - DAY);
  const inside = await insertStudent(t.ctx.db, "inside", now - DAY); // already in the section
  await enroll(t.ctx.db, section.id, inside, now - DAY);
  const off = await insertStudent(t.ctx.db, "gone", now - DAY);
  await t.ctx.db.updateTable("users").set({ active: 0 }).where("id", "=", off).execute();
});

function upload(csv: string, name = "students.csv") {
  const body = new FormData();
  body.set("file", new File([csv], name, { type: "text/csv" }));
  return teacher.request(`/sections/${section.id}/students/import`, {
    method: "POST",
    body,
    headers: { origin: ORIGIN },
  });
}

const count = (sql: string) => (t.ctx.sqlite.query(sql).get() as { n: number }).n;
const snapshot = () => [
  count("SELECT count(*) AS n FROM users"),
  count("SELECT count(*) AS n FROM enrollments"),
];

describe("bulk import", () => {
  test("the template downloads with the expected header", async () => {
    const res = await teacher.get(`/sections/${section.id}/students/import/template.csv`);
    expect(res.headers.get("content-disposition")).toContain("students-template.csv");
    expect(parse(await res.text(), { bom: true })).toEqual([["username", "display_name", "email"]]);
  });

  test("each kind of row is reported; good rows are applied, bad rows change nothing", async () => {
    const before = snapshot();
    const res = await upload(
      [
        "username,display_name,email",
        "new.one,New One,new.one@school.example", // 2 created
        "kept,Kept Student,KEPT@school.example", // 3 existed, username and email match -> enrolled
        "inside,Inside Student,", // 4 existed, already enrolled
        "NEW.ONE,Again,", // 5 duplicate in file (case-insensitive)
        "x,Too Short,", // 6 invalid username
        "no.name,,", // 7 invalid: name missing
        "bad.mail,Bad Mail,not-an-email", // 8 invalid email
        "staff.member,A Teacher,", // 9 invalid: name taken (a staff account: not said)
        "gone,Gone Student,gone@school.example", // 10 invalid: name taken (deactivated: not said)
        '"=cmd|calc",Formula,', // 11 invalid username (and escaped in the sheet)
        "new.two,New Two,", // 12 created
      ].join("\n"),
    );
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/sections/${section.id}/imports/\\d+$`));
    const html = await (await teacher.get(location)).text();
    expect(html).toContain("2 created");
    expect(html).toContain("2 already existed, enrolled");
    expect(html).toContain("1 duplicate in file");
    expect(html).toContain("6 invalid");
    expect(html).toContain("Same username as line 2");
    // A teacher learns nothing about other accounts: not their role, not whether they are active.
    expect(html).not.toContain("teacher or administrator");
    expect(html).not.toContain("deactivated");
    expect(html.match(/This username is taken/g)?.length).toBe(2);
    expect(html).not.toMatch(/[A-HJ-NP-Z2-9a-km-z]{12}<\/td>/); // passwords are only in the sheet
    const [users, enrollments] = snapshot();
    expect(users).toBe(before[0]! + 2);
    expect(enrollments).toBe(before[1]! + 3); // two new, plus kept
    const roster = t.ctx.sqlite
      .query(
        "SELECT u.username FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.section_id = ? ORDER BY u.username",
      )
      .all(section.id) as { username: string }[];
    expect(roster.map((r) => r.username)).toEqual(["inside", "kept", "new.one", "new.two"]);

    // The results sheet: one line per row, temporary passwords for created accounts only.
    const sheet = await teacher.get(`${location}/results.csv`);
    expect(sheet.headers.get("cache-control")).toBe("no-store");
    const rows = parse(await sheet.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.line, r.username, r.result])).toEqual([
      ["2", "new.one", "created"],
      ["3", "kept", "already existed, enrolled"],
      ["4", "inside", "already existed, enrolled"],
      ["5", "NEW.ONE", "duplicate in file"],
      ["6", "x", "invalid"],
      ["7", "no.name", "invalid"],
      ["8", "bad.mail", "invalid"],
      ["9", "staff.member", "invalid"],
      ["10", "gone", "invalid"],
      ["11", "'=cmd|calc", "invalid"],
      ["12", "new.two", "created"],
    ]);
    const withPasswords = rows.filter((r) => r.temporary_password);
    expect(withPasswords.map((r) => r.username)).toEqual(["new.one", "new.two"]);

    // A temporary password logs in, and must be changed first.
    const student = new Client(t);
    const loggedIn = await login(student, "new.one", withPasswords[0]!.temporary_password!);
    expect(loggedIn.status).toBe(303);
    const next = await student.get("/");
    expect(next.headers.get("location")).toBe("/account/password");

    // The same sheet as XLSX.
    const xlsx = await teacher.get(`${location}/results.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.getWorksheet("Import results")!;
    expect(ws.rowCount).toBe(12);
    expect(ws.getRow(2).getCell(6).value).toBe(withPasswords[0]!.temporary_password);
  });

  test("a file that cannot be read, or has no usable header, changes nothing", async () => {
    const before = snapshot();
    for (const [csv, message] of [
      ["", "Choose a CSV file or paste the rows."],
      ["name,email\nAda,ada@x.org", "&quot;username&quot; is missing"],
      ["username,display_name", "a header but no students"],
      ['username,display_name\n"unclosed,Ada', "not a readable CSV file"],
    ] as const) {
      const res = await upload(csv);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
    }
    const tooMany = [
      "username,display_name",
      ...Array.from({ length: 1001 }, (_, i) => `u${i}xx,Name ${i}`),
    ].join("\n");
    const res = await upload(tooMany);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("At most 1000 students");
    expect(snapshot()).toEqual(before);
  });

  test("pasted text works too", async () => {
    const res = await teacher.post(`/sections/${section.id}/students/import`, {
      csv: "Username;Name\npasted.one;Pasted One",
    });
    // A semicolon file is one column: the header check names what is missing.
    expect(res.status).toBe(422);
    const ok = await teacher.post(`/sections/${section.id}/students/import`, {
      csv: "Username,Full name\npasted.one,Pasted One",
    });
    expect(ok.status).toBe(303);
    expect(await (await teacher.get(ok.headers.get("location")!)).text()).toContain("1 created");
  });

  test("results are the section teachers' only, and expire after a day", async () => {
    const res = await upload("username,display_name\nlate.one,Late One");
    const location = res.headers.get("location")!;
    const admin = new Client(t);
    await login(admin, "admin");
    const otherTeacher = await createTeacher(t, admin, "olga");
    expect((await otherTeacher.get(location)).status).toBe(404);
    expect((await otherTeacher.get(`${location}/results.csv`)).status).toBe(404);
    expect(
      (
        await otherTeacher.post(`/sections/${section.id}/students/import`, {
          csv: "username,display_name\na.b.c,Abc",
        })
      ).status,
    ).toBe(404);
    t.clock.advance(DAY + 1000);
    const gone = await teacher.get(`${location}/results.csv`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain("kept for 24 hours");
  });

  test("a teacher cannot enroll another class's student by username alone, nor learn who has an account", async () => {
    const now = t.clock.now();
    await insertStudent(t.ctx.db, "victim", now - DAY); // victim@school.example, in no section of tina
    const before = snapshot();
    const probe = await upload(
      ["username,display_name,email", "victim,Victim,", "VICTIM,Victim,", "staff.member,X,"].join("\n"),
    );
    const probeHtml = await (await teacher.get(probe.headers.get("location")!)).text();
    expect(snapshot()).toEqual(before);
    const guessed = await upload(
      ["username,display_name,email", "victim,Victim,guess@school.example"].join("\n"),
    );
    const guessedHtml = await (await teacher.get(guessed.headers.get("location")!)).text();
    expect(snapshot()).toEqual(before);
    for (const html of [probeHtml, guessedHtml]) {
      expect(html).toContain("This username is taken");
      expect(html).not.toContain("victim@school.example");
      expect(html).not.toContain("Student victim"); // the account's real name
    }
    const page = await (await teacher.get(`/sections/${section.id}`)).text(); // the roster
    expect(page).not.toContain("victim");

    // Username and email of the account: that is the student, and it is enrolled.
    const right = await upload(
      ["username,display_name,email", "victim,Victim,Victim@School.example"].join("\n"),
    );
    expect(await (await teacher.get(right.headers.get("location")!)).text()).toContain(
      "1 already existed, enrolled",
    );
    expect(snapshot()[1]).toBe(before[1]! + 1);
  });

  test("the administrator's import reports what the account is", async () => {
    const admin = new Client(t);
    await login(admin, "admin");
    const body = new FormData();
    body.set(
      "file",
      new File([["username,display_name,email", "staff.member,A Teacher,"].join("\n")], "s.csv"),
    );
    const res = await admin.request(`/sections/${section.id}/students/import`, {
      method: "POST",
      body,
      headers: { origin: ORIGIN },
    });
    expect(res.status).toBe(303);
    expect(await (await admin.get(res.headers.get("location")!)).text()).toContain(
      "belongs to a teacher or administrator",
    );
  });
});
