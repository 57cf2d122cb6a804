import type { FC } from "hono/jsx";
import type { Role, User } from "../../../db/schema.ts";
import { formatDateTime, timeAgo } from "../../../lib/format.ts";
import { IdentityFields } from "../../../ui/account-forms.tsx";
import { ActionButton, LinkButton, SubmitButton } from "../../../ui/buttons.tsx";
import {
  Alert,
  Badge,
  Breadcrumb,
  Card,
  type Crumb,
  EmptyState,
  FormError,
  PageHeader,
} from "../../../ui/components.tsx";
import { FormActions, SelectField } from "../../../ui/fields.tsx";
import { Icon } from "../../../ui/icons.tsx";
import { DataTable, hiddenCol } from "../../../ui/table.tsx";
import { Avatar } from "../../profiles/avatar.tsx";

const roleTone = { admin: "danger", teacher: "accent", student: "neutral" } as const;

export const RoleBadge: FC<{ role: Role }> = ({ role }) => <Badge tone={roleTone[role]}>{role}</Badge>;

const USERS: Crumb[] = [["/admin/users", "Users"]];

const NEW_ROLES = [
  { value: "teacher", label: "Teacher" },
  { value: "admin", label: "Administrator" },
];

const ROLES = [
  { value: "student", label: "Student" },
  { value: "teacher", label: "Teacher" },
  { value: "admin", label: "Admin" },
];

const isLocked = (user: User, now: number) => user.locked_until !== null && user.locked_until > now;

export const StatusBadge: FC<{ user: User; now: number }> = ({ user, now }) => {
  if (!user.active) return <Badge tone="warning">deactivated</Badge>;
  if (isLocked(user, now)) return <Badge tone="danger">locked</Badge>;
  if (user.must_change_password) return <Badge tone="accent">temporary password</Badge>;
  return <Badge tone="success">active</Badge>;
};

export interface UserListProps {
  users: User[];
  total: number;
  q: string;
  role: Role | "";
  page: number;
  pageSize: number;
  now: number;
}

export const UserListPage: FC<UserListProps> = (p) => {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const link = (page: number) =>
    `/admin/users?${new URLSearchParams({ q: p.q, role: p.role, page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Users"
        subtitle="Everyone with an account on this server."
        actions={
          <a class="btn btn-primary" href="/admin/users/new">
            <Icon name="plus" size={18} />
            New teacher
          </a>
        }
      />
      <Card class="flush">
        <form method="get" action="/admin/users" class="toolbar">
          <label class="sr-only" for="user-q">
            Search users
          </label>
          <input
            id="user-q"
            type="search"
            name="q"
            value={p.q}
            placeholder="Search name, username or email"
            maxlength={100}
          />
          <label class="sr-only" for="user-role">
            Role
          </label>
          <select id="user-role" name="role">
            <option value="">All roles</option>
            {(["admin", "teacher", "student"] as const).map((r) => (
              <option value={r} selected={p.role === r}>
                {r[0]!.toUpperCase() + r.slice(1)}s
              </option>
            ))}
          </select>
          <SubmitButton tone="secondary" icon="search">
            Search
          </SubmitButton>
        </form>
        {p.users.length === 0 ? (
          <EmptyState icon="users" title="No users match">
            <p>Try another name, or clear the filters.</p>
          </EmptyState>
        ) : (
          <DataTable columns={["Name", "Role", "Status", "Last login", hiddenCol("Actions")]}>
            {p.users.map((u) => (
              <tr>
                <td class="with-avatar">
                  <Avatar userId={u.id} name={u.display_name} />
                  <a href={`/admin/users/${u.id}`}>{u.display_name}</a>
                  <span class="sub">
                    {u.username}
                    {u.email ? ` · ${u.email}` : ""}
                  </span>
                </td>
                <td>
                  <RoleBadge role={u.role} />
                </td>
                <td>
                  <StatusBadge user={u} now={p.now} />
                </td>
                <td class="muted">{u.last_login_at ? timeAgo(u.last_login_at, p.now) : "never"}</td>
                <td>
                  <div class="row-actions">
                    {isLocked(u, p.now) ? (
                      <ActionButton action={`/admin/users/${u.id}/unlock?from=list`} small tone="primary">
                        Unlock<span class="sr-only"> {u.display_name}</span>
                      </ActionButton>
                    ) : null}
                    <LinkButton href={`/admin/users/${u.id}`} small more={u.display_name}>
                      Manage
                    </LinkButton>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <div class="pager">
          <span>
            {p.total} user{p.total === 1 ? "" : "s"}
          </span>
          {pages > 1 ? (
            <span class="actions">
              {p.page > 1 ? (
                <a class="btn btn-ghost btn-sm" href={link(p.page - 1)}>
                  Previous
                </a>
              ) : null}
              Page {p.page} of {pages}
              {p.page < pages ? (
                <a class="btn btn-ghost btn-sm" href={link(p.page + 1)}>
                  Next
                </a>
              ) : null}
            </span>
          ) : null}
        </div>
      </Card>
    </>
  );
};

export const NewUserPage: FC<{ error?: string; values?: Record<string, string> }> = ({
  error,
  values = {},
}) => (
  <>
    <Breadcrumb trail={USERS}>New</Breadcrumb>
    <PageHeader title="New teacher" subtitle="Slate makes a temporary password; you hand it over once." />
    <Card>
      <form method="post" action="/admin/users" class="stack">
        <FormError message={error} />
        <IdentityFields values={values} />
        <SelectField
          label="Role"
          name="role"
          options={NEW_ROLES}
          value={values.role === "admin" ? "admin" : "teacher"}
        />
        <FormActions cancel="/admin/users">Create account</FormActions>
      </form>
    </Card>
  </>
);

export const UserDetailPage: FC<{ user: User; self: boolean; now: number }> = ({ user, self, now }) => (
  <>
    <Breadcrumb trail={USERS}>{user.display_name}</Breadcrumb>
    <PageHeader
      title={user.display_name}
      subtitle={
        <>
          <Avatar userId={user.id} name={user.display_name} size="md" /> <RoleBadge role={user.role} />{" "}
          <StatusBadge user={user} now={now} />
        </>
      }
    />
    <div class="grid grid-2">
      <Card title="Details">
        <dl class="facts">
          <dt>Username</dt>
          <dd>{user.username}</dd>
          <dt>Email</dt>
          <dd>{user.email ?? "none"}</dd>
          <dt>Created</dt>
          <dd>{formatDateTime(user.created_at)}</dd>
          <dt>Last login</dt>
          <dd>{user.last_login_at ? formatDateTime(user.last_login_at) : "never"}</dd>
        </dl>
      </Card>
      <Card title="Manage">
        {isLocked(user, now) && !self ? (
          <div class="mb">
            <Alert kind="warning">
              <p>
                Locked after too many failed logins, until {formatDateTime(user.locked_until!)}. Unlock it if
                they know their password again, or reset it.
              </p>
              <ActionButton action={`/admin/users/${user.id}/unlock`} small tone="primary">
                Unlock account
              </ActionButton>
            </Alert>
          </div>
        ) : null}
        {self ? (
          <p class="muted">
            This is your own account. Another administrator can change its role or deactivate it.
          </p>
        ) : (
          <div class="stack">
            <form
              method="post"
              action={`/admin/users/${user.id}/role`}
              class="form-row"
              data-confirm={`Change the role of ${user.display_name}? What they can see and do changes at once.`}
            >
              <SelectField label="Role" name="role" options={ROLES} value={user.role} />
              <button type="submit" class="btn btn-secondary">
                Change role
              </button>
            </form>
            <div class="actions">
              <ActionButton
                action={`/admin/users/${user.id}/reset-password`}
                confirm={`Reset the password of ${user.display_name}? Their current password stops working.`}
              >
                <Icon name="key" size={16} />
                Reset password
              </ActionButton>
              <ActionButton action={`/people/${user.id}/reset-link`}>Make a reset link</ActionButton>
              {user.active ? (
                <ActionButton
                  action={`/admin/users/${user.id}/deactivate`}
                  tone="danger"
                  confirm={`Deactivate ${user.display_name}? They are logged out at once.`}
                >
                  Deactivate
                </ActionButton>
              ) : (
                <ActionButton action={`/admin/users/${user.id}/reactivate`} tone="primary">
                  Reactivate
                </ActionButton>
              )}
            </div>
          </div>
        )}
      </Card>
    </div>
  </>
);
