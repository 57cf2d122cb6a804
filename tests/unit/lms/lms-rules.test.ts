// Pure rules of the LMS feature: role mapping, target references, AGS and NRPS URL handling, backoff,
// frame origins and the API signature.
import { describe, expect, test } from "bun:test";
import { freshTimestamp, sign, signatureMatches } from "../../../src/features/lms/api/signature.ts";
import { scoresUrl } from "../../../src/features/lms/lti/ags.ts";
import { mapRoles } from "../../../src/features/lms/lti/claims.ts";
import { nextPage } from "../../../src/features/lms/lti/nrps.ts";
import { backoffMs, MAX_ATTEMPTS } from "../../../src/features/lms/lti/outbox.ts";
import { frameOriginsOf } from "../../../src/features/lms/lti/platforms.ts";
import { parseTargetRef } from "../../../src/features/lms/lti/targets.ts";

const M = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

describe("roles", () => {
  test("Instructor teaches, Learner studies, both at once teaches", () => {
    expect(mapRoles([`${M}Instructor`])).toBe("instructor");
    expect(mapRoles([`${M}Learner`])).toBe("learner");
    expect(mapRoles([`${M}Learner`, `${M}Instructor`])).toBe("instructor");
    expect(mapRoles(["Instructor"])).toBe("instructor"); // the short form
    expect(mapRoles([`${M}Administrator`])).toBe("instructor");
  });
  test("institution roles alone decide nothing; unknown roles map to null", () => {
    expect(mapRoles(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"])).toBeNull();
    expect(mapRoles([`${M}Mentor`])).toBeNull();
    expect(mapRoles([])).toBeNull();
  });
});

test("target references: known kinds and plain ids only", () => {
  expect(parseTargetRef("task:12")).toEqual({ kind: "task", id: 12 });
  for (const bad of [
    "task:",
    "task:1.5",
    "quiz:3",
    "task:12;drop",
    " task:1",
    12,
    null,
    "task:1234567890123",
  ]) {
    expect(parseTargetRef(bad)).toBeNull();
  }
});

test("the scores URL keeps a line item's query string", () => {
  expect(scoresUrl("https://lms.example/li/4?type=grade")).toBe("https://lms.example/li/4/scores?type=grade");
  expect(scoresUrl("https://lms.example/li/4/")).toBe("https://lms.example/li/4/scores");
});

test("the next page of a membership container", () => {
  expect(nextPage('<https://lms.example/m?p=2>; rel="next", <https://lms.example/m?p=9>; rel="last"')).toBe(
    "https://lms.example/m?p=2",
  );
  expect(nextPage('<https://lms.example/m?p=1>; rel="prev"')).toBeNull();
  expect(nextPage(null)).toBeNull();
});

test("backoff doubles from 10 s up to an hour", () => {
  expect(backoffMs(1)).toBe(10_000);
  expect(backoffMs(2)).toBe(20_000);
  expect(backoffMs(MAX_ATTEMPTS)).toBe(10_000 * 2 ** (MAX_ATTEMPTS - 1));
  expect(backoffMs(30)).toBe(3_600_000);
});

test("frame origins: the listed ones, else the issuer's and the login page's", () => {
  const p = {
    issuer: "https://canvas.example",
    auth_url: "https://sso.canvas.example/auth",
    frame_origins: "",
  };
  expect(frameOriginsOf(p)).toEqual(["https://canvas.example", "https://sso.canvas.example"]);
  expect(frameOriginsOf({ ...p, frame_origins: "https://school.instructure.com" })).toEqual([
    "https://school.instructure.com",
  ]);
});

describe("API signature", () => {
  test("matches only the same secret, timestamp and bytes", () => {
    const s = sign("secret", "1700000000", '{"a":1}');
    expect(s).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureMatches("secret", "1700000000", '{"a":1}', s)).toBe(true);
    expect(signatureMatches("secret", "1700000001", '{"a":1}', s)).toBe(false);
    expect(signatureMatches("secret", "1700000000", '{"a":2}', s)).toBe(false);
    expect(signatureMatches("other", "1700000000", '{"a":1}', s)).toBe(false);
    expect(signatureMatches("secret", "1700000000", '{"a":1}', s.slice(0, -1))).toBe(false);
  });
  test("timestamps: five minutes either way, digits only", () => {
    const now = 1_700_000_000_000;
    expect(freshTimestamp("1700000000", now)).toBe(true);
    expect(freshTimestamp("1699999700", now)).toBe(true);
    expect(freshTimestamp("1699999699", now)).toBe(false);
    expect(freshTimestamp("1700000301", now)).toBe(false);
    expect(freshTimestamp("1e9", now)).toBe(false);
    expect(freshTimestamp("", now)).toBe(false);
  });
});
