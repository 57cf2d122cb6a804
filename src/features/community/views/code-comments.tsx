// A submission's code with the teachers' comments beside their lines: each file highlighted with
// line numbers, comments under the line they are about; teachers add, edit and delete them.
import type { FC } from "hono/jsx";
import { formatDateTime } from "../../../lib/format.ts";
import { Card } from "../../../ui/components.tsx";
import { Prose } from "../../../ui/markdown-field.tsx";
import { Avatar } from "../../profiles/avatar.tsx";
import type { CodeCommentRow } from "../code-comments/comment-model.ts";
import { highlightLines } from "../highlight.tsx";

const anchor = (file: string, line: number) => `L-${file.replace(/[^\w.-]/g, "_")}-${line}`;

const LineComment: FC<{ c: CodeCommentRow; viewerId: number; teaches: boolean }> = ({
  c,
  viewerId,
  teaches,
}) => (
  <li class="line-comment" id={`cc${c.id}`}>
    <div class="comment-head">
      <Avatar userId={c.author_id} name={c.author_name} />
      <strong>{c.author_name}</strong>
      <time class="muted">
        {formatDateTime(c.created_at)}
        {c.edited_at ? " · edited" : ""}
      </time>
    </div>
    <Prose source={c.body} class="comment-body" />
    {teaches ? (
      <div class="comment-actions">
        {c.author_id === viewerId ? (
          <details class="reply-to">
            <summary>Edit</summary>
            <form method="post" action={`/code-comments/${c.id}/edit`} class="stack">
              <label class="sr-only" for={`cc-edit-${c.id}`}>
                Edit your comment on line {c.line}
              </label>
              <textarea id={`cc-edit-${c.id}`} name="body" rows={3} maxlength={5000} required>
                {c.body}
              </textarea>
              <div class="actions">
                <button type="submit" class="btn btn-primary btn-sm">
                  Save
                </button>
              </div>
            </form>
          </details>
        ) : null}
        <form
          method="post"
          action={`/code-comments/${c.id}/delete`}
          class="inline"
          data-confirm="Delete this comment?"
        >
          <button type="submit" class="btn btn-ghost btn-sm">
            Delete<span class="sr-only"> the comment on line {c.line}</span>
          </button>
        </form>
      </div>
    ) : null}
  </li>
);

const AddForm: FC<{ submissionId: number; file: string; lines: number; fileIndex: number }> = (p) => (
  <form
    method="post"
    action={`/submissions/${p.submissionId}/comments`}
    class="stack add-line-comment"
    data-line-form
  >
    <input type="hidden" name="file" value={p.file} />
    <div class="form-row">
      <label for={`cc-line-${p.fileIndex}`}>Comment on line</label>
      <input
        id={`cc-line-${p.fileIndex}`}
        type="number"
        name="line"
        min={1}
        max={p.lines}
        required
        class="line-input"
        data-line-input
      />
      <span class="muted">(or click a line number)</span>
    </div>
    <label class="sr-only" for={`cc-body-${p.fileIndex}`}>
      Comment
    </label>
    <textarea
      id={`cc-body-${p.fileIndex}`}
      name="body"
      rows={3}
      maxlength={5000}
      required
      placeholder="What should the student notice here? (Markdown works)"
    />
    <div class="actions">
      <button type="submit" class="btn btn-primary btn-sm">
        Add comment
      </button>
    </div>
  </form>
);

export const AnnotatedCode: FC<{
  submissionId: number;
  files: { name: string; content: string }[];
  main: string;
  comments: CodeCommentRow[];
  viewerId: number;
  teaches: boolean;
}> = (p) => (
  <>
    {p.files.map((f, fi) => {
      const lines = highlightLines(f.content);
      const mine = p.comments.filter((c) => c.file === f.name);
      return (
        <Card title={f.name === p.main ? `${f.name} (main)` : f.name} class="annotated">
          {mine.length > 0 ? (
            <p class="muted annotated-count">
              {mine.length} {mine.length === 1 ? "comment" : "comments"} from your teacher
              {p.teaches ? "s" : ""}
            </p>
          ) : null}
          <section class="code-block annotated-code" aria-label={`${f.name} with comments`} tabindex={0}>
            {lines.map((line, i) => {
              const n = i + 1;
              const here = mine.filter((c) => c.line === n);
              return (
                <>
                  <div class={`code-line${here.length ? " has-comments" : ""}`} id={anchor(f.name, n)}>
                    {p.teaches ? (
                      <button
                        type="button"
                        class="line-no"
                        data-pick-line={String(n)}
                        aria-label={`Comment on line ${n}`}
                      >
                        {n}
                      </button>
                    ) : (
                      <span class="line-no">{n}</span>
                    )}
                    <code>{line.map((s) => (s.cls ? <span class={s.cls}>{s.text}</span> : s.text))}</code>
                  </div>
                  {here.length > 0 ? (
                    <ol class="line-comments" aria-label={`Comments on line ${n}`}>
                      {here.map((c) => (
                        <LineComment c={c} viewerId={p.viewerId} teaches={p.teaches} />
                      ))}
                    </ol>
                  ) : null}
                </>
              );
            })}
          </section>
          {p.teaches ? (
            <AddForm submissionId={p.submissionId} file={f.name} lines={lines.length} fileIndex={fi} />
          ) : null}
        </Card>
      );
    })}
  </>
);
