// A tiny browser stand-in for app.request(): keeps cookies, sends same-origin form posts.
import type { TestApp } from "./app.ts";

export const ORIGIN = "http://localhost";

let clients = 0;

export class Client {
  private cookies = new Map<string, string>();
  /** Each client is its own "device", seen by the app (which trusts the proxy header in tests) as its own IP. */
  readonly ip = `10.0.${Math.floor(++clients / 250)}.${(clients % 250) + 1}`;
  constructor(private t: TestApp) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", this.ip);
    // Browsers send Origin on every request that can change something; pass origin: "" to omit it.
    const method = (init.method ?? "GET").toUpperCase();
    if (!["GET", "HEAD"].includes(method) && !headers.has("origin")) headers.set("origin", ORIGIN);
    if (headers.get("origin") === "") headers.delete("origin");
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const res = await this.t.app.request(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  /** A form post as a browser on the same origin sends it. */
  post(
    path: string,
    form: Record<string, string> = {},
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.request(path, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", ...headers },
    });
  }

  hasSession(): boolean {
    return [...this.cookies.keys()].some((k) => k.endsWith("slate_session"));
  }

  forget(): void {
    this.cookies.clear();
  }
}

export const STRONG = "Correct-Horse-9";

/** Runs first-run setup and returns a client logged in as that admin. */
export async function setupAdmin(t: TestApp, username = "admin"): Promise<Client> {
  const c = new Client(t);
  const res = await c.post("/setup", {
    displayName: "Ada Admin",
    username,
    email: "",
    password: STRONG,
    confirm: STRONG,
  });
  if (res.status !== 303) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  return c;
}

/** Creates a teacher through the admin UI and returns a client logged in as them with a new password. */
export async function createTeacher(t: TestApp, admin: Client, username: string): Promise<Client> {
  const res = await admin.post("/admin/users", {
    displayName: `Teacher ${username}`,
    username,
    email: "",
    role: "teacher",
  });
  const html = await res.text();
  const temp = html.match(/<p class="secret">([^<]+)<\/p>/)?.[1];
  if (!temp) throw new Error(`no temporary password shown: ${res.status}`);
  const c = new Client(t);
  await login(c, username, temp);
  const changed = await c.post("/account/password", { current: temp, password: STRONG, confirm: STRONG });
  if (changed.status !== 303) throw new Error(`password change failed: ${changed.status}`);
  return c;
}

/** Logs in with "Remember me" ticked (the login form's default), so the session is the long one. */
export async function login(c: Client, username: string, password = STRONG): Promise<Response> {
  return c.post("/login", { username, password, remember: "on" });
}

/** Creates a section as the given teacher; returns its id and enrollment code. */
export async function createSection(t: TestApp, teacher: Client, name = "Intro to Python") {
  const res = await teacher.post("/sections", { name, term: "Fall", description: "" });
  const id = Number(res.headers.get("location")?.split("/").pop());
  const row = t.ctx.sqlite
    .query<{ enroll_code: string }, [number]>("SELECT enroll_code FROM sections WHERE id = ?")
    .get(id);
  if (!row) throw new Error(`section not created: ${res.status}`);
  return { id, code: row.enroll_code };
}

/** Registers a student through a section's enrollment link. */
export async function registerStudent(
  t: TestApp,
  code: string,
  username: string,
  client = new Client(t),
): Promise<{ client: Client; res: Response }> {
  const res = await client.post(`/join/${code}/register`, {
    displayName: `Student ${username}`,
    username,
    email: "",
    password: STRONG,
    confirm: STRONG,
  });
  return { client, res };
}
