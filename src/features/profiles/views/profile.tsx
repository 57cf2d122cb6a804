// Profile pages: your own (picture, display name, bio) and someone else's (read only).
import type { FC } from "hono/jsx";
import type { User } from "../../../db/schema.ts";
import { Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { Field, TextArea } from "../../../ui/fields.tsx";
import { Avatar } from "../avatar.tsx";

export const MyProfilePage: FC<{ user: User; bio: string; hasPicture: boolean; error?: string }> = (p) => (
  <>
    <PageHeader title="Your profile" subtitle="What your teachers and classmates see beside your name." />
    <FormError message={p.error} />
    <div class="grid grid-2">
      <Card title="Picture">
        <div class="profile-picture">
          <Avatar userId={p.user.id} name={p.user.display_name} size="lg" />
          <form method="post" action="/profile/avatar" enctype="multipart/form-data" class="stack">
            <Field
              label="Upload a picture"
              name="avatar"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              required
              hint="PNG, JPEG or WebP, at most 2 MB."
            />
            <div class="actions">
              <button type="submit" class="btn btn-primary">
                Upload picture
              </button>
            </div>
          </form>
          {p.hasPicture ? (
            <form
              method="post"
              action="/profile/avatar/remove"
              class="inline"
              data-confirm="Remove your picture?"
            >
              <button type="submit" class="btn btn-ghost btn-sm">
                Remove picture
              </button>
            </form>
          ) : null}
        </div>
      </Card>
      <Card title="About you">
        <form method="post" action="/profile" class="stack">
          <Field
            label="Display name"
            name="displayName"
            value={p.user.display_name}
            required
            maxlength={80}
          />
          <TextArea
            label="Short bio (optional)"
            name="bio"
            value={p.bio}
            rows={4}
            maxlength={280}
            hint="At most 280 characters."
          />
          <button type="submit" class="btn btn-primary">
            Save profile
          </button>
        </form>
      </Card>
    </div>
  </>
);

export const PersonPage: FC<{ user: User; bio: string }> = (p) => (
  <>
    <PageHeader title={p.user.display_name} subtitle={p.user.role} />
    <Card>
      <div class="person">
        <Avatar userId={p.user.id} name={p.user.display_name} size="lg" />
        <div>
          <p class="person-name">{p.user.display_name}</p>
          {p.bio ? <p class="person-bio">{p.bio}</p> : <p class="muted">No bio yet.</p>}
        </div>
      </div>
    </Card>
  </>
);
