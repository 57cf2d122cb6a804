// Where to go after logging in: only a path on this site, so a crafted ?next= cannot send a user to
// another origin. Browsers forgive a lot in a Location header ("/\t/evil.test" is "//evil.test",
// and so is "/\\evil.test"), so anything unusual goes home instead of being repaired.

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/;

function safePath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !UNSAFE.test(path);
}

/** next when it is a plain same-origin path (checked as given and once more percent-decoded), else "/". */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 500 || !safePath(next)) return "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return "/"; // a malformed escape
  }
  return safePath(decoded) && !decoded.includes("//") ? next : "/";
}
