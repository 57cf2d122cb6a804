import { randomIndex } from "./tokens.ts";

// Password hashing (argon2id via Bun.password) and the password policy.

export const PASSWORD_RULE =
  "Use at least 8 characters with an upper-case letter, a lower-case letter and a digit.";

/** Returns a message when the password breaks the policy, else null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return `Password too short. ${PASSWORD_RULE}`;
  if (password.length > 200) return "Password too long (at most 200 characters).";
  if (!/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/\d/.test(password)) {
    return `Password too weak. ${PASSWORD_RULE}`;
  }
  return null;
}

/**
 * Bun's argon2id defaults (64 MiB, 2 passes), except under `bun test` (NODE_ENV=test), where the
 * smallest cost keeps the same code path and hash format at a fraction of the time: a few hundred ms
 * per hash on a busy 2-core CI machine, thousands of times over the suite. Like Rails' bcrypt MIN_COST in
 * tests. The cost is stored in each hash, so verifying never depends on this setting.
 */
const HASH_OPTIONS =
  process.env.NODE_ENV === "test"
    ? ({ algorithm: "argon2id", memoryCost: 1024, timeCost: 1 } as const)
    : ({ algorithm: "argon2id" } as const);

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, HASH_OPTIONS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return Bun.password.verify(password, hash).catch(() => false);
}

// Verifying against this keeps a login for an unknown user as slow as one for a known user.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword("Dummy-password-1");
  await verifyPassword(password, await dummyHash);
}

const ALPHABET = {
  upper: "ABCDEFGHJKLMNPQRSTUVWXYZ",
  lower: "abcdefghijkmnpqrstuvwxyz",
  digit: "23456789",
};

/** A readable one-time password (no 0/O, 1/l/I) that always satisfies the policy. */
export function temporaryPassword(): string {
  const all = ALPHABET.upper + ALPHABET.lower + ALPHABET.digit;
  const pick = (set: string) => set[randomIndex(set.length)]!;
  const chars = [pick(ALPHABET.upper), pick(ALPHABET.lower), pick(ALPHABET.digit)];
  while (chars.length < 12) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
