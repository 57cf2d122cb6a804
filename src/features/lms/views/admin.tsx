// The admin's LMS page: the values to enter in the LMS, registered platforms, Slate's signing keys
// and the signed grading API's clients; the platform form; a new client's secret, shown once.
import type { FC } from "hono/jsx";
import type { ApiClient, LtiPlatform } from "../../../db/tables/lms.ts";
import { formatDateTime } from "../../../lib/format.ts";
import { ActionButton, LinkButton } from "../../../ui/buttons.tsx";
import {
  Badge,
  Breadcrumb,
  Card,
  EmptyState,
  FormError,
  ListCard,
  PageHeader,
} from "../../../ui/components.tsx";
import { Field, FormActions, FormSection, TextArea } from "../../../ui/fields.tsx";
import { DataTable, hiddenCol } from "../../../ui/table.tsx";
import type { ToolUrls } from "../lti/urls.ts";

export interface KeyRow {
  kid: string;
  status: string;
  created_at: number;
}

const Value: FC<{ label: string; value: string; hint?: string }> = (p) => (
  <>
    <dt>{p.label}</dt>
    <dd>
      <code class="wrap-anywhere">{p.value}</code>
      {p.hint ? <span class="muted small"> {p.hint}</span> : null}
    </dd>
  </>
);

export const ToolValues: FC<{ urls: ToolUrls; clientId?: string; deploymentIds?: string[] }> = (p) => (
  <Card title="Values for the LMS">
    <p class="muted">Enter these in the LMS when you register Slate as an LTI 1.3 tool.</p>
    <dl class="facts lms-values">
      <Value label="Login initiation URL" value={p.urls.login} />
      <Value label="Redirect URLs" value={`${p.urls.launch} ${p.urls.deepLinking}`} hint="(both)" />
      <Value label="Target link (launch) URL" value={p.urls.launch} />
      <Value label="Deep-linking URL" value={p.urls.deepLinking} hint="(content selection)" />
      <Value label="Public keyset (JWKS) URL" value={p.urls.jwks} />
      {p.clientId ? <Value label="Client id" value={p.clientId} /> : null}
    </dl>
    <p class="muted small">
      Services to allow: Assignment and Grade Services (line items and scores), Names and Role Provisioning
      Services, Deep Linking. Slate signs in with the LMS user's id and name; share email if you like.
    </p>
  </Card>
);

const when = (ms: number) => formatDateTime(ms);

export const LmsAdminPage: FC<{
  urls: ToolUrls;
  platforms: (LtiPlatform & { deployments: number })[];
  keys: KeyRow[];
  clients: ApiClient[];
}> = (p) => (
  <>
    <PageHeader
      title="LMS integration"
      subtitle="Connect Slate to Moodle, Canvas, Brightspace or Blackboard with LTI 1.3, or grade code over the signed API."
      actions={
        <LinkButton href="/admin/lms/platforms/new" tone="primary" icon="plus">
          Register a platform
        </LinkButton>
      }
    />
    <div class="stack">
      <div class="grid grid-2">
        <ToolValues urls={p.urls} />
        <Card
          title="Signing keys"
          actions={
            <ActionButton
              action="/admin/lms/keys/rotate"
              small
              confirm="Make a new signing key? The current one stays published for a while."
            >
              Rotate
            </ActionButton>
          }
        >
          {p.keys.length === 0 ? (
            <p class="muted">Slate makes its first key when an LMS first asks for it.</p>
          ) : (
            <DataTable columns={["Key id", "Status", "Created"]}>
              {p.keys.map((k) => (
                <tr>
                  <td>
                    <code>{k.kid}</code>
                  </td>
                  <td>
                    <Badge tone={k.status === "current" ? "success" : "neutral"}>{k.status}</Badge>
                  </td>
                  <td>{when(k.created_at)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
      </div>
      <ListCard
        title="Platforms"
        counted
        items={p.platforms}
        empty={
          <EmptyState icon="link" title="No LMS registered yet">
            Register the LMS with the issuer, client id and URLs it shows for Slate.
          </EmptyState>
        }
      >
        <DataTable
          label="Platforms"
          columns={["Name", "Issuer", "Client id", "Deployments", hiddenCol("Actions")]}
        >
          {p.platforms.map((pl) => (
            <tr>
              <td>
                <a href={`/admin/lms/platforms/${pl.id}`}>{pl.name}</a>
              </td>
              <td class="wrap-anywhere">{pl.issuer}</td>
              <td>
                <code>{pl.client_id}</code>
              </td>
              <td>{pl.deployments}</td>
              <td>
                <LinkButton href={`/admin/lms/platforms/${pl.id}`} small more={pl.name}>
                  Edit
                </LinkButton>
              </td>
            </tr>
          ))}
        </DataTable>
      </ListCard>
      <ListCard
        title="Grading API clients"
        counted
        items={p.clients}
        empty={
          <EmptyState icon="key" title="No API clients">
            Issue one for a script or an LMS without LTI.
          </EmptyState>
        }
      >
        <DataTable
          label="API clients"
          columns={["Name", "Client id", "Webhook", "Created", hiddenCol("Actions")]}
        >
          {p.clients.map((cl) => (
            <tr>
              <td>
                {cl.name} {cl.revoked_at ? <Badge tone="danger">revoked</Badge> : null}
              </td>
              <td>
                <code>{cl.client_key}</code>
              </td>
              <td class="wrap-anywhere">{cl.webhook_url ?? <span class="muted">none</span>}</td>
              <td>{when(cl.created_at)}</td>
              <td>
                {cl.revoked_at ? null : (
                  <ActionButton
                    action={`/admin/lms/clients/${cl.id}/revoke`}
                    small
                    tone="danger"
                    confirm={`Revoke ${cl.name}? Its requests will be refused.`}
                  >
                    Revoke
                  </ActionButton>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </ListCard>
      <ClientForm />
    </div>
  </>
);

export interface ClientValues {
  name?: string;
  webhookUrl?: string;
}

export const ClientForm: FC<{ values?: ClientValues; error?: string }> = ({ values = {}, error }) => (
  <form method="post" action="/admin/lms/clients">
    <FormSection title="Issue an API client">
      <FormError message={error} />
      <Field
        label="Name"
        name="name"
        value={values.name}
        required
        maxlength={80}
        hint="Who uses it, e.g. “Exam server”."
      />
      <Field
        label="Webhook URL (optional)"
        name="webhookUrl"
        type="url"
        value={values.webhookUrl}
        maxlength={500}
        hint="Slate posts each finished grading here, signed with the client's secret."
      />
      <FormActions icon="key">Issue client</FormActions>
    </FormSection>
  </form>
);

export const ClientIssuedPage: FC<{ client: ApiClient; secret: string }> = (p) => (
  <>
    <Breadcrumb trail={[["/admin/lms", "LMS integration"]]}>{p.client.name}</Breadcrumb>
    <PageHeader title="API client issued" />
    <Card>
      <p>Give these to the client's owner. The secret is shown only once; Slate cannot show it again.</p>
      <p class="label">Client id</p>
      <p class="secret">{p.client.client_key}</p>
      <p class="label">Secret</p>
      <p class="secret wrap-anywhere">{p.secret}</p>
      <div class="actions mt">
        <a class="btn btn-primary" href="/admin/lms">
          Done
        </a>
      </div>
    </Card>
  </>
);

export interface PlatformValues {
  name?: string;
  issuer?: string;
  clientId?: string;
  authUrl?: string;
  tokenUrl?: string;
  jwksUrl?: string;
  deploymentIds?: string;
  frameOrigins?: string;
}

/** One of the platform's endpoint URLs, all required and of the same size. */
const UrlField: FC<{ label: string; name: "authUrl" | "tokenUrl" | "jwksUrl"; values: PlatformValues }> = (
  p,
) => <Field label={p.label} name={p.name} type="url" value={p.values[p.name]} required maxlength={500} />;

export const PlatformFormPage: FC<{
  id?: number;
  values: PlatformValues;
  error?: string;
  urls: ToolUrls;
}> = (p) => (
  <>
    <Breadcrumb trail={[["/admin/lms", "LMS integration"]]}>
      {p.id ? p.values.name : "New platform"}
    </Breadcrumb>
    <PageHeader title={p.id ? `Platform: ${p.values.name}` : "Register a platform"} />
    <div class="grid grid-2">
      <form method="post" action={p.id ? `/admin/lms/platforms/${p.id}` : "/admin/lms/platforms"}>
        <FormSection title="What the LMS shows for Slate">
          <FormError message={p.error} />
          <Field
            label="Name"
            name="name"
            value={p.values.name}
            required
            maxlength={80}
            hint="For you, e.g. “School Moodle”."
          />
          <Field
            label="Issuer"
            name="issuer"
            type="url"
            value={p.values.issuer}
            required
            maxlength={500}
            hint="The platform id (iss), e.g. https://moodle.school.example"
          />
          <Field label="Client id" name="clientId" value={p.values.clientId} required maxlength={255} />
          <TextArea
            label="Deployment ids"
            name="deploymentIds"
            value={p.values.deploymentIds}
            rows={3}
            required
            hint="One per line."
          />
          <UrlField label="OIDC authentication URL" name="authUrl" values={p.values} />
          <UrlField label="Access token URL" name="tokenUrl" values={p.values} />
          <UrlField label="Public keyset (JWKS) URL" name="jwksUrl" values={p.values} />
          <Field
            label="Origins that show Slate in a frame (optional)"
            name="frameOrigins"
            value={p.values.frameOrigins}
            maxlength={1000}
            hint="Space-separated, e.g. https://school.instructure.com. Empty: the issuer's and the authentication URL's."
          />
          <FormActions cancel="/admin/lms">{p.id ? "Save platform" : "Register platform"}</FormActions>
        </FormSection>
      </form>
      <div class="stack">
        <ToolValues urls={p.urls} clientId={p.values.clientId} />
        {p.id ? (
          <Card title="Remove">
            <p class="muted">
              Launches from this platform stop working. Linked sections and accounts stay in Slate.
            </p>
            <ActionButton
              action={`/admin/lms/platforms/${p.id}/delete`}
              tone="danger"
              confirm="Remove this platform?"
            >
              Remove platform
            </ActionButton>
          </Card>
        ) : null}
      </div>
    </div>
  </>
);
