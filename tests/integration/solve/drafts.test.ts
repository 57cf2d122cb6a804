// Drafts on the server: a student's unsubmitted code per problem, saved from the problem page and
// restored on any device; the page opens with the newest of draft and last submission and says
// which it shows. Only the student themself, only on problems they may open; the same size and name
// rules as a submission; a refused save changes nothing.
import { describe, expect, test } from "bun:test";
import { encrypt } from "../../../src/lib/secret-box.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, createSection, login, ORIGIN, registerStudent } from "../../helpers/client.ts";
import { codeForm } from "../../helpers/forms.ts";
import { seedSumProblem, seedTask } from "../../helpers/problems.ts";

const { t, teacher, section } = useClassroom();
let n = 0;

async function student(): Promise<{ client: Client; username: string }> {
  const username = `drafter${++n}`;
  return { client: (await registerStudent(t, section.code, username)).client, username };
}

async function seedProblem(taskOver = {}) {
  const task = await seedTask(t, section.id, taskOver);
  return { task, problem: await seedSumProblem(t, task.id) };
}

type DraftFile = { name: string; content: string };

function putDraft(c: Client, problemId: number, body: unknown, headers: Record<string, string> = {}) {
  return c.request(`/problems/${problemId}/draft`, {
    method: "PUT",
    body: JSON.stringify(body),
    headers: { origin: ORIGIN, "content-type": "application/json", accept: "application/json", ...headers },
  });
}

async function getDraft(c: Client, problemId: number) {
  const res = await c.get(`/problems/${problemId}/draft`, { accept: "application/json" });
  const body = (await res.json()) as { draft: { files: DraftFile[]; main: string; savedAt: number } | null };
  if (!body.draft) return { status: res.status, body: { draft: null } };
  const { savedAt: _, ...code } = body.draft;
  return { status: res.status, body: { draft: code } };
}

const draft = (content: string, name = "main.py") => ({ files: [{ name, content }], main: name });

/** The line above the editor that says which code it shows. */
async function versionLine(c: Client, problemId: number): Promise<string> {
  const html = await (await c.get(`/problems/${problemId}`)).text();
  const line = html.match(/<p id="code-version"[\s\S]*?<\/p>/)?.[0] ?? "";
  return line.replace(/<[^>]+>/g, "").trim();
}

describe("saving and restoring", () => {
  test("a saved draft is on the server: another device opens the problem with it, logout keeps it", async () => {
    const { problem } = await seedProblem();
    const { client: laptop, username } = await student();
    expect(await versionLine(laptop, problem.id)).toContain("The starter code.");

    const saved = await putDraft(laptop, problem.id, draft("print('half done')\n"));
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { savedAt: number }).savedAt).toBe(t.clock.now());
    expect((await getDraft(laptop, problem.id)).body.draft).toEqual(draft("print('half done')\n"));

    // A second device: a fresh login as the same student, nothing shared but the account.
    const phone = new Client(t);
    await login(phone, username);
    const page = await (await phone.get(`/problems/${problem.id}`)).text();
    expect(page).toContain("print(&#39;half done&#39;)");
    expect(await versionLine(phone, problem.id)).toContain("Draft saved just now. Not submitted yet.");

    // Logging out on the laptop does not lose it.
    expect((await laptop.post("/logout")).status).toBe(303);
    await login(laptop, username);
    expect((await getDraft(laptop, problem.id)).body.draft).toEqual(draft("print('half done')\n"));
  });

  test("the page opens with the newer of draft and last submission, and says which it is", async () => {
    const { problem } = await seedProblem();
    const { client } = await student();
    await putDraft(client, problem.id, draft("print('draft one')\n"));
    t.clock.advance(60_000);
    const submitted = await client.post(`/problems/${problem.id}/submit`, codeForm("print('submitted')\n"));
    expect(submitted.status).toBe(303);
    let page = await (await client.get(`/problems/${problem.id}`)).text();
    expect(page).toContain("print(&#39;submitted&#39;)");
    expect(page).not.toContain("draft one");
    expect(await versionLine(client, problem.id)).toContain("Your submission 1, from");

    // Typing on after submitting: the draft is newer now.
    t.clock.advance(60_000);
    await putDraft(client, problem.id, draft("print('draft two')\n"));
    t.clock.advance(2 * 60_000);
    page = await (await client.get(`/problems/${problem.id}`)).text();
    expect(page).toContain("print(&#39;draft two&#39;)");
    expect(await versionLine(client, problem.id)).toBe(
      "Draft saved 2 min ago, newer than your last submission.",
    );

    // A draft saved after the submission with exactly its code is the submission.
    await putDraft(client, problem.id, draft("print('submitted')\n"));
    expect(await versionLine(client, problem.id)).toContain("Your submission 1, from");
  });

  test("several files and the main file come back as saved", async () => {
    const { problem } = await seedProblem();
    const { client } = await student();
    const body = {
      files: [
        { name: "helper.py", content: "def add(a, b):\n    return a + b\n" },
        { name: "main.py", content: "from helper import add\n" },
      ],
      main: "main.py",
    };
    expect((await putDraft(client, problem.id, body)).status).toBe(200);
    expect((await getDraft(client, problem.id)).body.draft).toEqual(body);
    const page = await (await client.get(`/problems/${problem.id}`)).text();
    expect(page).toContain("helper.py");
    expect(page).toContain("from helper import add");
  });
});

describe("who may", () => {
  test("another student never reads or changes someone's draft", async () => {
    const { problem } = await seedProblem();
    const { client: ann } = await student();
    const { client: ben } = await student();
    await putDraft(ann, problem.id, draft("print('ann secret')\n"));

    expect((await getDraft(ben, problem.id)).body.draft).toBeNull();
    expect(await (await ben.get(`/problems/${problem.id}`)).text()).not.toContain("ann secret");
    await putDraft(ben, problem.id, draft("print('ben')\n"));
    expect((await getDraft(ann, problem.id)).body.draft).toEqual(draft("print('ann secret')\n"));
  });

  test("a student of another section, an unpublished task, a locked task: refused, nothing stored", async () => {
    const { problem } = await seedProblem();
    const other = await createSection(t, teacher, "Other class");
    const outsider = (await registerStudent(t, other.code, `outsider${++n}`)).client;
    expect((await getDraft(outsider, problem.id)).status).toBe(404);
    expect((await putDraft(outsider, problem.id, draft("x = 1\n"))).status).toBe(404);

    const { client } = await student();
    const hidden = await seedProblem({ published: 0 });
    expect((await putDraft(client, hidden.problem.id, draft("x = 1\n"))).status).toBe(404);
    const later = await seedProblem({ starts_at: t.clock.now() + 3_600_000 });
    expect((await putDraft(client, later.problem.id, draft("x = 1\n"))).status).toBe(404);

    const locked = await seedProblem({ access_code_enc: encrypt(t.ctx.secret, "open-sesame") });
    const refused = await putDraft(client, locked.problem.id, draft("x = 1\n"));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain("access code");

    const rows = t.ctx.sqlite
      .query<{ n: number }, [number, number, number, number]>(
        "SELECT count(*) AS n FROM problem_drafts WHERE problem_id IN (?, ?, ?, ?)",
      )
      .get(problem.id, hidden.problem.id, later.problem.id, locked.problem.id);
    expect(rows?.n).toBe(0);
  });

  test("a teacher's preview saves no draft and has none to show", async () => {
    const { problem } = await seedProblem();
    const refused = await putDraft(teacher, problem.id, draft("print('teacher')\n"));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain("preview");
    expect((await getDraft(teacher, problem.id)).status).toBe(403);
    const page = await (await teacher.get(`/problems/${problem.id}`)).text();
    expect(page).toContain("This is a preview");
    expect(page).not.toContain("data-draft-url");
  });

  test("logged out, or sent from another site: refused", async () => {
    const { problem } = await seedProblem();
    const anonymous = new Client(t);
    const res = await putDraft(anonymous, problem.id, draft("x = 1\n"));
    expect([302, 303]).toContain(res.status);
    const { client } = await student();
    const forged = await putDraft(client, problem.id, draft("x = 1\n"), { origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect((await getDraft(client, problem.id)).body.draft).toBeNull();
  });
});

describe("limits", () => {
  test("too many files, too much code, bad names: a clear message, and the draft before stays", async () => {
    const { problem } = await seedProblem();
    const { client } = await student();
    await putDraft(client, problem.id, draft("print('keep me')\n"));

    const cases: [unknown, string][] = [
      [
        { files: Array.from({ length: 21 }, (_, i) => ({ name: `f${i}.py`, content: "" })), main: "f0.py" },
        "At most 20 files.",
      ],
      [draft("#".repeat(256 * 1024 + 1)), "too large"],
      [draft("x = 1\n", "../evil.py"), "File names use letters"],
      [{ files: [{ name: "a.py", content: "" }], main: "main.py" }, "is not among the files"],
      [
        {
          files: [
            { name: "a.py", content: "" },
            { name: "a.py", content: "" },
          ],
          main: "a.py",
        },
        "same name",
      ],
      [{ files: [], main: "main.py" }, "at least one file"],
      [{ ...draft("x = 1\n"), userId: 1 }, ""],
      ["not an object", ""],
    ];
    for (const [body, message] of cases) {
      const res = await putDraft(client, problem.id, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain(message);
    }
    expect((await getDraft(client, problem.id)).body.draft).toEqual(draft("print('keep me')\n"));
  });

  test("a draft as large as a submission may be is saved", async () => {
    const { problem } = await seedProblem();
    const { client } = await student();
    const big = draft(`# ${"x".repeat(200 * 1024)}\n`);
    expect((await putDraft(client, problem.id, big)).status).toBe(200);
    expect((await getDraft(client, problem.id)).body.draft).toEqual(big);
  });
});
