// Small secrets the app must read back later (a task's access code), encrypted at rest with the app
// secret: AES-256-GCM with a fresh 96-bit IV per value, the key derived from the secret with HKDF-SHA256.
// Stored as "v1.<base64url(iv | tag | ciphertext)>"; a tampered value or another secret fails to open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    if (!secret) throw new Error("secret-box: the app secret is empty");
    key = Buffer.from(hkdfSync("sha256", secret, "slate", "slate secret-box v1", 32));
    keys.set(secret, key);
  }
  return key;
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

export function encrypt(secret: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The plaintext, or SecretBoxError when the value is malformed, tampered with or from another secret. */
export function decrypt(secret: string, boxed: string): string {
  const [version, payload, ...rest] = boxed.split(".");
  if (version !== VERSION || payload === undefined || rest.length > 0) {
    throw new SecretBoxError("not a sealed value");
  }
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("sealed value is too short");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretBoxError("sealed value cannot be opened with this secret");
  }
}
