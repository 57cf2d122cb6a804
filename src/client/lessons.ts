// A lesson page: mounts an editor on each runnable example (lessons/snippet.ts) and, when the
// teacher chose it, completes the page once the student reaches its end.
import { Snippet, type SnippetData } from "./lessons/snippet.ts";

const article = document.querySelector<HTMLElement>("[data-lesson]");
if (article) {
  const lessonId = article.dataset.lesson!;
  const data = JSON.parse(
    article.querySelector("script[data-lesson-snippets]")?.textContent ?? "[]",
  ) as SnippetData[];
  const byId = new Map(data.map((d) => [String(d.id), d]));
  const snippets: Snippet[] = [];
  article.querySelectorAll<HTMLElement>(".snippet[data-snippet]").forEach((root, i) => {
    const d = byId.get(root.dataset.snippet ?? "");
    if (d) snippets.push(new Snippet(root, lessonId, d, i + 1, article.dataset.runDisabled));
  });
  (window as unknown as { __slateSnippets: Snippet[] }).__slateSnippets = snippets;

  // Nothing typed is lost: a last save as the page goes away, and a warning while one is pending.
  addEventListener("pagehide", () => {
    for (const s of snippets) if (s.unsaved()) void s.saveNow(true);
  });
  addEventListener("beforeunload", (e) => {
    if (snippets.some((s) => s.unsaved())) e.preventDefault();
  });

  const atEnd = article.querySelector<HTMLElement>("[data-complete-at-end]");
  if (atEnd) {
    const observer = new IntersectionObserver(async (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      const res = await fetch(atEnd.dataset.completeAtEnd!, {
        method: "POST",
        headers: { accept: "application/json" },
      }).catch(() => null);
      if (!res?.ok) return;
      const { done, total } = (await res.json()) as { done: number; total: number };
      atEnd.textContent = "✓ You completed this page.";
      atEnd.className = "lesson-done tone-success";
      atEnd.setAttribute("data-page-done", "");
      document.querySelector(".lesson-toc .is-current .toc-mark")?.classList.add("is-done");
      const bar = document.querySelector<HTMLProgressElement>("[data-lesson-progress] progress");
      const label = document.querySelector<HTMLElement>("[data-lesson-progress] progress + span");
      if (bar) bar.value = done;
      if (label) label.textContent = done >= total ? "Complete" : `${done} of ${total} pages`;
    });
    observer.observe(atEnd);
  }
}
