// Pages of a forgotten password: asking for an e-mail, choosing a new password from a link, and the
// one-time link an admin or teacher hands over when Slate sends no mail.
import type { FC } from "hono/jsx";
import { PASSWORD_RULE } from "../../../lib/passwords.ts";
import { Card, FormError, PageHeader } from "../../../ui/components.tsx";
import { Field } from "../../../ui/fields.tsx";

export const ForgotPage: FC<{ mail: boolean; sent?: boolean; error?: string }> = (p) => (
  <div class="auth-card">
    <h1>Forgot your password?</h1>
    {!p.mail ? (
      <p class="lead">
        Ask your teacher (or an administrator) for a reset link. They can make one for you in Slate; it works
        once, for one hour.
      </p>
    ) : p.sent ? (
      <p class="alert alert-success" role="status">
        If an account with an e-mail address matches, a reset link is on its way. It works once, for one hour.
      </p>
    ) : (
      <form method="post" action="/password/forgot" class="stack">
        <p class="lead">
          Enter your username or e-mail address. Slate e-mails you a link to choose a new password.
        </p>
        <FormError message={p.error} />
        <Field label="Username or e-mail" name="who" required autocomplete="username" autofocus />
        <button type="submit" class="btn btn-primary btn-block">
          Send reset link
        </button>
      </form>
    )}
    <p class="auth-foot">
      <a href="/login">Back to log in</a>
    </p>
  </div>
);

export const ResetPage: FC<{ token: string; name?: string; error?: string; dead?: boolean }> = (p) => (
  <div class="auth-card">
    <h1>Choose a new password</h1>
    {p.dead ? (
      <p class="alert alert-error" role="alert">
        {p.error}
      </p>
    ) : (
      <form method="post" action={`/password/reset/${p.token}`} class="stack">
        {p.name ? <p class="lead">For {p.name}.</p> : null}
        <FormError message={p.error} />
        <Field
          label="New password"
          name="password"
          type="password"
          required
          minlength={8}
          maxlength={200}
          autocomplete="new-password"
          hint={PASSWORD_RULE}
        />
        <Field
          label="Repeat the new password"
          name="confirm"
          type="password"
          required
          autocomplete="new-password"
        />
        <button type="submit" class="btn btn-primary btn-block">
          Set password
        </button>
      </form>
    )}
    <p class="auth-foot">
      <a href="/login">Back to log in</a>
    </p>
  </div>
);

export const ResetLinkPage: FC<{ name: string; username: string; link: string; back: string }> = (p) => (
  <>
    <PageHeader title="Password reset link" />
    <Card>
      <p>
        Give <strong>{p.name}</strong> (username <code>{p.username}</code>) this link. It works once, for one
        hour; their current password keeps working until they use it. Making a new link cancels this one.
      </p>
      <p class="label">Reset link</p>
      <p class="secret secret-link">{p.link}</p>
      <div class="actions mt">
        <a class="btn btn-primary" href={p.back}>
          Done
        </a>
      </div>
    </Card>
  </>
);
