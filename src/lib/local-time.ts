// <input type="datetime-local"> values <-> epoch ms, in the server's time zone (TZ; UTC in the
// container). Pages label these fields with the zone's name, and formatDateTime() shows stored times in
// the same zone, so what a teacher types is what everyone reads back. Set TZ to the school's zone.
const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-09-01T09:30" -> epoch ms; "" -> null; anything else -> undefined (invalid). */
export function parseLocalInput(value: string): number | null | undefined {
  const v = value.trim();
  if (v === "") return null;
  const m = v.match(INPUT);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(y, mo - 1, d, h, mi, s);
  // Reject dates that roll over (Feb 30) and years outside a sane range.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return undefined;
  if (y < 2000 || y > 2200) return undefined;
  return date.getTime();
}

const pad = (n: number) => String(n).padStart(2, "0");

/** epoch ms -> the value a datetime-local input shows; null -> "". */
export function toLocalInput(ms: number | null): string {
  if (ms === null) return "";
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The server's time zone, for labels: "UTC", "Europe/Berlin". */
export function serverZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone === "Etc/UTC" || zone === "Etc/GMT" || !zone ? "UTC" : zone;
}
