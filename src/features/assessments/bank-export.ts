// A bank (or one category and those below it) as GIFT, Aiken or CSV. GIFT keeps the categories as
// `$CATEGORY:` lines; Aiken takes only the questions its format can hold; CSV is one row a question.
import { toCsv } from "../../lib/csv.ts";
import type { CategoryNode, QuestionRow } from "./banks.ts";
import { exportAiken } from "./formats/aiken.ts";
import { exportGift } from "./formats/gift.ts";
import type { ImportedItem } from "./formats/types.ts";
import { rightAnswer } from "./grading.ts";
import { questionOf } from "./question.ts";

export function giftOf(tree: CategoryNode[], rows: QuestionRow[]): string {
  const items: ImportedItem[] = [];
  for (const c of tree) {
    const mine = rows.filter((r) => r.category_id === c.id);
    if (mine.length === 0) continue;
    items.push({ qtype: "category", category: c.path });
    for (const r of mine) items.push(questionOf(r.version));
  }
  return exportGift(items);
}

export function aikenOf(rows: QuestionRow[]): string {
  return exportAiken(rows.map((r) => questionOf(r.version)));
}

export function csvOf(tree: CategoryNode[], rows: QuestionRow[]): string {
  const path = new Map(tree.map((c) => [c.id, c.path]));
  return toCsv([
    [
      "category",
      "name",
      "type",
      "default_mark",
      "version",
      "text",
      "answers",
      "right_answer",
      "general_feedback",
      "tags",
    ],
    ...rows.map((r) => {
      const q = questionOf(r.version);
      const answers = (q.answer ?? []).map((a, i) => `${a} (${Math.round((q.fraction?.[i] ?? 0) * 100)}%)`);
      const pairs = (q.subquestions ?? []).map((s, i) => `${s} -> ${q.subanswers?.[i] ?? ""}`);
      return [
        path.get(r.category_id) ?? "",
        q.name,
        q.qtype,
        q.defaultmark,
        r.version.version,
        q.questiontext,
        [...answers, ...pairs].join(" | "),
        rightAnswer(q),
        q.generalfeedback,
        q.tags.join(", "),
      ];
    }),
  ]);
}
