// The hosts a section's lesson pages may embed videos from: the section's teachers edit the list.
import type { FC } from "hono/jsx";
import type { Section } from "../../../db/schema.ts";
import { Breadcrumb, Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { FormActions, TextArea } from "../../../ui/fields.tsx";
import { sectionTrail } from "../../../ui/section-nav.tsx";
import { DEFAULT_VIDEO_HOSTS } from "../render.ts";

export const VideoHostsPage: FC<{ section: Section; value: string; error?: string }> = (p) => (
  <>
    <Breadcrumb trail={sectionTrail(p.section)}>Allowed video hosts</Breadcrumb>
    <PageHeader
      title="Allowed video hosts"
      subtitle="Lesson pages of this section may embed videos (<iframe>) from these hosts only, over https, in a sandboxed frame."
    />
    <Card>
      <form method="post" action={`/sections/${p.section.id}/lessons/video-hosts`} class="stack">
        <FormError message={p.error} />
        <TextArea
          label="Hosts, one per line"
          name="hosts"
          rows={6}
          value={p.value}
          hint={`For example ${DEFAULT_VIDEO_HOSTS.join(", ")} (the default). Leave it empty to allow no videos.`}
        />
        <FormActions cancel={`/sections/${p.section.id}`}>Save hosts</FormActions>
      </form>
    </Card>
  </>
);
