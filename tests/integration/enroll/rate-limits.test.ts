// A class behind one school IP: 40 students join through the enrollment link and log in within a
// minute, while password guessing per account, registrations per link and enrollment-code guessing
// stay limited (each limit set through its SLATE_* variable). A refused form keeps what was typed.
import { describe, expect, test } from "bun:test";
import type { TestApp } from "../../helpers/app.ts";
import { useClassroom } from "../../helpers/classroom.ts";
import { Client, STRONG } from "../../helpers/client.ts";

const SCHOOL_IP = { "x-forwarded-for": "198.51.100.7" };

function join(t: TestApp, code: string, username: string) {
  return new Client(t).post(
    `/join/${code}/register`,
    {
      displayName: `Student ${username}`,
      username,
      email: `${username}@school.example`,
      password: STRONG,
      confirm: STRONG,
    },
    SCHOOL_IP,
  );
}

const logIn = (t: TestApp, username: string, password = STRONG) =>
  new Client(t).post("/login", { username, password }, SCHOOL_IP);

describe("a class behind one IP, with the default limits", () => {
  const { t, section } = useClassroom();

  test("40 students join and then log in from one address within a minute", async () => {
    const joined = [];
    for (let i = 0; i < 40; i++) joined.push((await join(t, section.code, `pupil${i}`)).status);
    expect(joined).toEqual(Array(40).fill(303));
    const loggedIn = [];
    for (let i = 0; i < 40; i++) loggedIn.push((await logIn(t, `pupil${i}`)).status);
    expect(loggedIn).toEqual(Array(40).fill(303));
    expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM enrollments").get()).toEqual({ n: 40 });
  });

  test("password guessing is limited per account, with the username kept on the refused form", async () => {
    // (A real account is locked after 5 wrong passwords anyway: a name nobody has shows the limit.)
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await logIn(t, "ghost", "Wrong-pass-1")).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const refused = await new Client(t).post(
      "/login",
      { username: "Ghost", password: "x" },
      { "x-forwarded-for": "203.0.113.9" },
    );
    expect(refused.status).toBe(429); // from another address too: the account is what is limited
    const html = await refused.text();
    expect(html).toContain("Too many login attempts");
    expect(html).toContain('value="Ghost"');
    expect((await logIn(t, "pupil1")).status).toBe(303); // the classmate is not affected
  });

  test("a class loading the right link is never counted as guessing; wrong codes are", async () => {
    for (let i = 0; i < 60; i++)
      expect((await new Client(t).get(`/join/${section.code}`, SCHOOL_IP)).status).toBe(200);
    const guesser = { "x-forwarded-for": "203.0.113.50" };
    const statuses = [];
    for (let i = 0; i < 31; i++)
      statuses.push((await new Client(t).get(`/join/guess${1000 + i}`, guesser)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404));
    expect(statuses[30]).toBe(429);
    const post = await new Client(t).post(`/join/guess2000/register`, {}, guesser);
    expect(post.status).toBe(429); // the POSTs share the same limit
  });
});

describe("limits are configurable", () => {
  const { t, section } = useClassroom({
    env: {
      SLATE_REGISTER_PER_MINUTE: "3",
      SLATE_LOGIN_IP_PER_MINUTE: "4",
      SLATE_JOIN_FAILURES_PER_MINUTE: "2",
    },
  });

  test("SLATE_REGISTER_PER_MINUTE: the refused registration shows the form again with what was typed", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await join(t, section.code, `kid${i}`)).status);
    expect(statuses).toEqual([303, 303, 303]);
    const refused = await join(t, section.code, "kid3");
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain("Too many registrations");
    expect(html).toContain('value="kid3"');
    expect(html).toContain('value="Student kid3"');
    expect(html).toContain('value="kid3@school.example"');
    expect(html).not.toContain(STRONG); // passwords are never sent back
    expect(t.ctx.sqlite.query("SELECT count(*) AS n FROM users WHERE username = 'kid3'").get()).toEqual({
      n: 0,
    });
  });

  test("SLATE_LOGIN_IP_PER_MINUTE is the ceiling for one address", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await logIn(t, `kid${i % 3}`)).status);
    expect(statuses).toEqual([303, 303, 303, 303, 429]);
  });

  test("SLATE_JOIN_FAILURES_PER_MINUTE", async () => {
    const ip = { "x-forwarded-for": "203.0.113.77" };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await new Client(t).get(`/join/nope${i}000`, ip)).status);
    expect(statuses).toEqual([404, 404, 429]);
  });
});
