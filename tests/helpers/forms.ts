// Form posts as the browser sends them, for the tests of the teacher's and the student's forms.
import { expect } from "bun:test";
import { type Client, ORIGIN } from "./client.ts";

/** The id at the end of a redirect's Location (before any #fragment or ?query). */
export const idFrom = (res: Response) =>
  Number(res.headers.get("location")?.match(/\/(\d+)(?:[#?].*)?$/)?.[1]);

/** Creates a task through the teacher's form with these fields; the form must accept it. Returns its id. */
export async function submitTaskForm(teacher: Client, sectionId: number, fields: Record<string, string>) {
  const res = await teacher.post(`/manage/sections/${sectionId}/tasks/new`, fields);
  expect(res.status).toBe(303);
  return idFrom(res);
}

/** The problem form's fields besides title and statement, as the browser sends them untouched. */
export const PROBLEM_FORM = {
  kind: "stdin",
  function_name: "",
  function_params: "",
  main_file: "main.py",
  time_limit_ms: "2000",
  memory_mb: "128",
};

/** A problem form with its starter and solution files as repeated name[]/content[] fields. */
export function problemForm(
  fields: Record<string, string>,
  files: { starter?: string[][]; solution?: string[][] } = {},
): URLSearchParams {
  const body = new URLSearchParams({ ...PROBLEM_FORM, ...fields });
  for (const kind of ["starter", "solution"] as const) {
    for (const [name, content] of files[kind] ?? []) {
      body.append(`${kind}_name[]`, name!);
      body.append(`${kind}_content[]`, content!);
    }
  }
  return body;
}

/** Posts a form with repeated fields (which Client.post's record cannot hold) from the same origin. */
export function postForm(client: Client, path: string, body: URLSearchParams) {
  return client.request(path, {
    method: "POST",
    body,
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
  });
}

/** The code form of a problem page (run tests, submit) with one file, which is also the main file. */
export const codeForm = (content: string, name = "main.py") => ({
  "names[]": name,
  "contents[]": content,
  main: name,
});
