// What a valid set of problem data files is, in one place: the editor's upload and the Markdown import
// refuse the same things with the same words.
import { MAX_DATA_BYTES, MAX_DATA_FILE_BYTES, MAX_DATA_FILES } from "../../models/problem-data-files.ts";
import { fileNameProblem } from "../problems/authoring-rules.ts";

/** Why a file of this name and size cannot join (or replace one of) the existing files, or null. */
export function dataFileProblem(
  existing: { name: string; size: number }[],
  name: string,
  bytes: number,
): string | null {
  const nameProblem = fileNameProblem(name);
  if (nameProblem) return nameProblem;
  if (bytes > MAX_DATA_FILE_BYTES) return `${name} is over ${MAX_DATA_FILE_BYTES / 1024} KiB.`;
  const others = existing.filter((f) => f.name !== name);
  if (others.length >= MAX_DATA_FILES) return `A problem has at most ${MAX_DATA_FILES} data files.`;
  const total = others.reduce((sum, f) => sum + f.size, 0) + bytes;
  if (total > MAX_DATA_BYTES)
    return `The data files would be over ${MAX_DATA_BYTES / 1024 / 1024} MiB together.`;
  return null;
}
