// Reading a lesson: the list of pages (with what the student completed), one page at a time with its
// runnable snippets (src/client/lessons.ts mounts an editor on each), and the way to complete it:
// a button, or reaching the page's end when the teacher chose that.
import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { asset } from "../../../http/static.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { LinkButton } from "../../../ui/buttons.tsx";
import { Badge, Breadcrumb, EmptyCard, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import type { Lesson, LessonPage } from "../lessons.ts";
import type { Progress } from "../progress.ts";
import { ProgressBar } from "./progress-bar.tsx";
import { LessonStyles } from "./styles.tsx";

export interface LessonPageProps {
  section: Section;
  lesson: Lesson;
  pages: LessonPage[];
  /** 0-based index of the page shown. */
  index: number;
  bodyHtml: string;
  descriptionHtml: string;
  snippets: { id: number; code: string; original: string }[];
  completed: Set<number>;
  teaches: boolean;
  sandboxOff: boolean;
  now: number;
  /** CSP nonce for CodeMirror's fallback <style>. */
  nonce?: string;
}

const PageList: FC<{ p: LessonPageProps }> = ({ p }) => (
  <nav class="lesson-toc card" aria-label="Pages of this lesson">
    <ol class="plain-list">
      {p.pages.map((pg, i) => {
        const done = p.completed.has(pg.id);
        return (
          <li class={i === p.index ? "is-current" : undefined}>
            <a
              href={`/lessons/${p.lesson.id}?page=${i + 1}`}
              aria-current={i === p.index ? "page" : undefined}
            >
              <span class={`toc-mark${done ? " is-done" : ""}`} aria-hidden="true">
                {done ? <Icon name="check" size={14} /> : i + 1}
              </span>
              <span class="toc-title">{pg.title}</span>
              {done ? <span class="sr-only"> (completed)</span> : null}
            </a>
          </li>
        );
      })}
    </ol>
  </nav>
);

const Completion: FC<{ p: LessonPageProps; page: LessonPage }> = ({ p, page }) => {
  const done = p.completed.has(page.id);
  const next = p.index + 1 < p.pages.length ? p.index + 2 : null;
  const base = `/lessons/${p.lesson.id}/pages/${page.id}`;
  if (p.teaches) return null;
  if (done)
    return (
      <p class="lesson-done tone-success" data-page-done>
        <Icon name="check" size={16} /> You completed this page.
      </p>
    );
  if (p.lesson.completion === "end")
    return (
      <p class="lesson-done muted" data-complete-at-end={`${base}/complete`}>
        This page counts as complete once you reach its end.
      </p>
    );
  return (
    <form method="post" action={`${base}/complete`} class="lesson-complete" data-complete-form>
      {next ? <input type="hidden" name="next" value={String(next)} /> : null}
      <button type="submit" class="btn btn-primary">
        <Icon name="check" size={16} />
        Mark page complete
      </button>
    </form>
  );
};

export const LessonReader: FC<LessonPageProps> = (p) => {
  const page = p.pages[p.index];
  const progress: Progress = {
    done: p.pages.filter((pg) => p.completed.has(pg.id)).length,
    total: p.pages.length,
  };
  const future = p.lesson.starts_at !== null && p.lesson.starts_at > p.now;
  return (
    <>
      <LessonStyles />
      <Breadcrumb trail={sectionTrail(p.section)}>{p.lesson.title}</Breadcrumb>
      <PageHeader
        title={p.lesson.title}
        subtitle={
          p.teaches ? (
            <>
              {p.lesson.published ? <Badge tone="success">published</Badge> : <Badge>draft</Badge>}{" "}
              {future ? <Badge tone="warning">starts {formatDateTime(p.lesson.starts_at!)}</Badge> : null}{" "}
              {p.lesson.remedial ? <Badge tone="accent">remedial</Badge> : null}
            </>
          ) : (
            <span data-lesson-progress>
              <ProgressBar progress={progress} label="Your progress in this lesson" />
            </span>
          )
        }
        actions={
          p.teaches ? (
            <>
              <LinkButton href={`/lessons/${p.lesson.id}/results`} icon="chart">
                Results
              </LinkButton>
              <LinkButton href={`/lessons/${p.lesson.id}/edit`} icon="pencil">
                Edit lesson
              </LinkButton>
            </>
          ) : undefined
        }
      />
      {page ? (
        <div class="lesson-layout">
          <PageList p={p} />
          <article
            class="card lesson-article"
            aria-labelledby="lesson-page-title"
            data-lesson={String(p.lesson.id)}
            data-nonce={p.nonce}
            data-run-disabled={
              p.sandboxOff ? "Code execution is turned off on this Slate server." : undefined
            }
          >
            {p.index === 0 && p.descriptionHtml.trim() ? (
              <div class="prose lesson-description">{raw(p.descriptionHtml)}</div>
            ) : null}
            <p class="lesson-page-count muted">
              Page {p.index + 1} of {p.pages.length}
            </p>
            <h2 id="lesson-page-title">{page.title}</h2>
            <div class="prose lesson-body">{raw(p.bodyHtml)}</div>
            <script type="application/json" data-lesson-snippets>
              {raw(JSON.stringify(p.snippets).replace(/</g, "\\u003c"))}
            </script>
            <Completion p={p} page={page} />
            <nav class="lesson-pager" aria-label="Previous and next page">
              {p.index > 0 ? (
                <a class="btn btn-secondary" href={`/lessons/${p.lesson.id}?page=${p.index}`} rel="prev">
                  ← {p.pages[p.index - 1]!.title}
                </a>
              ) : (
                <span />
              )}
              {p.index + 1 < p.pages.length ? (
                <a class="btn btn-secondary" href={`/lessons/${p.lesson.id}?page=${p.index + 2}`} rel="next">
                  {p.pages[p.index + 1]!.title} →
                </a>
              ) : (
                <a class="btn btn-secondary" href={`/sections/${p.section.id}#lessons`}>
                  Back to {p.section.name}
                </a>
              )}
            </nav>
          </article>
        </div>
      ) : (
        <EmptyCard icon="file" title="This lesson has no pages yet">
          {p.teaches ? (
            <a href={`/lessons/${p.lesson.id}/pages/new`}>Add the first page</a>
          ) : (
            "Come back later."
          )}
        </EmptyCard>
      )}
      {p.snippets.length > 0 ? <link rel="stylesheet" href={asset("css/visualizer.css")} /> : null}
      <script src={asset("dist/lessons.js")} defer />
    </>
  );
};
