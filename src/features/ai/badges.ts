// Colour of a Big-O class: O(1) green, O(log n) blue, O(n) cyan, O(n log n) yellow, O(n²) orange,
// O(n³) red, O(2ⁿ) purple, anything else grey. Models write the same class many ways ("O(n^2)",
// "O(n**2)", "O(N²)", "O(n * n)"), so the text is normalised before it is matched.
export type ComplexityTone = "o1" | "ologn" | "on" | "onlogn" | "on2" | "on3" | "o2n" | "other";

const SUPERSCRIPTS: Record<string, string> = { "²": "^2", "³": "^3", ⁿ: "^n" };

export function normalizeBigO(text: string): string {
  let s = text.trim().toLowerCase();
  s = s.replace(/[²³ⁿ]/g, (ch) => SUPERSCRIPTS[ch] ?? ch);
  s = s.replace(/\*\*/g, "^").replace(/\s+/g, "");
  const inner = s.match(/^o\((.*)\)$/)?.[1] ?? s;
  return inner
    .replace(/log_?2?\(?n\)?/g, "logn")
    .replace(/\bn\*n\*n\b|^n\*n\*n$/g, "n^3")
    .replace(/^n\*n$/g, "n^2")
    .replace(/\*/g, "")
    .replace(/·/g, "");
}

export function complexityTone(text: string): ComplexityTone {
  const n = normalizeBigO(text);
  switch (n) {
    case "1":
      return "o1";
    case "logn":
      return "ologn";
    case "n":
      return "on";
    case "nlogn":
      return "onlogn";
    case "n^2":
      return "on2";
    case "n^3":
      return "on3";
    case "2^n":
      return "o2n";
    default:
      return "other";
  }
}
