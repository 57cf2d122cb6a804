import type { FC } from "hono/jsx";
import type { Section, User } from "../../../db/schema.ts";
import { type FormState, LoginForm, NewAccountFields } from "../../../ui/account-forms.tsx";
import { FormError } from "../../../ui/components.tsx";

interface JoinProps {
  section: Section;
  code: string;
  user: User | null;
  register?: FormState;
  login?: FormState;
}

const JoinHeader: FC<{ section: Section }> = ({ section }) => (
  <>
    <p class="eyebrow">You are invited to join</p>
    <h1>{section.name}</h1>
    {section.term ? <p class="lead">{section.term}</p> : null}
  </>
);

export const JoinPage: FC<JoinProps> = (p) => {
  if (p.user) {
    return (
      <div class="auth-card">
        <JoinHeader section={p.section} />
        {p.user.role === "student" ? (
          <form method="post" action={`/join/${p.code}/enroll`} class="stack">
            <p>
              You are logged in as <strong>{p.user.display_name}</strong>.
            </p>
            <button type="submit" class="btn btn-primary btn-block">
              Join this section
            </button>
          </form>
        ) : (
          <p class="alert alert-info">
            You are logged in as a {p.user.role}. This link is for students; log out to register a student
            account.
          </p>
        )}
      </div>
    );
  }
  return (
    <div class="wide">
      <div class="auth-card">
        <JoinHeader section={p.section} />
        <div class="join-grid">
          <section aria-labelledby="register-title">
            <h2 id="register-title">New to Slate? Create your account</h2>
            <form method="post" action={`/join/${p.code}/register`} class="stack">
              <FormError message={p.register?.error} />
              {/* Most visitors of an enrollment link are new: the registration form has the focus. */}
              <NewAccountFields values={p.register?.values} autofocus={!p.login?.error} />
              <button type="submit" class="btn btn-primary btn-block">
                Create account and join
              </button>
            </form>
          </section>
          <section aria-labelledby="login-title">
            <h2 id="login-title">Already have an account?</h2>
            <LoginForm
              action={`/join/${p.code}/login`}
              submitLabel="Log in and join"
              autofocus={Boolean(p.login?.error)}
              idPrefix="login"
              {...(p.login ?? {})}
            />
          </section>
        </div>
      </div>
    </div>
  );
};
