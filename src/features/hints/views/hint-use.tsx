// A teacher's note of a student's hint use on a problem: "hints #1, #2 · −3 pts".
import type { FC } from "hono/jsx";
import type { HintUse } from "../hints.ts";

export type { HintUse };

export const HintUseNote: FC<{ use?: HintUse }> = ({ use }) =>
  use ? (
    <span class="sub hint-use">
      hint{use.numbers.length === 1 ? "" : "s"} {use.numbers.map((n) => `#${n}`).join(", ")} · −{use.penalty}{" "}
      pts
    </span>
  ) : null;
