// Forms for setup, login, registration through a link and password changes.
import type { FC } from "hono/jsx";
import { PASSWORD_RULE } from "../lib/passwords.ts";
import { FormError } from "./components.tsx";
import { CheckField, Field } from "./fields.tsx";

export interface FormState {
  error?: string | null;
  values?: Record<string, string>;
}

/**
 * Name, username and email of a new account. `own`: the person types their own (registration, setup),
 * so the browser may fill them in and the username rules are spelled out; an admin typing someone
 * else's gets no autofill.
 */
export const IdentityFields: FC<{ values: Record<string, string>; own?: boolean; autofocus?: boolean }> = ({
  values,
  own,
  autofocus,
}) => (
  <>
    <Field
      label="Full name"
      name="displayName"
      value={values.displayName}
      required
      maxlength={80}
      autocomplete={own ? "name" : undefined}
      autofocus={autofocus}
    />
    <Field
      label="Username"
      name="username"
      value={values.username}
      required
      minlength={3}
      maxlength={32}
      autocomplete={own ? "username" : undefined}
      hint={own ? "Letters, digits, dots, dashes and underscores." : undefined}
    />
    <Field
      label="Email (optional)"
      name="email"
      type="email"
      value={values.email}
      maxlength={254}
      autocomplete={own ? "email" : undefined}
    />
  </>
);

/** A new password and its confirmation ("Password" / "Confirm password"). */
const NewPasswordFields: FC<{ label: "Password" | "New password" }> = ({ label }) => (
  <>
    <Field
      label={label}
      name="password"
      type="password"
      required
      minlength={8}
      maxlength={200}
      autocomplete="new-password"
      hint={PASSWORD_RULE}
    />
    <Field
      label={`Confirm ${label.toLowerCase()}`}
      name="confirm"
      type="password"
      required
      maxlength={200}
      autocomplete="new-password"
    />
  </>
);

export const NewAccountFields: FC<{
  values?: Record<string, string>;
  /** Focus the first field when the page opens (the join page, where registering comes first). */
  autofocus?: boolean;
}> = ({ values = {}, autofocus }) => (
  <>
    <IdentityFields values={values} own autofocus={autofocus} />
    <NewPasswordFields label="Password" />
  </>
);

export const SetupPage: FC<FormState> = ({ error, values }) => (
  <div class="auth-card">
    <h1>Welcome to Slate</h1>
    <p class="lead">Create the administrator account. You can add teachers once you are in.</p>
    <FormError message={error} />
    <form method="post" action="/setup" class="stack">
      <NewAccountFields values={values} />
      <button type="submit" class="btn btn-primary btn-block">
        Create administrator
      </button>
    </form>
  </div>
);

export const LoginForm: FC<
  FormState & {
    action: string;
    next?: string;
    submitLabel?: string;
    autofocus?: boolean;
    /** Field ids are PREFIX-username and PREFIX-password, for a page with a second form of those names. */
    idPrefix?: string;
    /** Offer "Remember me" (the login page): unticked, the session ends with the browser. */
    remember?: boolean;
  }
> = (p) => (
  <form method="post" action={p.action} class="stack">
    <FormError message={p.error} />
    {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
    <Field
      label="Username"
      name="username"
      id={p.idPrefix ? `${p.idPrefix}-username` : undefined}
      value={p.values?.username}
      required
      autocomplete="username"
      autofocus={p.autofocus ?? true}
    />
    <Field
      label="Password"
      name="password"
      id={p.idPrefix ? `${p.idPrefix}-password` : undefined}
      type="password"
      required
      autocomplete="current-password"
    />
    {p.remember ? <RememberMe /> : null}
    <button type="submit" class="btn btn-primary btn-block">
      {p.submitLabel ?? "Log in"}
    </button>
  </form>
);

const RememberMe: FC = () => (
  <CheckField
    name="remember"
    label="Remember me"
    checked
    hint="Untick on a shared computer: you are logged out when the browser closes."
  />
);

export const LoginPage: FC<FormState & { next?: string; registerOpen?: boolean }> = (p) => (
  <div class="auth-card">
    <h1>Log in</h1>
    <p class="lead">Welcome back. Students join a class through the link their teacher shares.</p>
    <LoginForm action="/login" remember {...p} />
    <p class="auth-foot">
      <a href="/password/forgot">Forgot your password?</a>
    </p>
    {p.registerOpen ? (
      <p class="mt prose">
        New here? <a href="/register">Create an account</a> to practise.
      </p>
    ) : null}
  </div>
);

export const ChangePasswordForm: FC<FormState & { forced: boolean }> = ({ error, forced }) => (
  <form method="post" action="/account/password" class="stack">
    {forced ? (
      <p class="alert alert-info">Your password was reset. Choose a new password to continue.</p>
    ) : null}
    <FormError message={error} />
    <Field label="Current password" name="current" type="password" required autocomplete="current-password" />
    <NewPasswordFields label="New password" />
    <button type="submit" class="btn btn-primary">
      Change password
    </button>
  </form>
);
