// Table types of LTI 1.3 and the signed grading API (migrations/0013_lms.sql). They join Database in
// schema.ts through declaration merging, like problems.ts.
import type { Generated, Selectable } from "kysely";

export type LtiKeyStatus = "current" | "previous" | "retired";
export type OutboxStatus = "pending" | "sent" | "failed";

export interface LtiPlatformsTable {
  id: Generated<number>;
  name: string;
  issuer: string;
  client_id: string;
  auth_url: string;
  token_url: string;
  jwks_url: string;
  frame_origins: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface LtiDeploymentsTable {
  platform_id: number;
  deployment_id: string;
}

export interface LtiKeysTable {
  kid: string;
  private_jwk_sealed: string;
  public_jwk: string;
  status: LtiKeyStatus;
  created_at: number;
}

export interface LtiStatesTable {
  state_hash: string;
  nonce: string;
  platform_id: number;
  expires_at: number;
}

export interface LtiAccountsTable {
  platform_id: number;
  subject: string;
  user_id: number;
  created_at: number;
}

export interface LtiContextsTable {
  id: Generated<number>;
  platform_id: number;
  deployment_id: string;
  context_id: string;
  section_id: number;
  title: Generated<string>;
  memberships_url: string | null;
  lineitems_url: string | null;
  roster_synced_at: number | null;
  created_at: number;
}

export interface LtiLinksTable {
  id: Generated<number>;
  context_id: number;
  resource_link_id: string;
  title: Generated<string>;
  target_kind: string | null;
  target_id: number | null;
  lineitem_url: string | null;
  score_scope: Generated<number>;
  lineitem_scope: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface LtiDeepLinksTable {
  token_hash: string;
  user_id: number;
  context_id: number;
  return_url: string;
  data: string | null;
  accept_multiple: Generated<number>;
  accept_line_item: Generated<number>;
  expires_at: number;
}

export interface LtiGradeOutboxTable {
  id: Generated<number>;
  submission_id: number;
  link_id: number;
  user_id: number;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  score_sent: number | null;
  sent_at: number | null;
  updated_at: number;
}

export interface ApiClientsTable {
  id: Generated<number>;
  name: string;
  client_key: string;
  secret_sealed: string;
  webhook_url: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface ApiRequestIdsTable {
  client_id: number;
  request_id: string;
  seen_at: number;
}

export interface ApiGradingsTable {
  id: Generated<number>;
  client_id: number;
  request_id: string;
  student_id: string;
  problem_id: number;
  status: "graded" | "error";
  answer: string;
  created_at: number;
  webhook_status: OutboxStatus | null;
  webhook_attempts: Generated<number>;
  webhook_next_at: number | null;
  webhook_error: string | null;
}

declare module "../schema.ts" {
  interface Database {
    lti_platforms: LtiPlatformsTable;
    lti_deployments: LtiDeploymentsTable;
    lti_keys: LtiKeysTable;
    lti_states: LtiStatesTable;
    lti_accounts: LtiAccountsTable;
    lti_contexts: LtiContextsTable;
    lti_links: LtiLinksTable;
    lti_deep_links: LtiDeepLinksTable;
    lti_grade_outbox: LtiGradeOutboxTable;
    api_clients: ApiClientsTable;
    api_request_ids: ApiRequestIdsTable;
    api_gradings: ApiGradingsTable;
  }
}

export type LtiPlatform = Selectable<LtiPlatformsTable>;
export type LtiContext = Selectable<LtiContextsTable>;
export type LtiLink = Selectable<LtiLinksTable>;
export type LtiGradeOutboxRow = Selectable<LtiGradeOutboxTable>;
export type ApiClient = Selectable<ApiClientsTable>;
export type ApiGrading = Selectable<ApiGradingsTable>;
