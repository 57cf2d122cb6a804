// What is compared of a submission: its Python files in name order, one document. With several files
// each starts with a comment line naming it (comments are not tokens, so the header never matches).
export interface CodeFile {
  name: string;
  content: string;
}

export function documentText(files: CodeFile[]): string {
  const python = files.filter((f) => f.name.endsWith(".py")).sort((a, b) => a.name.localeCompare(b.name));
  if (python.length === 1) return python[0]!.content;
  return python
    .map((f) => `# ── ${f.name} ──\n${f.content.endsWith("\n") ? f.content : `${f.content}\n`}`)
    .join("");
}

/** A files column (JSON) as a document; broken JSON reads as an empty document. */
export function documentOfJson(json: string): string {
  try {
    const files = JSON.parse(json) as CodeFile[];
    return Array.isArray(files) ? documentText(files.filter((f) => typeof f?.content === "string")) : "";
  } catch {
    return "";
  }
}
