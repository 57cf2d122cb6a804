// A problem's discussion: comments and replies in Markdown (sanitized), the pinned one first, edit
// and delete for their authors, delete and pin for teachers, and the teacher's visibility choice.
import type { FC } from "hono/jsx";
import { formatDateTime } from "../../../lib/format.ts";
import { PageHeader } from "../../../ui/components.tsx";
import { Prose } from "../../../ui/markdown-field.tsx";
import { Avatar } from "../../profiles/avatar.tsx";
import type { CommentRow, Visibility } from "../discussion/discussion-model.ts";

export interface DiscussionViewer {
  id: number;
  teaches: boolean;
}

const target = (problemId: number) => ({
  "hx-target": `#discussion-list-${problemId}`,
  "hx-swap": "innerHTML",
});

const CommentForm: FC<{ problemId: number; parentId?: number; label: string }> = (p) => (
  <form
    method="post"
    action={`/problems/${p.problemId}/discussion`}
    hx-post={`/problems/${p.problemId}/discussion`}
    {...target(p.problemId)}
    class="stack discussion-form"
  >
    {p.parentId ? <input type="hidden" name="parentId" value={String(p.parentId)} /> : null}
    <label class="sr-only" for={`d-${p.problemId}-${p.parentId ?? 0}`}>
      {p.label}
    </label>
    <textarea
      id={`d-${p.problemId}-${p.parentId ?? 0}`}
      name="body"
      rows={p.parentId ? 2 : 3}
      maxlength={5000}
      required
      placeholder={
        p.parentId ? "Write a reply… (Markdown works)" : "Share a thought or ask the class… (Markdown works)"
      }
    />
    <div class="actions">
      <button type="submit" class="btn btn-primary btn-sm">
        {p.parentId ? "Reply" : "Post comment"}
      </button>
    </div>
  </form>
);

const SmallAction: FC<{
  problemId: number;
  action: string;
  label: string;
  confirm?: string;
  more: string;
}> = (p) => (
  <form
    method="post"
    action={p.action}
    hx-post={p.action}
    {...target(p.problemId)}
    class="inline"
    hx-confirm={p.confirm}
  >
    <button type="submit" class="btn btn-ghost btn-sm">
      {p.label}
      <span class="sr-only"> {p.more}</span>
    </button>
  </form>
);

const Comment: FC<{ c: CommentRow; replies: CommentRow[]; viewer: DiscussionViewer; problemId: number }> = (
  p,
) => {
  const mine = p.c.author_id === p.viewer.id;
  const deleted = p.c.deleted_at !== null;
  const about = `comment by ${p.c.author_name}`;
  return (
    <li class={`comment${p.c.pinned ? " pinned" : ""}`} id={`c${p.c.id}`}>
      {deleted ? (
        <p class="muted comment-deleted">This comment was deleted.</p>
      ) : (
        <>
          <div class="comment-head">
            <Avatar userId={p.c.author_id} name={p.c.author_name} />
            <strong>{p.c.author_name}</strong>
            {p.c.author_role !== "student" ? <span class="chat-role">teacher</span> : null}
            {p.c.pinned ? <span class="pin-mark">Pinned</span> : null}
            <time class="muted">
              {formatDateTime(p.c.created_at)}
              {p.c.edited_at ? " · edited" : ""}
            </time>
          </div>
          <Prose source={p.c.body} class="comment-body" />
          <div class="comment-actions">
            {p.c.parent_id === null ? (
              <details class="reply-to">
                <summary>Reply</summary>
                <CommentForm problemId={p.problemId} parentId={p.c.id} label={`Reply to ${about}`} />
              </details>
            ) : null}
            {mine ? (
              <details class="reply-to">
                <summary>Edit</summary>
                <form
                  method="post"
                  action={`/discussion/${p.c.id}/edit`}
                  hx-post={`/discussion/${p.c.id}/edit`}
                  {...target(p.problemId)}
                  class="stack"
                >
                  <label class="sr-only" for={`edit-${p.c.id}`}>
                    Edit your comment
                  </label>
                  <textarea id={`edit-${p.c.id}`} name="body" rows={3} maxlength={5000} required>
                    {p.c.body}
                  </textarea>
                  <div class="actions">
                    <button type="submit" class="btn btn-primary btn-sm">
                      Save
                    </button>
                  </div>
                </form>
              </details>
            ) : null}
            {mine || p.viewer.teaches ? (
              <SmallAction
                problemId={p.problemId}
                action={`/discussion/${p.c.id}/delete`}
                label="Delete"
                more={about}
                confirm="Delete this comment?"
              />
            ) : null}
            {p.viewer.teaches && p.c.parent_id === null ? (
              <SmallAction
                problemId={p.problemId}
                action={`/discussion/${p.c.id}/${p.c.pinned ? "unpin" : "pin"}`}
                label={p.c.pinned ? "Unpin" : "Pin"}
                more={about}
              />
            ) : null}
          </div>
        </>
      )}
      {p.replies.length > 0 ? (
        <ol class="comments nested">
          {p.replies.map((r) => (
            <Comment c={r} replies={[]} viewer={p.viewer} problemId={p.problemId} />
          ))}
        </ol>
      ) : null}
    </li>
  );
};

/** The comments: the pinned one first, then oldest first; replies under their comment. */
export const DiscussionList: FC<{ comments: CommentRow[]; viewer: DiscussionViewer; problemId: number }> = (
  p,
) => {
  const top = p.comments.filter((c) => c.parent_id === null);
  top.sort((a, b) => b.pinned - a.pinned || a.id - b.id);
  if (top.length === 0) return <p class="muted">No comments yet. Start the discussion.</p>;
  return (
    <ol class="comments">
      {top.map((c) => (
        <Comment
          c={c}
          replies={p.comments.filter((r) => r.parent_id === c.id)}
          viewer={p.viewer}
          problemId={p.problemId}
        />
      ))}
    </ol>
  );
};

const VisibilityForm: FC<{ problemId: number; visibility: Visibility }> = (p) => (
  <form
    method="post"
    action={`/problems/${p.problemId}/discussion/settings`}
    class="form-row discussion-settings"
  >
    <label for={`vis-${p.problemId}`}>Students see the discussion</label>
    <select id={`vis-${p.problemId}`} name="visibility">
      <option value="always" selected={p.visibility === "always"}>
        always
      </option>
      <option value="after_solved" selected={p.visibility === "after_solved"}>
        only after solving the problem
      </option>
    </select>
    <button type="submit" class="btn btn-secondary btn-sm">
      Save
    </button>
  </form>
);

export const DiscussionPanel: FC<{
  problemId: number;
  comments: CommentRow[] | null;
  viewer: DiscussionViewer;
  visibility: Visibility;
}> = (p) => (
  <section class="card discussion" id="discussion" aria-labelledby="discussion-title">
    <div class="card-head">
      <h2 id="discussion-title">Discussion</h2>
    </div>
    {p.viewer.teaches ? <VisibilityForm problemId={p.problemId} visibility={p.visibility} /> : null}
    {p.comments === null ? (
      <p class="muted">
        The discussion opens once you have solved this problem, so nobody spoils the answer for you.
      </p>
    ) : (
      <div hx-ext="sse" sse-connect={`/problems/${p.problemId}/discussion/live`}>
        <div id={`discussion-list-${p.problemId}`} sse-swap="discussion" hx-swap="innerHTML">
          <DiscussionList comments={p.comments} viewer={p.viewer} problemId={p.problemId} />
        </div>
        <CommentForm problemId={p.problemId} label="Your comment" />
      </div>
    )}
  </section>
);

export const DiscussionPage: FC<{ title: string; children?: unknown }> = (p) => (
  <>
    <PageHeader title={`Discussion · ${p.title}`} />
    {p.children}
  </>
);
