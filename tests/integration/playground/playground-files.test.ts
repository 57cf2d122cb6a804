// The playground page and its file API: the starter file, create/rename/save/main/delete, every bad
// file name, limits, the .zip download, and another user's files out of reach.
import { beforeEach, describe, expect, test } from "bun:test";
import { unzipSync } from "fflate";
import { useClassroom } from "../../helpers/classroom.ts";
import { type Client, registerStudent } from "../../helpers/client.ts";

const { t, admin, section } = useClassroom({ perTest: true, teacher: "grace" });
let student: Client;

beforeEach(async () => {
  student = (await registerStudent(t, section.code, "linus")).client;
  // As in the browser: the page is visited (and the starter file made) before any file call.
  for (const c of [admin, student]) expect((await c.get("/playground")).status).toBe(200);
});

interface FileJson {
  id: number;
  name: string;
  content: string;
  isMain: boolean;
}

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };

function api(c: Client, method: string, path: string, body?: unknown) {
  return c.request(`/playground${path}`, {
    method,
    headers: JSON_HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function files(c: Client): Promise<FileJson[]> {
  const res = await api(c, "GET", "/files");
  expect(res.status).toBe(200);
  return ((await res.json()) as { files: FileJson[] }).files;
}

async function create(c: Client, name: string, content = ""): Promise<FileJson> {
  const res = await api(c, "POST", "/files", { name, content });
  expect(res.status).toBe(201);
  return ((await res.json()) as { file: FileJson }).file;
}

async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}

describe("playground page", () => {
  test("every logged-in user has it in the navigation; a first visit gets a starter main.py", async () => {
    for (const c of [admin, student]) {
      const res = await c.get("/playground");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('href="/playground"');
      expect(html).toContain("data-workspace");
      expect(html).toContain("/static/dist/playground.js");
      expect(html).toContain('aria-label="Input for your program"');
      expect(html).toContain('role="log"');
    }
    t.ctx.sqlite.exec("DELETE FROM playground_files");
    expect((await files(student)).map((f) => f.name)).toEqual(["main.py"]); // made again when none
    const list = await files(student);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: "main.py", isMain: true });
    expect(list[0]!.content).toContain("input(");
    // Visiting again does not add another starter file.
    await student.get("/playground");
    expect(await files(student)).toHaveLength(1);
  });

  test("a logged-out visitor is sent to the login page", async () => {
    student.forget();
    const res = await student.get("/playground");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fplayground");
    expect((await api(student, "GET", "/files")).status).toBe(303);
  });

  test("the saved files are embedded in the page as JSON that cannot close its script element", async () => {
    const [main] = await files(student);
    await api(student, "PATCH", `/files/${main!.id}`, { content: 'print("</script><b>hi</b>")' });
    const html = await (await student.get("/playground")).text();
    const block = /<script type="application\/json" data-workspace-files="true">([\s\S]*?)<\/script>/.exec(
      html,
    )?.[1];
    expect(block).toBeDefined();
    expect(block).not.toContain("</script>");
    expect(JSON.parse(block!)[0].content).toBe('print("</script><b>hi</b>")');
  });

  test("the page sends a CSP whose style-src admits only this response's nonce besides 'self'", async () => {
    const res = await student.get("/playground");
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toContain("unsafe-inline");
    expect(await res.text()).toContain(`data-nonce="${nonce}"`);
  });
});

describe("playground files", () => {
  test("create, save, rename, choose the main file and delete", async () => {
    const [main] = await files(student);
    const helper = await create(student, "helper.py", "def twice(x):\n    return 2 * x\n");
    expect(helper).toMatchObject({ name: "helper.py", isMain: false });

    let res = await api(student, "PATCH", `/files/${main!.id}`, { content: "import helper\n" });
    expect(res.status).toBe(200);
    res = await api(student, "PATCH", `/files/${helper.id}`, { name: "tools.py" });
    expect(((await res.json()) as { file: FileJson }).file.name).toBe("tools.py");

    res = await api(student, "PATCH", `/files/${helper.id}`, { isMain: true });
    expect(res.status).toBe(200);
    let list = await files(student);
    expect(list.find((f) => f.isMain)?.name).toBe("tools.py");
    expect(list.filter((f) => f.isMain)).toHaveLength(1);
    expect(list.find((f) => f.name === "main.py")?.content).toBe("import helper\n");

    // Deleting the main file makes the remaining one main.
    res = await api(student, "DELETE", `/files/${helper.id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { mainId: number }).mainId).toBe(main!.id);
    list = await files(student);
    expect(list.map((f) => [f.name, f.isMain])).toEqual([["main.py", true]]);

    // The last file stays.
    res = await api(student, "DELETE", `/files/${main!.id}`);
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toContain("at least one file");
  });

  test("names are trimmed, and a name taken (in any letter case) is refused", async () => {
    expect((await create(student, "  notes.txt  ")).name).toBe("notes.txt");
    for (const name of ["main.py", "MAIN.py", "Notes.TXT"]) {
      const res = await api(student, "POST", "/files", { name, content: "" });
      expect(res.status).toBe(409);
      expect(await errorOf(res)).toContain("already have a file");
    }
    const helper = await create(student, "helper.py");
    const res = await api(student, "PATCH", `/files/${helper.id}`, { name: "Main.py" });
    expect(res.status).toBe(409);
    // Renaming to its own name in another case is fine.
    expect((await api(student, "PATCH", `/files/${helper.id}`, { name: "Helper.py" })).status).toBe(200);
  });

  const BAD_NAMES: Array<[string, string]> = [
    ["", "empty"],
    ["   ", "empty"],
    ["a/b.py", "cannot contain / or \\"],
    ["a\\b.py", "cannot contain / or \\"],
    ["../x.py", "cannot contain"],
    ["x..py", "cannot contain .."],
    ["..", "cannot contain .."],
    [".hidden.py", "cannot start with a dot"],
    ["nul\u0000.py", "control characters"],
    ["tab\tname.py", "control characters"],
    ["bell\u0007.py", "control characters"],
    ["del\u007f.py", "control characters"],
    [`${"x".repeat(98)}.py`, "at most 100 characters"],
    ["\ud800.py", "valid UTF-8"],
  ];

  test("every bad file name is refused, on create and on rename, with the reason", async () => {
    const [main] = await files(student);
    for (const [name, reason] of BAD_NAMES) {
      for (const res of [
        await api(student, "POST", "/files", { name, content: "" }),
        await api(student, "PATCH", `/files/${main!.id}`, { name }),
      ]) {
        expect(res.status, JSON.stringify(name)).toBe(400);
        expect(await errorOf(res)).toContain(reason);
      }
    }
    expect((await files(student)).map((f) => f.name)).toEqual(["main.py"]);
  });

  test("malformed requests are refused: unknown fields, wrong types, bad ids, not JSON", async () => {
    const [main] = await files(student);
    expect((await api(student, "POST", "/files", { name: "a.py", extra: 1 })).status).toBe(400);
    expect((await api(student, "POST", "/files", { name: 5 })).status).toBe(400);
    expect((await api(student, "PATCH", `/files/${main!.id}`, {})).status).toBe(400);
    expect((await api(student, "PATCH", `/files/${main!.id}`, { isMain: false })).status).toBe(400);
    expect((await api(student, "PATCH", "/files/abc", { content: "" })).status).toBe(400);
    expect((await api(student, "PATCH", "/files/999999", { content: "" })).status).toBe(404);
    const form = await student.post("/playground/files", { name: "a.py" });
    expect(form.status).toBe(400);
  });

  test("at most 20 files and 256 KiB in total", async () => {
    for (let i = 1; i < 20; i++) await create(student, `f${i}.py`);
    let res = await api(student, "POST", "/files", { name: "f20.py", content: "" });
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toContain("at most 20 files");

    const [main] = await files(student);
    const big = "x".repeat(200 * 1024);
    expect((await api(student, "PATCH", `/files/${main!.id}`, { content: big })).status).toBe(200);
    res = await api(student, "PATCH", `/files/${(await files(student))[1]!.id}`, { content: big });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toContain("256 KiB");
    // Multi-byte text counts in bytes, as the sandbox counts it.
    res = await api(student, "PATCH", `/files/${main!.id}`, { content: "é".repeat(130 * 1024) });
    expect(res.status).toBe(413);
  });

  test("download all as a .zip with the files' names and contents", async () => {
    await create(student, "helper.py", "X = 42\n");
    await create(student, "données.txt", "café\n");
    const res = await student.get("/playground/files.zip");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toContain("playground.zip");
    const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(zip).sort()).toEqual(["données.txt", "helper.py", "main.py"]);
    expect(new TextDecoder().decode(zip["helper.py"])).toBe("X = 42\n");
    expect(new TextDecoder().decode(zip["données.txt"])).toBe("café\n");
  });

  test("another user's files are unreachable: not listed, not changed, not deleted, not zipped", async () => {
    const secret = await create(admin, "secret.py", "print('admin only')\n");
    const [adminMain] = await files(admin);

    expect((await files(student)).map((f) => f.name)).toEqual(["main.py"]);
    for (const res of [
      await api(student, "PATCH", `/files/${secret.id}`, { content: "hacked" }),
      await api(student, "PATCH", `/files/${secret.id}`, { name: "mine.py" }),
      await api(student, "PATCH", `/files/${adminMain!.id}`, { isMain: true }),
      await api(student, "DELETE", `/files/${secret.id}`),
    ]) {
      expect(res.status).toBe(404);
    }
    const zip = unzipSync(new Uint8Array(await (await student.get("/playground/files.zip")).arrayBuffer()));
    expect(Object.keys(zip)).toEqual(["main.py"]);
    const mine = await files(admin);
    expect(mine.find((f) => f.id === secret.id)).toMatchObject({
      name: "secret.py",
      content: "print('admin only')\n",
    });
    expect(mine.find((f) => f.isMain)?.id).toBe(adminMain!.id);
  });
});
