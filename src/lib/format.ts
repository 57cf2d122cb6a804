// Dates for people: one format everywhere (UTC timestamps shown in the server's locale settings).
const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

export const formatDate = (ms: number) => dateFmt.format(ms);
export const formatDateTime = (ms: number) => dateTimeFmt.format(ms);
/** A number with at most two decimals (2.5, 83.33), and as a percentage ("–" when there is none). */
export const fmt = (n: number) => String(Math.round(n * 100) / 100);
export const pct = (n: number | null) => (n === null ? "–" : `${fmt(n)}%`);

export function timeAgo(ms: number, now = Date.now()): string {
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 30) return `${d} day${d === 1 ? "" : "s"} ago`;
  return formatDate(ms);
}

// ---------- Python values ----------
// Function tests store their arguments and expected values as JSON, but students write Python: show
// True, None, 'text' and 1.0, not true, null, "text" and 1.

/** A JSON number written as a float (1.0, 2e3): Python has a float there, and shows it as one. */
class PyFloat {
  constructor(readonly value: number) {}
}
/** A JSON integer too large for a JS number: Python keeps every digit. */
class PyInt {
  constructor(readonly digits: string) {}
}

/** Python's repr() of a float: the shortest round-trip digits, exponent outside 1e-4 <= |x| < 1e16. */
function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa = "", exp = "0"] = x.toExponential().split("e"); // the shortest digits, like repr
  const e = Number(exp);
  const sign = x < 0 ? "-" : "";
  const digits = mantissa.replace(/[-.]/g, "");
  if (e < -4 || e >= 16) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  return `${sign}${digits.slice(0, e + 1).padEnd(e + 1, "0")}.${digits.slice(e + 1) || "0"}`;
}

/** Python's repr() of a str: single quotes unless the text has ' and no ", escapes for the rest. */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += `\\u${code.toString(16)}`; // a lone surrogate
    else out += ch;
  }
  return out + quote;
}

/**
 * How Python would print a value decoded from JSON (repr): True/False/None, 'text', [1, 2],
 * {'a': 1}. Integers print as integers and other numbers as Python floats.
 */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (value instanceof PyInt) return value.digits;
  if (typeof value === "number") return Number.isSafeInteger(value) ? String(value) : floatRepr(value);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "string") return strRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "object") {
    const items = Object.entries(value as Record<string, unknown>);
    return `{${items.map(([k, v]) => `${strRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
  }
  return String(value);
}

/**
 * A JSON text (a test's stored arguments or expected value) as Python shows it, keeping what JSON.parse
 * would lose: 1.0 stays a float, a 30-digit integer keeps its digits. Text that is not JSON is returned
 * as it is.
 */
export function pythonReprOfJson(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, v, context?: { source?: string }) => {
      if (typeof v !== "number" || context?.source === undefined) return v;
      if (/[.eE]/.test(context.source)) return new PyFloat(v);
      return Number.isSafeInteger(v) ? v : new PyInt(context.source.replace(/^-0$/, "0"));
    });
  } catch {
    return text;
  }
  return pythonRepr(value);
}

/** A function test's JSON argument list as the inside of a Python call: `[1, true]` -> `1, True`. */
export function pythonArgs(text: string): string {
  const repr = pythonReprOfJson(text.trim());
  return repr.startsWith("[") && repr.endsWith("]") ? repr.slice(1, -1) : repr;
}
