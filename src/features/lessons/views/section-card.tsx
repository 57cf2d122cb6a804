// The lessons of a section, on the section's page beside its tasks and assessments: teachers see
// drafts, remedial ones and the links to write or import one; students see their progress.
import type { FC } from "hono/jsx";
import { formatDateTime } from "../../../lib/format.ts";
import { LinkButton } from "../../../ui/buttons.tsx";
import { Badge, EmptyState, ListCard } from "../../../ui/components.tsx";
import type { Lesson } from "../lessons.ts";
import type { Progress } from "../progress.ts";
import { ProgressBar } from "./progress-bar.tsx";
import { LessonStyles } from "./styles.tsx";

export const SectionLessons: FC<{
  sectionId: number;
  lessons: { lesson: Lesson; progress?: Progress; pages: number }[];
  teaches: boolean;
  now: number;
  /** A live patch replacing the card on the section page (src/features/solve/live-routes.tsx). */
  oob?: boolean;
}> = (p) => (
  <div class="mb" id="lessons" hx-swap-oob={p.oob ? "true" : undefined}>
    <LessonStyles />
    <ListCard
      title="Lessons"
      counted
      items={p.lessons}
      actions={
        p.teaches ? (
          <div class="actions">
            <LinkButton href={`/sections/${p.sectionId}/lessons/import`} small tone="ghost" icon="upload">
              Import Markdown
            </LinkButton>
            <LinkButton href={`/sections/${p.sectionId}/lessons/new`} small icon="plus">
              New lesson
            </LinkButton>
          </div>
        ) : undefined
      }
      empty={
        <EmptyState icon="book" title={p.teaches ? "No lessons yet" : "No lessons right now"}>
          {p.teaches
            ? "Write a lesson with runnable examples, or import one from a Markdown file."
            : "They appear here when your teacher publishes one."}
        </EmptyState>
      }
    >
      <ul class="plain-list lesson-list">
        {p.lessons.map(({ lesson: l, progress, pages }) => (
          <li class="lesson-row">
            <div class="lesson-row-main">
              <a href={`/lessons/${l.id}`}>{l.title}</a>{" "}
              {p.teaches && !l.published ? <Badge>draft</Badge> : null}
              {p.teaches && l.published && l.starts_at !== null && l.starts_at > p.now ? (
                <Badge tone="warning">starts {formatDateTime(l.starts_at)}</Badge>
              ) : null}
              {l.remedial ? <Badge tone="accent">remedial</Badge> : null}
              <span class="muted">
                {" "}
                · {pages} page{pages === 1 ? "" : "s"}
              </span>
            </div>
            {progress ? <ProgressBar progress={progress} label={`Your progress in ${l.title}`} /> : null}
          </li>
        ))}
      </ul>
    </ListCard>
  </div>
);
