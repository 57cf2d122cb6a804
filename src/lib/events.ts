// The in-process event bus: workflows publish what happened, SSE streams subscribe. Subscribers get
// events synchronously; a throwing subscriber is logged and never breaks the publisher.
type Handler<T> = (payload: T) => void;

export interface SlateEvents {
  /**
   * A submission's score changed: its grading finished (graded or error, including regrades), or a
   * teacher overrode the score.
   */
  "submission:graded": {
    submissionId: number;
    problemId: number;
    taskId: number;
    sectionId: number;
    userId: number;
  };
  /** A practice catalog submission's grading finished (src/features/practice/). */
  "practice:graded": { submissionId: number; problemId: number; userId: number };
  /** Its points and achievements were given (after "practice:graded"). */
  "practice:scored": { submissionId: number; problemId: number; userId: number };
  /** A teacher created, edited or deleted a task (its times, rules or visibility may have changed). */
  "task:changed": { taskId: number; sectionId: number };
  /** A regrade batch made progress. */
  /** New notifications were stored for these users (an announcement fanned out). */
  "notifications:new": { userIds: number[]; title: string; link: string | null; heading?: string };
  /** A user marked notifications read (their other open pages update the bell). */
  "notifications:read": { userId: number };
  /** An assessment's attempts changed: one started, was saved as submitted, marked or regraded. */
  "assessment:changed": { assessmentId: number; sectionId: number; userId: number };
  /** A chat message was posted in a problem's conversation (src/features/community/chat). */
  "chat:message": {
    threadId: number;
    problemId: number;
    sectionId: number;
    studentId: number;
    authorId: number;
  };
  /** A conversation was read by a user (their messages menu count changes). */
  "chat:read": { userId: number };
  /** A support ticket or its replies changed (src/features/tickets). */
  "ticket:changed": { ticketId: number; authorId: number };
  /** A problem's discussion changed (src/features/community/discussion). */
  "discussion:changed": { problemId: number };
  /** A student's draft was saved (the live class view follows it). */
  "draft:saved": { problemId: number; userId: number };
  /** A student ran the visible tests of a problem (the live class view shows the result). */
  "tests:ran": { problemId: number; userId: number; passed: number; total: number };
  /** An admin deactivated an account: its open pages' live streams end (src/features/profiles). */
  "account:deactivated": { userId: number };
  /** An account's role changed or its sessions were ended (a password reset): its open streams end (src/http/sse.ts). */
  "account:changed": { userId: number };
  /** A user's first live connection opened, or their last one closed (src/lib/presence.ts). */
  "presence:changed": { userId: number; online: boolean };
}

export class EventBus {
  private handlers = new Map<keyof SlateEvents, Set<Handler<never>>>();

  constructor(private onError: (err: unknown) => void = () => undefined) {}

  on<K extends keyof SlateEvents>(event: K, handler: Handler<SlateEvents[K]>): () => void {
    const set = this.handlers.get(event) ?? new Set();
    this.handlers.set(event, set);
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }

  emit<K extends keyof SlateEvents>(event: K, payload: SlateEvents[K]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        (handler as Handler<SlateEvents[K]>)(payload);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
