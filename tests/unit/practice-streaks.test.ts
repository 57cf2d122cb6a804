// Streak arithmetic of the practice feature: calendar days in a given time zone, the current streak
// (alive until today ends), a broken streak starting again at 1, the longest run, the heat map grid.
import { describe, expect, test } from "bun:test";
import { computeStreaks, dayKeyIn, heatMap, shiftDay } from "../../src/features/practice/streaks.ts";

const at = (iso: string) => Date.parse(iso);

describe("calendar days", () => {
  test("the same instant is a different day in different zones", () => {
    const t = at("2026-09-01T23:30:00Z");
    expect(dayKeyIn(t, "UTC")).toBe("2026-09-01");
    expect(dayKeyIn(t, "Europe/Berlin")).toBe("2026-09-02");
    expect(dayKeyIn(t, "America/New_York")).toBe("2026-09-01");
    expect(dayKeyIn(at("2026-09-01T03:00:00Z"), "America/Los_Angeles")).toBe("2026-08-31");
  });

  test("shifting days crosses months, leap days and daylight saving", () => {
    expect(shiftDay("2026-03-01", -1)).toBe("2026-02-28");
    expect(shiftDay("2028-03-01", -1)).toBe("2028-02-29");
    expect(shiftDay("2026-12-31", 1)).toBe("2027-01-01");
    expect(shiftDay("2026-03-29", 1)).toBe("2026-03-30"); // Europe's spring change that night
  });
});

describe("streaks", () => {
  test("no activity: nothing", () => {
    expect(computeStreaks([], "2026-09-10")).toEqual({ current: 0, longest: 0, activeToday: false });
  });

  test("consecutive days up to today", () => {
    const s = computeStreaks(["2026-09-08", "2026-09-09", "2026-09-10"], "2026-09-10");
    expect(s).toEqual({ current: 3, longest: 3, activeToday: true });
  });

  test("a streak up to yesterday is still alive today", () => {
    expect(computeStreaks(["2026-09-08", "2026-09-09"], "2026-09-10").current).toBe(2);
  });

  test("a missed day breaks it; the next active day starts again at 1", () => {
    const days = ["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04", "2026-09-06"];
    expect(computeStreaks(days, "2026-09-06")).toEqual({ current: 1, longest: 4, activeToday: true });
    expect(computeStreaks(days.slice(0, 4), "2026-09-06").current).toBe(0);
  });

  test("runs across a month end and a year end", () => {
    expect(computeStreaks(["2026-08-30", "2026-08-31", "2026-09-01"], "2026-09-01").current).toBe(3);
    expect(computeStreaks(["2026-12-31", "2027-01-01"], "2027-01-01").longest).toBe(2);
  });

  test("the zone decides which days count: late evening in New York is the next day in Berlin", () => {
    // 22:30 on three evenings in New York (UTC-4): three days there, but the first is a day earlier
    // than "today" in Berlin.
    const times = ["2026-09-01T02:30:00Z", "2026-09-02T02:30:00Z", "2026-09-03T02:30:00Z"].map(at);
    const now = at("2026-09-03T03:00:00Z");
    const ny = computeStreaks(
      times.map((t) => dayKeyIn(t, "America/New_York")),
      dayKeyIn(now, "America/New_York"),
    );
    const berlin = computeStreaks(
      times.map((t) => dayKeyIn(t, "Europe/Berlin")),
      dayKeyIn(now, "Europe/Berlin"),
    );
    expect(ny).toEqual({ current: 3, longest: 3, activeToday: true });
    expect(berlin).toEqual({ current: 3, longest: 3, activeToday: true });
    expect(dayKeyIn(times[0]!, "America/New_York")).toBe("2026-08-31");
    expect(dayKeyIn(times[0]!, "Europe/Berlin")).toBe("2026-09-01");
  });
});

describe("heat map", () => {
  test("weeks of seven days, Monday first, ending today, with levels by activity", () => {
    const activity = new Map([
      ["2026-09-10", 8],
      ["2026-09-09", 1],
    ]);
    const weeks = heatMap(activity, "2026-09-10", 4); // a Thursday
    expect(weeks).toHaveLength(4);
    expect(weeks[0]![0]!.day).toBe("2026-08-17"); // a Monday
    const last = weeks[3]!;
    expect(last.map((c) => c.day)).toEqual(["2026-09-07", "2026-09-08", "2026-09-09", "2026-09-10"]);
    expect(last[3]!.level).toBe(4);
    expect(last[2]!.level).toBe(1);
    expect(last[0]!.level).toBe(0);
  });
});
