// The forms that manage a bank's contents (src/features/assessments/bank-manage-routes.tsx): the
// bank's name and deletion, each category's name and deletion, a question's category and deletion.
import type { FC } from "hono/jsx";
import type { QuestionBank } from "../../../db/tables/assessments.ts";
import { ActionButton, SubmitButton } from "../../../ui/buttons.tsx";
import { Card } from "../../../ui/components.tsx";
import { Field, SelectField } from "../../../ui/fields.tsx";
import type { CategoryNode } from "../banks.ts";

export const BankSettingsCard: FC<{ bank: QuestionBank; owner: boolean }> = ({ bank, owner }) => (
  <Card title="Bank">
    <form method="post" action={`/banks/${bank.id}/rename`} class="stack">
      <Field label="Name" name="name" id="bank-name" value={bank.name} required maxlength={120} />
      <div class="actions">
        <SubmitButton tone="secondary">Rename</SubmitButton>
      </div>
    </form>
    {owner ? (
      <div class="stack mt">
        <p class="hint">Only an empty bank can be deleted.</p>
        <div class="actions">
          <ActionButton
            action={`/banks/${bank.id}/delete`}
            tone="danger"
            confirm={`Delete the bank ${bank.name}?`}
          >
            Delete bank
          </ActionButton>
        </div>
      </div>
    ) : null}
  </Card>
);

/** One category's row in the tree: its name, count, and a fold-out to rename or delete it. */
export const CategoryItem: FC<{ bankId: number; c: CategoryNode; count: number }> = ({
  bankId,
  c,
  count,
}) => (
  <li class={`depth-${Math.min(c.depth, 5)}`}>
    <details class="category-edit">
      <summary>
        {c.name} <span class="muted">({count})</span>
      </summary>
      <form method="post" action={`/banks/${bankId}/categories/${c.id}/rename`} class="inline-form">
        <Field label="Rename" name="name" id={`cat-${c.id}`} value={c.name} required maxlength={120} />
        <SubmitButton tone="secondary" small>
          Rename
        </SubmitButton>
      </form>
      <ActionButton
        action={`/banks/${bankId}/categories/${c.id}/delete`}
        tone="danger"
        small
        confirm={`Delete the category ${c.name}?`}
      >
        Delete
      </ActionButton>
    </details>
  </li>
);

export const QuestionManageCard: FC<{ questionId: number; categoryId: number; tree: CategoryNode[] }> = (
  p,
) => (
  <Card title="Move or delete">
    <form method="post" action={`/questions/${p.questionId}/move`} class="stack">
      <SelectField
        label="Category"
        name="category_id"
        id="move-category"
        options={p.tree.map((c) => ({ value: String(c.id), label: `${"— ".repeat(c.depth)}${c.name}` }))}
        value={String(p.categoryId)}
      />
      <div class="actions">
        <SubmitButton tone="secondary">Move</SubmitButton>
      </div>
    </form>
    <div class="stack mt">
      <p class="hint">
        A question that attempts used is hidden from the bank instead of deleted, so their reviews keep it.
      </p>
      <div class="actions">
        <ActionButton
          action={`/questions/${p.questionId}/delete`}
          tone="danger"
          confirm="Delete this question?"
        >
          Delete question
        </ActionButton>
      </div>
    </div>
  </Card>
);
