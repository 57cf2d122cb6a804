// Gradebook exports parse back to the same numbers as the gradebook; CSV cells that could be read as
// formulas are escaped; the choice of tasks and problems is honoured; only teachers may export.
import { beforeAll, describe, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { loadSectionGrades } from "../../../src/analytics/grades.ts";
import { escapeCell, toCsv } from "../../../src/lib/csv.ts";
import { loginAs } from "../../helpers/class-fixture.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createTeacher } from "../../helpers/client.ts";

const { t, admin, teacher, f } = useClassroom({ section: "Python A", fixture: {} });

beforeAll(async () => {
  // A student whose name a spreadsheet would run as a formula.
  await t.ctx.db
    .updateTable("users")
    .set({ display_name: '=HYPERLINK("http://evil")' })
    .where("id", "=", f.users.eve)
    .execute();
  await t.ctx.db
    .updateTable("users")
    .set({ display_name: "@SUM(1)" })
    .where("id", "=", f.users.dan)
    .execute();
});

const download = (query: string) => teacher.get(`/sections/${f.sectionId}/gradebook/download?${query}`);

function csvRows(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

describe("CSV export", () => {
  test("parses back to the gradebook's numbers", async () => {
    const res = await download("format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(
      /attachment; filename="gradebook-python-a-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const rows = csvRows(await res.text());
    const g = await loadSectionGrades(t.ctx.db, f.sectionId, t.clock.now());
    expect(rows).toHaveLength(g.students.length);
    for (const s of g.students) {
      const row = rows.find((r) => r.Username === s.username)!;
      expect(Number(row.Points)).toBe(s.points);
      expect(row["Grade %"]).toBe(s.grade === null ? "" : String(s.grade));
      for (const p of g.problems) {
        const best = s.cells.get(p.id)?.best;
        expect(row[`${p.taskTitle} / ${p.title} (${p.maxPoints})`]).toBe(
          best === null || best === undefined ? "" : String(best),
        );
      }
    }
    const ann = rows.find((r) => r.Username === "ann")!;
    expect([
      ann["Week 1 / Sum (3)"],
      ann["Week 1 / Max (2)"],
      ann["Week 2 / Loops (5)"],
      ann.Points,
      ann["Points available"],
      ann["Grade %"],
    ]).toEqual(["3", "2", "5", "10", "10", "100"]);
    expect(rows.find((r) => r.Username === "cat")!["Week 1 / Sum (3)"]).toBe("2"); // the override
  });

  test("every cell starting with = + - @ is escaped", async () => {
    const text = await (await download("format=csv")).text();
    const rows = csvRows(text);
    expect(rows.find((r) => r.Username === "eve")!.Name).toBe('\'=HYPERLINK("http://evil")');
    expect(rows.find((r) => r.Username === "dan")!.Name).toBe("'@SUM(1)");
    expect(text).not.toMatch(/(^|,)"?[=@]/m);
    for (const v of ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"]) expect(escapeCell(v)).toBe(`'${v}`);
    for (const v of ["Ann", "1", "a=b", ""]) expect(escapeCell(v)).toBe(v);
    expect(parse(toCsv([["-2", "+x"]]), { bom: true })).toEqual([["'-2", "'+x"]]);
  });

  test("a choice of tasks and problems", async () => {
    const onlyWeek2 = csvRows(await (await download(`format=csv&task=${f.tasks.t2}`)).text());
    expect(Object.keys(onlyWeek2[0]!)).toEqual([
      "Username",
      "Name",
      "Email",
      "Week 2 / Loops (5)",
      "Points",
      "Points available",
      "Grade %",
    ]);
    expect(onlyWeek2.find((r) => r.Username === "ann")!["Grade %"]).toBe("100");
    const mixed = csvRows(
      await (await download(`format=csv&task=${f.tasks.t2}&problem=${f.problems.p2}`)).text(),
    );
    expect(Object.keys(mixed[0]!)).toEqual([
      "Username",
      "Name",
      "Email",
      "Week 1 / Max (2)",
      "Week 2 / Loops (5)",
      "Points",
      "Points available",
      "Grade %",
    ]);
    const ben = mixed.find((r) => r.Username === "ben")!;
    expect([ben.Points, ben["Points available"], ben["Grade %"]]).toEqual(["0", "7", "0"]);
  });

  test("bad choices change nothing and say why", async () => {
    const foreign = await download(`format=csv&problem=${f.problems.p4}`); // unpublished: not in the gradebook
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("None of the chosen tasks or problems");
    expect((await download("format=pdf")).status).toBe(400);
    expect((await download("format=csv&problem=abc")).status).toBe(400);
  });
});

describe("XLSX export", () => {
  test("parses back to the same numbers, as numbers", async () => {
    const res = await download("format=xlsx");
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet("Gradebook")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      "Username",
      "Name",
      "Email",
      "Week 1 / Sum (3)",
      "Week 1 / Max (2)",
      "Week 2 / Loops (5)",
      "Points",
      "Points available",
      "Grade %",
    ]);
    const rows = new Map<string, unknown[]>();
    ws.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    expect(rows.size).toBe(6);
    expect(rows.get("ann")!.slice(3)).toEqual([3, 2, 5, 10, 10, 100]);
    expect(rows.get("ben")!.slice(3)).toEqual([3, 0, undefined, 3, 10, 30]);
    expect(rows.get("cat")!.slice(3)).toEqual([2, undefined, undefined, 2, 10, 20]);
    // text stays text: no cell of the sheet is a formula
    expect(rows.get("eve")![1]).toBe('=HYPERLINK("http://evil")');
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});

describe("access", () => {
  test("students and other teachers cannot export", async () => {
    const ann = await loginAs(new Client(t), "ann");
    expect((await ann.get(`/sections/${f.sectionId}/gradebook/download?format=csv`)).status).toBe(403);
    const other = await createTeacher(t, admin, "olga");
    expect((await other.get(`/sections/${f.sectionId}/gradebook/download?format=csv`)).status).toBe(404);
    expect((await other.get(`/sections/${f.sectionId}/gradebook/export`)).status).toBe(404);
  });
});
