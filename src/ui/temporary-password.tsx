// A one-time temporary password, shown once: for the admin's new accounts and a teacher's password reset.
import type { FC } from "hono/jsx";
import type { User } from "../db/schema.ts";
import { Card, PageHeader } from "./components.tsx";

/** The one-time password, shown once; a teacher resetting a student's comes back to their section. */

export const TemporaryPasswordPage: FC<{
  user: User;
  password: string;
  created: boolean;
  section?: { id: number; name: string };
}> = (p) => (
  <>
    <p class="breadcrumb">
      {p.section ? (
        <>
          <a href="/sections">Sections</a> / <a href={`/sections/${p.section.id}`}>{p.section.name}</a> /{" "}
          {p.user.display_name}
        </>
      ) : (
        <>
          <a href="/admin/users">Users</a> / <a href={`/admin/users/${p.user.id}`}>{p.user.display_name}</a>
        </>
      )}
    </p>
    <PageHeader title={p.created ? "Account created" : "Password reset"} />
    <Card>
      <p>
        Give <strong>{p.user.display_name}</strong> (username <code>{p.user.username}</code>) this temporary
        password. It is shown only once; they must choose their own password when they log in.
      </p>
      <p class="label">Temporary password</p>
      <p class="secret">{p.password}</p>
      <div class="actions mt">
        <a
          class="btn btn-primary"
          href={p.section ? `/sections/${p.section.id}` : `/admin/users/${p.user.id}`}
        >
          Done
        </a>
      </div>
    </Card>
  </>
);
