// A lesson's completion, per student (rows) and per page (columns), with totals under each page.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { Breadcrumb, EmptyCard, PageHeader } from "../../../ui/components.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import { TableWrap } from "../../../ui/table.tsx";
import type { Lesson } from "../lessons.ts";
import type { LessonResults } from "../progress.ts";
import { ProgressBar } from "./progress-bar.tsx";
import { LessonStyles } from "./styles.tsx";

export const ResultsPage: FC<{ section: Section; lesson: Lesson; results: LessonResults }> = ({
  section,
  lesson,
  results: r,
}) => {
  const finished = r.students.filter((s) => r.pages.length > 0 && s.done.size >= r.pages.length).length;
  return (
    <>
      <LessonStyles />
      <Breadcrumb trail={sectionTrail(section)}>
        <a href={`/lessons/${lesson.id}`}>{lesson.title}</a> / Results
      </Breadcrumb>
      <PageHeader
        title={`Results · ${lesson.title}`}
        subtitle={`${finished} of ${r.students.length} student${r.students.length === 1 ? "" : "s"} completed every page${lesson.remedial ? " (assigned students only: remedial lesson)" : ""}.`}
      />
      {r.students.length === 0 || r.pages.length === 0 ? (
        <EmptyCard
          icon="users"
          title={r.pages.length === 0 ? "This lesson has no pages yet" : "No students yet"}
        >
          Completion shows here as students read the lesson.
        </EmptyCard>
      ) : (
        <div class="card flush">
          <TableWrap label="Completion per student and page" class="lesson-results">
            <table>
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  <th scope="col">Progress</th>
                  {r.pages.map((p, i) => (
                    <th scope="col" class="num page-col" title={p.title}>
                      <span aria-hidden="true">{i + 1}</span>
                      <span class="sr-only">
                        Page {i + 1}: {p.title}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.students.map((s) => (
                  <tr>
                    <th scope="row">
                      {s.display_name} <span class="muted">{s.username}</span>
                    </th>
                    <td>
                      <ProgressBar
                        progress={{ done: s.done.size, total: r.pages.length }}
                        label={`Progress of ${s.display_name}`}
                      />
                    </td>
                    {r.pages.map((p) => (
                      <td class="num page-col">
                        {s.done.has(p.id) ? (
                          <span class="tone-success" title="Completed">
                            <Icon name="check" size={16} />
                            <span class="sr-only">completed</span>
                          </span>
                        ) : (
                          <span class="muted" title="Not completed">
                            –<span class="sr-only">not completed</span>
                          </span>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Completed</th>
                  <td />
                  {r.pages.map((p) => (
                    <td class="num page-col">
                      {p.done}/{r.students.length}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </TableWrap>
          <ol class="lesson-results-key muted">
            {r.pages.map((p) => (
              <li>{p.title}</li>
            ))}
          </ol>
        </div>
      )}
    </>
  );
};
