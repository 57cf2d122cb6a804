// What other features' pages render of AI help: the section's and the task's AI switches, loaded
// into the edit pages by htmx (a plain link without scripts), so those pages need no AI data.
import type { FC } from "hono/jsx";

const Slot: FC<{ url: string; label: string }> = (p) => (
  <div hx-get={p.url} hx-trigger="load" hx-swap="innerHTML" class="ai-slot mt">
    <p class="muted">
      <a href={p.url}>{p.label}</a>
    </p>
  </div>
);

export const AiSectionSettingsSlot: FC<{ sectionId: number }> = (p) => (
  <Slot url={`/ai/sections/${p.sectionId}/settings`} label="AI help settings of this section" />
);

export const AiTaskSettingsSlot: FC<{ taskId: number }> = (p) => (
  <Slot url={`/ai/tasks/${p.taskId}/settings`} label="AI help settings of this task" />
);

/** The admin's way in, on the system page. */
export const AiAdminLink: FC = () => (
  <p class="mt">
    <a href="/ai/admin">AI help: provider, limits and usage</a>
  </p>
);
