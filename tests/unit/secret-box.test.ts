import { describe, expect, test } from "bun:test";
import { decrypt, encrypt, SecretBoxError } from "../../src/lib/secret-box.ts";

const SECRET = "a-long-random-app-secret-for-tests";

describe("secret-box", () => {
  test("round-trips text, including non-ASCII and the empty string", () => {
    for (const text of ["open sesame", "", "Zugangscode: größer ✓ 🐍", "x".repeat(5000)]) {
      expect(decrypt(SECRET, encrypt(SECRET, text))).toBe(text);
    }
  });

  test("each encryption uses a fresh IV and never contains the plaintext", () => {
    const a = encrypt(SECRET, "open sesame");
    const b = encrypt(SECRET, "open sesame");
    expect(a).not.toBe(b);
    expect(a.startsWith("v1.")).toBe(true);
    expect(a).not.toContain("open");
    expect(Buffer.from(a.slice(3), "base64url").toString("latin1")).not.toContain("open sesame");
  });

  test("another secret cannot open it", () => {
    const sealed = encrypt(SECRET, "open sesame");
    expect(() => decrypt("another-secret", sealed)).toThrow(SecretBoxError);
  });

  test("a tampered value is refused instead of decrypting to garbage", () => {
    const sealed = encrypt(SECRET, "open sesame");
    const raw = Buffer.from(sealed.slice(3), "base64url");
    for (const index of [0, 13, raw.length - 1]) {
      const copy = Buffer.from(raw);
      copy[index] = copy[index]! ^ 0x01;
      expect(() => decrypt(SECRET, `v1.${copy.toString("base64url")}`)).toThrow(SecretBoxError);
    }
  });

  test("malformed values are refused", () => {
    for (const bad of ["", "open sesame", "v2.AAAA", "v1.", "v1.AAAA", "v1.a.b"]) {
      expect(() => decrypt(SECRET, bad)).toThrow(SecretBoxError);
    }
  });
});
