// Problem chat: the messages of a conversation, the student's panel on the problem page, a thread's
// own page, the messages page (conversations grouped by problem) and the top bar's messages menu.
import type { FC } from "hono/jsx";
import { formatDateTime, timeAgo } from "../../../lib/format.ts";
import { Card, EmptyState, PageHeader } from "../../../ui/components.tsx";
import { Prose } from "../../../ui/markdown-field.tsx";
import { jsonForScript } from "../../../ui/workspace.tsx";
import { Avatar } from "../../profiles/avatar.tsx";
import type { Conversation, MessageRow } from "../chat/chat-model.ts";
import { CodeBlock } from "../highlight.tsx";

export const ChatIcon: FC<{ size?: number }> = ({ size = 20 }) => (
  <svg
    class="icon"
    width={size}
    height={size}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />
  </svg>
);

const Attached: FC<{ m: MessageRow; loadable: boolean }> = ({ m, loadable }) => {
  if (!m.code) return null;
  return (
    <div class="chat-code">
      {m.code.files.map((f) => (
        <details open={m.code!.files.length === 1}>
          <summary>
            <code>{f.name}</code>
            {f.name === m.code!.main && m.code!.files.length > 1 ? " (main)" : ""}
          </summary>
          <CodeBlock code={f.content} label={`${f.name}, attached by ${m.authorName}`} />
        </details>
      ))}
      {loadable ? (
        <div class="chat-code-actions">
          <script
            type="application/json"
            data-chat-code={String(m.id)}
            dangerouslySetInnerHTML={{ __html: jsonForScript(m.code) }}
          />
          <button type="button" class="btn btn-secondary btn-sm" data-load-code={String(m.id)}>
            Load into my editor
          </button>
        </div>
      ) : null}
    </div>
  );
};

/** The messages, oldest first. `viewerId` decides which are "mine"; `loadable`: on the problem page. */
export const ChatMessages: FC<{
  messages: MessageRow[];
  viewerId: number;
  loadable?: boolean;
  empty: string;
}> = (p) =>
  p.messages.length === 0 ? (
    <p class="muted chat-empty">{p.empty}</p>
  ) : (
    <ol class="chat-messages">
      {p.messages.map((m) => (
        <li class={`chat-message${m.authorId === p.viewerId ? " mine" : ""}`} id={`m${m.id}`}>
          <Avatar userId={m.authorId} name={m.authorName} />
          <div class="chat-bubble">
            <div class="chat-meta">
              <strong>{m.authorName}</strong>
              {m.authorRole !== "student" ? <span class="chat-role">teacher</span> : null}
              <time datetime={new Date(m.createdAt).toISOString()}>{formatDateTime(m.createdAt)}</time>
            </div>
            <Prose source={m.body} class="chat-body" />
            <Attached m={m} loadable={Boolean(p.loadable) && m.authorId !== p.viewerId} />
          </div>
        </li>
      ))}
    </ol>
  );

/**
 * A conversation that updates itself: its own stream sends the whole list again when a message
 * arrives (small threads; always right, never a duplicate), and the form posts with htmx or plainly.
 */
export const ChatThreadBox: FC<{
  threadId: number;
  messages: MessageRow[];
  viewerId: number;
  student: boolean;
  loadable?: boolean;
  studentMain?: string;
}> = (p) => (
  <div
    class="chat-thread"
    hx-ext="sse"
    sse-connect={`/chats/${p.threadId}/live${p.loadable ? "?editor=1" : ""}`}
  >
    <div
      class="chat-list"
      id={`chat-list-${p.threadId}`}
      sse-swap="messages"
      hx-swap="innerHTML"
      aria-live="polite"
      data-chat-list
    >
      <ChatMessages
        messages={p.messages}
        viewerId={p.viewerId}
        loadable={p.loadable}
        empty={
          p.student ? "No messages yet. Ask your teachers anything about this problem." : "No messages yet."
        }
      />
    </div>
    <form
      method="post"
      action={`/chats/${p.threadId}/messages`}
      class="chat-form stack"
      hx-post={`/chats/${p.threadId}/messages`}
      hx-target={`#chat-list-${p.threadId}`}
      hx-swap="innerHTML"
      data-chat-form
    >
      {p.loadable ? <input type="hidden" name="editor" value="1" /> : null}
      <label class="sr-only" for={`chat-body-${p.threadId}`}>
        Message
      </label>
      <textarea
        id={`chat-body-${p.threadId}`}
        name="body"
        rows={3}
        maxlength={4000}
        required
        placeholder={p.student ? "Ask a question… (Markdown works)" : "Write a reply… (Markdown works)"}
      />
      {p.student ? (
        <label class="check">
          <input type="checkbox" name="attach" value="on" checked />
          Attach my current code
        </label>
      ) : (
        <details class="chat-reply-code">
          <summary>Add code to the reply</summary>
          <label class="field-label" for={`chat-code-${p.threadId}`}>
            Code for <code>{p.studentMain ?? "main.py"}</code> (the student can load it into their editor)
          </label>
          <textarea
            id={`chat-code-${p.threadId}`}
            name="replyCode"
            rows={8}
            class="code-input"
            spellcheck={false}
            maxlength={100000}
          />
          <input type="hidden" name="replyFile" value={p.studentMain ?? "main.py"} />
        </details>
      )}
      <div class="actions">
        <button type="submit" class="btn btn-primary">
          Send
        </button>
      </div>
    </form>
  </div>
);

/** The problem page's chat card for a student. */
export const ProblemChatPanel: FC<{ threadId: number; messages: MessageRow[]; viewerId: number }> = (p) => (
  <section class="card chat-panel" id="chat" aria-labelledby="chat-title">
    <div class="card-head">
      <h2 id="chat-title">
        <ChatIcon /> Ask your teachers
      </h2>
    </div>
    <p class="muted chat-note">Only you and your section's teachers see this conversation.</p>
    <ChatThreadBox threadId={p.threadId} messages={p.messages} viewerId={p.viewerId} student loadable />
  </section>
);

export const ThreadPage: FC<{
  threadId: number;
  messages: MessageRow[];
  viewerId: number;
  teaches: boolean;
  student: { id: number; name: string };
  problem: { id: number; title: string };
  section: { id: number; name: string };
  studentMain: string;
}> = (p) => (
  <>
    <p class="breadcrumb">
      <a href="/messages">Messages</a> / <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
      <a href={`/problems/${p.problem.id}`}>{p.problem.title}</a>
    </p>
    <PageHeader
      title={p.problem.title}
      subtitle={
        <span class="with-avatar">
          <Avatar userId={p.student.id} name={p.student.name} /> Conversation with{" "}
          {p.teaches ? p.student.name : "your teachers"}
        </span>
      }
    />
    <Card>
      <ChatThreadBox
        threadId={p.threadId}
        messages={p.messages}
        viewerId={p.viewerId}
        student={!p.teaches}
        studentMain={p.studentMain}
      />
    </Card>
  </>
);

/** Conversations grouped by problem (a teacher sees each problem's students together). */
function byProblem(list: Conversation[]): Conversation[][] {
  const groups = new Map<number, Conversation[]>();
  for (const c of list) groups.set(c.problemId, [...(groups.get(c.problemId) ?? []), c]);
  return [...groups.values()];
}

const ConversationLink: FC<{ c: Conversation; teaches: boolean; now: number }> = ({ c, teaches, now }) => (
  <a class={`conversation${c.unread > 0 ? " unread" : ""}`} href={`/chats/${c.threadId}`}>
    <Avatar userId={c.studentId} name={c.studentName} zoom={false} />
    <span class="conversation-text">
      <strong>{teaches ? c.studentName : "Your teachers"}</strong>
      <span class="conversation-last">{c.lastBody.slice(0, 90)}</span>
    </span>
    <span class="conversation-side">
      <small>{timeAgo(c.lastMessageAt, now)}</small>
      {c.unread > 0 ? (
        <span class="count-badge">
          {c.unread}
          <span class="sr-only"> unread</span>
        </span>
      ) : null}
    </span>
  </a>
);

export const ConversationGroups: FC<{
  list: Conversation[];
  teaches: boolean;
  now: number;
  compact?: boolean;
}> = (p) => (
  <div class="conversation-groups">
    {byProblem(p.list).map((group) => {
      const unread = group.reduce((n, c) => n + c.unread, 0);
      return (
        <section class="conversation-group">
          <h3>
            {group[0]!.problemTitle}
            <small>
              {" "}
              · {group[0]!.taskTitle} · {group[0]!.sectionName}
            </small>
            {unread > 0 && p.compact ? <span class="count-badge">{unread}</span> : null}
          </h3>
          {group.map((c) => (
            <ConversationLink c={c} teaches={p.teaches} now={p.now} />
          ))}
        </section>
      );
    })}
  </div>
);

export const MessagesPage: FC<{ list: Conversation[]; teaches: boolean; now: number }> = (p) => (
  <>
    <PageHeader title="Messages" subtitle="Questions about problems, between students and their teachers." />
    {p.list.length === 0 ? (
      <EmptyState icon="bell" title="No conversations yet">
        <p>
          {p.teaches
            ? "When a student asks about a problem, the conversation appears here."
            : "Ask your teachers from any problem page: the “Ask your teachers” card below the editor."}
        </p>
      </EmptyState>
    ) : (
      <Card>
        <ConversationGroups list={p.list} teaches={p.teaches} now={p.now} />
      </Card>
    )}
  </>
);

/** The unread count on the messages button; `oob` replaces the one on the page (live). */
export const MessagesCount: FC<{ count: number; oob?: boolean }> = ({ count, oob }) => (
  <span id="messages-count" class="bell-count" hx-swap-oob={oob ? "true" : undefined}>
    {count > 0 ? (
      <>
        <span class="bell-badge" aria-hidden="true">
          {count > 99 ? "99+" : count}
        </span>
        <span class="sr-only">, {count} unread</span>
      </>
    ) : null}
  </span>
);

/** The top bar's messages button: a link without scripts, a dropdown of conversations with htmx. */
export const MessagesMenu: FC = () => (
  <details class="bell messages-menu" data-bell>
    <summary class="btn btn-ghost btn-icon" title="Messages">
      <ChatIcon />
      <span class="sr-only">Messages</span>
      <span hx-get="/messages/count" hx-trigger="load" hx-swap="outerHTML">
        <MessagesCount count={0} />
      </span>
    </summary>
    <div
      class="bell-menu"
      hx-get="/messages/menu"
      hx-trigger="toggle from:closest details"
      hx-swap="innerHTML"
    >
      <a href="/messages">Open your messages</a>
    </div>
  </details>
);

export const MessagesMenuBody: FC<{ list: Conversation[]; teaches: boolean; now: number }> = (p) => (
  <>
    <div class="bell-menu-head">
      <strong>Messages</strong>
    </div>
    {p.list.length === 0 ? (
      <p class="muted bell-empty">No conversations yet.</p>
    ) : (
      <ConversationGroups list={p.list.slice(0, 8)} teaches={p.teaches} now={p.now} compact />
    )}
    <a class="bell-all" href="/messages">
      See all messages
    </a>
  </>
);
