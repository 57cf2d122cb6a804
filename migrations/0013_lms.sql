-- Working with a school's LMS (src/features/lms): LTI 1.3 platforms, Slate's signing keys, launch
-- state, linked accounts, contexts and resource links, the grade outbox; and the signed grading API's
-- clients, replay ids and gradings. Timestamps are epoch ms (UTC).

CREATE TABLE lti_platforms (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  issuer TEXT NOT NULL,
  client_id TEXT NOT NULL,
  auth_url TEXT NOT NULL,
  token_url TEXT NOT NULL,
  jwks_url TEXT NOT NULL,
  frame_origins TEXT NOT NULL DEFAULT '', -- space-separated origins allowed to frame Slate
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (issuer, client_id)
);

CREATE TABLE lti_deployments (
  platform_id INTEGER NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
  deployment_id TEXT NOT NULL,
  PRIMARY KEY (platform_id, deployment_id)
);

-- Slate's own RSA keys: the private JWK sealed with the app secret (src/lib/secret-box.ts).
-- One 'current' key signs; 'previous' keys stay in the JWKS so tokens signed just before a rotation
-- still verify; 'retired' keys are no longer published.
CREATE TABLE lti_keys (
  kid TEXT PRIMARY KEY,
  private_jwk_sealed TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('current', 'previous', 'retired')),
  created_at INTEGER NOT NULL
);

-- OIDC login initiations waiting for their launch: single use, short lived.
CREATE TABLE lti_states (
  state_hash TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  platform_id INTEGER NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);

CREATE TABLE lti_accounts (
  platform_id INTEGER NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
  subject TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (platform_id, subject)
);
CREATE INDEX lti_accounts_user ON lti_accounts (user_id);

-- An LMS course (context) of one deployment, linked to one Slate section.
CREATE TABLE lti_contexts (
  id INTEGER PRIMARY KEY,
  platform_id INTEGER NOT NULL REFERENCES lti_platforms (id) ON DELETE CASCADE,
  deployment_id TEXT NOT NULL,
  context_id TEXT NOT NULL,
  section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  memberships_url TEXT,
  lineitems_url TEXT,
  roster_synced_at INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (platform_id, deployment_id, context_id)
);
CREATE INDEX lti_contexts_section ON lti_contexts (section_id);

-- A placed link in the LMS and what it opens. target_kind names a kind of Slate content ('task' now;
-- assessments and lessons later) so links do not depend on one table.
CREATE TABLE lti_links (
  id INTEGER PRIMARY KEY,
  context_id INTEGER NOT NULL REFERENCES lti_contexts (id) ON DELETE CASCADE,
  resource_link_id TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  target_kind TEXT,
  target_id INTEGER,
  lineitem_url TEXT,
  score_scope INTEGER NOT NULL DEFAULT 0, -- the platform granted the AGS score scope
  lineitem_scope INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (context_id, resource_link_id)
);
CREATE INDEX lti_links_target ON lti_links (target_kind, target_id);

-- Deep-linking requests waiting for the teacher's pick.
CREATE TABLE lti_deep_links (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  context_id INTEGER NOT NULL REFERENCES lti_contexts (id) ON DELETE CASCADE,
  return_url TEXT NOT NULL,
  data TEXT,
  accept_multiple INTEGER NOT NULL DEFAULT 0,
  accept_line_item INTEGER NOT NULL DEFAULT 1,
  expires_at INTEGER NOT NULL
);

-- Scores to send to a platform through AGS: one row per submission and link; a regrade or an
-- override sets it back to pending. The score sent is the task's score at the time of sending.
CREATE TABLE lti_grade_outbox (
  id INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  link_id INTEGER NOT NULL REFERENCES lti_links (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  score_sent REAL,
  sent_at INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (submission_id, link_id)
);
CREATE INDEX lti_grade_outbox_due ON lti_grade_outbox (status, next_attempt_at);

-- The signed grading API.
CREATE TABLE api_clients (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  client_key TEXT NOT NULL UNIQUE,
  secret_sealed TEXT NOT NULL,
  webhook_url TEXT,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

-- Request ids seen per client, kept a little longer than a request may be old.
CREATE TABLE api_request_ids (
  client_id INTEGER NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
  request_id TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, request_id)
);

CREATE TABLE api_gradings (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
  request_id TEXT NOT NULL,
  student_id TEXT NOT NULL,
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('graded', 'error')),
  answer TEXT NOT NULL, -- the JSON answered to the caller (visible feedback only)
  created_at INTEGER NOT NULL,
  webhook_status TEXT CHECK (webhook_status IN ('pending', 'sent', 'failed')),
  webhook_attempts INTEGER NOT NULL DEFAULT 0,
  webhook_next_at INTEGER,
  webhook_error TEXT
);
CREATE INDEX api_gradings_webhook ON api_gradings (webhook_status, webhook_next_at);
