import type { FC } from "hono/jsx";
import type { User } from "../../../db/schema.ts";
import { formatDate } from "../../../lib/format.ts";
import { ChangePasswordForm } from "../../../ui/account-forms.tsx";
import { Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { Field } from "../../../ui/fields.tsx";
import { ProfileLinkCard } from "../../profiles/avatar.tsx";

export const AccountPage: FC<{ user: User; profileError?: string; passwordError?: string }> = (p) => (
  <>
    <PageHeader title="Your account" subtitle={`Signed in as ${p.user.username} (${p.user.role})`} />
    <div class="grid grid-2">
      <Card title="Profile">
        <form method="post" action="/account/profile" class="stack">
          <FormError message={p.profileError} />
          <Field label="Full name" name="displayName" value={p.user.display_name} required maxlength={80} />
          <Field label="Email (optional)" name="email" type="email" value={p.user.email} maxlength={254} />
          <dl class="facts">
            <dt>Username</dt>
            <dd>{p.user.username}</dd>
            <dt>Member since</dt>
            <dd>{formatDate(p.user.created_at)}</dd>
          </dl>
          <button type="submit" class="btn btn-primary">
            Save profile
          </button>
        </form>
      </Card>
      <ProfileLinkCard user={p.user} />
      <Card title="Password">
        <ChangePasswordForm error={p.passwordError} forced={false} />
      </Card>
    </div>
  </>
);

export const ForcedPasswordPage: FC<{ error?: string }> = ({ error }) => (
  <div class="auth-card">
    <h1>Choose a new password</h1>
    <p class="lead">Your administrator gave you a temporary password. Replace it to continue.</p>
    <ChangePasswordForm error={error} forced={false} />
  </div>
);
