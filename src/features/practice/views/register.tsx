// The public registration form (open only when an admin allows it).
import type { FC } from "hono/jsx";
import { type FormState, NewAccountFields } from "../../../ui/account-forms.tsx";
import { FormError } from "../../../ui/components.tsx";

export const RegisterPage: FC<FormState> = ({ error, values }) => (
  <div class="auth-card">
    <h1>Create an account</h1>
    <p class="lead">Practise Python with problems for every level, earn points and keep your streak.</p>
    <FormError message={error} />
    <form method="post" action="/register" class="stack">
      <NewAccountFields values={values} autofocus />
      <button type="submit" class="btn btn-primary btn-block">
        Create account
      </button>
    </form>
    <p class="mt prose">
      Already have an account? <a href="/login">Log in</a>
    </p>
  </div>
);
