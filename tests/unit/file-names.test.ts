// The playground's name field for a new or renamed file: what was typed becomes the file's name,
// and an extension typed in front of the one already there is not doubled (issue 10, item 8).
import { expect, test } from "bun:test";
import { cleanFileName, suggestName } from "../../src/client/editor/file-tabs.ts";

test("a doubled extension is collapsed to one", () => {
  expect(cleanFileName("helper.py.py")).toBe("helper.py");
  expect(cleanFileName("helper.py.py.py")).toBe("helper.py");
  expect(cleanFileName("data.txt.txt")).toBe("data.txt");
  expect(cleanFileName("helper.py.PY")).toBe("helper.py");
});

test("names without a doubled extension are kept as typed, trimmed", () => {
  expect(cleanFileName("  helper.py ")).toBe("helper.py");
  expect(cleanFileName("helper")).toBe("helper");
  expect(cleanFileName("notes.txt.py")).toBe("notes.txt.py");
  expect(cleanFileName("py.py")).toBe("py.py"); // "py" is the name here, not an extension
  expect(cleanFileName("a.b.c")).toBe("a.b.c");
});

test("the suggested name of a new file is the first free untitled name", () => {
  expect(suggestName([{ name: "main.py" }])).toBe("untitled.py");
  expect(suggestName([{ name: "untitled.py" }, { name: "Untitled2.py" }])).toBe("untitled3.py");
});
