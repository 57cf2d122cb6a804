// Deep linking inside the LMS: the teacher ticks the Slate content to place; then a page that posts
// the signed answer back to the LMS (by itself, or with its button when scripts are off).
import type { FC } from "hono/jsx";
import { Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { FormActions } from "../../../ui/fields.tsx";
import type { Pickable } from "../lti/deep-linking.ts";

export const DeepLinkPickerPage: FC<{
  token: string;
  courseTitle: string;
  sectionId: number;
  items: Pickable[];
  multiple: boolean;
}> = (p) => (
  <>
    <PageHeader
      title="Place Slate content"
      subtitle={
        <>
          Pick what students of <strong>{p.courseTitle || "this course"}</strong> open from this link. The LMS
          gets a gradebook column for it.
        </>
      }
    />
    <form method="post" action={`/lti/deep-link/${p.token}`}>
      <Card class="flush">
        {p.items.length === 0 ? (
          <EmptyState icon="book" title="No tasks in this course's section yet">
            <a href={`/manage/sections/${p.sectionId}/tasks/new`} target="_blank" rel="noopener">
              Create a task
            </a>
            , then open this picker again from the LMS.
          </EmptyState>
        ) : (
          <fieldset class="choice-group pick-list">
            <legend class="sr-only">Tasks</legend>
            {p.items.map((item, i) => (
              <label class="choice">
                <input
                  type={p.multiple ? "checkbox" : "radio"}
                  name="target"
                  value={`${item.target.kind}:${item.target.id}`}
                  checked={!p.multiple && i === 0}
                />
                <span>
                  <strong>{item.target.title}</strong>
                  <span class="muted">Task · {item.maximum} points</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
      </Card>
      <FormActions class="mt" icon="link">
        Place in the LMS
      </FormActions>
    </form>
  </>
);

const AUTO_SUBMIT = 'document.getElementById("lti-return").submit();';

export const DeepLinkReturnPage: FC<{ returnUrl: string; jwt: string; nonce?: string }> = (p) => (
  <Card title="Returning to the LMS">
    <form method="post" action={p.returnUrl} id="lti-return">
      <input type="hidden" name="JWT" value={p.jwt} />
      <p class="muted">Sending your choice to the LMS…</p>
      <button type="submit" class="btn btn-primary">
        Return to the LMS
      </button>
    </form>
    {/* A constant script (no data in it): JSX would escape its quotes as text. */}
    <script nonce={p.nonce} dangerouslySetInnerHTML={{ __html: AUTO_SUBMIT }} />
  </Card>
);

export const LaunchErrorPage: FC<{ message: string }> = (p) => (
  <Card title="Slate could not open from the LMS">
    <p>{p.message}</p>
    <p class="muted">
      Nothing was changed. If this keeps happening, show this message to your Slate administrator.
    </p>
  </Card>
);
