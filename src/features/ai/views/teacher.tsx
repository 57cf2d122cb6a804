// The teachers' side: the AI switches of a section (on the section's edit page) and of a task (on
// the task's edit page), and the tutor conversations of the section's students, with every reply
// the leak guard withheld.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Section, User } from "../../../db/schema.ts";
import type { AiLeak, AiMessage } from "../../../db/tables/ai.ts";
import type { Problem, Task } from "../../../db/tables/problems.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { Alert, Badge, Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { CheckField, Field, FormActions } from "../../../ui/fields.tsx";
import { SectionCrumbs } from "../../../ui/section-nav.tsx";
import { DataTable, hiddenCol, numCol } from "../../../ui/table.tsx";
import type { ConversationRow } from "../conversations.ts";
import type { SectionAi, TaskAi } from "../switches.ts";
import { AiStyles } from "./panels.tsx";

/** Loaded into a slot of /sections/:id/edit (and works as a page of its own without scripts). */
export const SectionAiForm: FC<{ sectionId: number; ai: SectionAi; unavailable?: string; error?: string }> = (
  p,
) => (
  <Card title="AI help">
    {p.unavailable ? <Alert kind="info">{p.unavailable}</Alert> : null}
    <form
      method="post"
      action={`/ai/sections/${p.sectionId}/settings`}
      class="stack"
      id="ai-section-settings"
    >
      {p.error ? <Alert kind="error">{p.error}</Alert> : null}
      <CheckField
        name="complexity"
        label="AI Analysis (complexity badges)"
        checked={p.ai.complexity}
        hint="Students can ask for the time and space complexity of their code."
      />
      <CheckField
        name="tutor"
        label="Tutor"
        checked={p.ai.tutor}
        hint="Students can ask for hints; replies that would solve a problem are held back."
      />
      <Field
        label="AI requests per student per day"
        name="dailyLimit"
        type="number"
        min={0}
        max={10000}
        value={String(p.ai.dailyLimit)}
        required
      />
      <p class="muted">Each task can turn these off again (for an exam) on its edit page.</p>
      <FormActions>Save AI settings</FormActions>
    </form>
    <p class="mt">
      <a href={`/ai/sections/${p.sectionId}/conversations`}>Tutor conversations of this section’s students</a>
    </p>
  </Card>
);

export const TaskAiForm: FC<{ taskId: number; ai: TaskAi; section: SectionAi }> = (p) => (
  <Card title="AI help for this task">
    <form method="post" action={`/ai/tasks/${p.taskId}/settings`} class="stack" id="ai-task-settings">
      <CheckField
        name="complexity"
        label="AI Analysis allowed"
        checked={p.ai.complexity}
        hint={
          p.section.complexity
            ? "On for the section."
            : "Off for the whole section (its edit page turns it on)."
        }
      />
      <CheckField
        name="tutor"
        label="Tutor allowed"
        checked={p.ai.tutor}
        hint={
          p.section.tutor ? "On for the section." : "Off for the whole section (its edit page turns it on)."
        }
      />
      <FormActions>Save AI settings</FormActions>
    </form>
  </Card>
);

export const SettingsFormPage: FC<{ title: string; back: string; children: unknown }> = (p) => (
  <>
    <PageHeader title={p.title} />
    {p.children as never}
    <p class="mt">
      <a href={p.back}>Back</a>
    </p>
  </>
);

export const ConversationsPage: FC<{ section: Section; rows: ConversationRow[] }> = (p) => (
  <>
    <SectionCrumbs section={p.section} here="Tutor conversations" />
    <PageHeader
      title="Tutor conversations"
      subtitle={`What the students of ${p.section.name} asked the tutor, and what it answered.`}
    />
    <Card class="flush">
      {p.rows.length === 0 ? (
        <EmptyState icon="info" title="No conversations yet">
          Students' questions to the tutor appear here once the tutor is on and they use it.
        </EmptyState>
      ) : (
        <DataTable
          columns={["Student", "Problem", numCol("Messages"), numCol("Withheld"), "Last", hiddenCol("Open")]}
        >
          {p.rows.map((r) => (
            <tr>
              <td>
                {r.displayName}
                <span class="sub">{r.username}</span>
              </td>
              <td>
                {r.problemTitle}
                <span class="sub">{r.taskTitle}</span>
              </td>
              <td class="num">{r.messages}</td>
              <td class="num">{r.withheld > 0 ? <Badge tone="warning">{r.withheld}</Badge> : "0"}</td>
              <td>{formatDateTime(r.lastAt)}</td>
              <td class="num">
                <a href={`/ai/sections/${p.section.id}/conversations/${r.userId}/${r.problemId}`}>Read</a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  </>
);

export const ConversationPage: FC<{
  section: Section;
  student: User;
  problem: Problem;
  task: Task;
  messages: (AiMessage & { html?: string })[];
  leaks: AiLeak[];
  leakHtml: string[];
}> = (p) => (
  <>
    <SectionCrumbs section={p.section} here="Tutor conversation" />
    <PageHeader
      title={`${p.student.display_name} · ${p.problem.title}`}
      subtitle={`${p.task.title}: the tutor conversation, as the teacher sees it.`}
    />
    <AiStyles />
    <div class="grid grid-2-1">
      <Card title="Conversation">
        {p.messages.length === 0 ? (
          <p class="muted">No messages.</p>
        ) : (
          <ol class="ai-log ai-log-teacher">
            {p.messages.map((m) => (
              <li class={`ai-msg ai-msg-${m.role}`}>
                <span class="ai-msg-meta muted">
                  {m.role === "user" ? p.student.display_name : "Tutor"} · {formatDateTime(m.created_at)}
                  {m.cleared_at ? " · cleared by the student" : ""}
                  {m.withheld ? " · replaced a withheld reply" : ""}
                </span>
                {m.role === "user" ? (
                  <div class="ai-msg-body">{m.content}</div>
                ) : (
                  <div class="ai-msg-body ai-md">{raw(m.html ?? "")}</div>
                )}
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card title={`Withheld replies (${p.leaks.length})`}>
        {p.leaks.length === 0 ? (
          <p class="muted">None: no reply's code solved the problem.</p>
        ) : (
          <ul class="ai-leaks">
            {p.leaks.map((l, i) => (
              <li>
                <p class="muted">
                  {formatDateTime(l.created_at)}: its code passed {l.tests_passed} of {l.tests_total} tests
                  (the student’s code {l.student_passed}); replaced by a {l.replaced_by}.
                </p>
                <details>
                  <summary>Show the withheld reply</summary>
                  <div class="ai-md">{raw(p.leakHtml[i] ?? "")}</div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  </>
);
