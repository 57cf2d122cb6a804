// What the community features add to a problem page (one line there renders this): the student's
// chat with their teachers and the problem's discussion, both loaded after the page (htmx), with
// plain links for browsers without scripts.
import type { FC } from "hono/jsx";

export const ProblemCommunity: FC<{ problemId: number; sectionId: number; preview?: boolean }> = ({
  problemId,
  sectionId,
  preview,
}) => (
  <>
    {preview ? (
      <p class="live-class-link">
        <a class="btn btn-secondary" href={`/sections/${sectionId}/live-class?problem=${problemId}`}>
          Watch your class work on this problem live
        </a>
      </p>
    ) : (
      <div id="chat" hx-get={`/problems/${problemId}/chat`} hx-trigger="load" hx-swap="outerHTML">
        <a href={`/problems/${problemId}/chat`}>Ask your teachers about this problem</a>
      </div>
    )}
    <div id="discussion" hx-get={`/problems/${problemId}/discussion`} hx-trigger="load" hx-swap="outerHTML">
      <a href={`/problems/${problemId}/discussion`}>Open the discussion of this problem</a>
    </div>
  </>
);

/** Under the editor: students are told, plainly, that their teachers can follow their code live. */
export const TeacherCanSeeNotice: FC<{ preview?: boolean }> = ({ preview }) =>
  preview ? null : (
    <p class="muted hint live-notice" id="teacher-can-see">
      Your teachers can see the code in this editor as you type (it is saved as a draft), and your last test
      result.
    </p>
  );
