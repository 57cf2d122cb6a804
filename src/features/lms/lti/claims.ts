// The claim names, message types, roles, scopes and media types of LTI 1.3 Core, Deep Linking 2.0,
// Assignment and Grade Services 2.0 and Names and Role Provisioning Services 2.0 (1EdTech specs).
const LTI = "https://purl.imsglobal.org/spec/lti/claim";

export const CLAIM = {
  messageType: `${LTI}/message_type`,
  version: `${LTI}/version`,
  deploymentId: `${LTI}/deployment_id`,
  targetLinkUri: `${LTI}/target_link_uri`,
  resourceLink: `${LTI}/resource_link`,
  roles: `${LTI}/roles`,
  context: `${LTI}/context`,
  custom: `${LTI}/custom`,
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  contentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  deepLinkingMsg: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  agsEndpoint: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
} as const;

export const LTI_VERSION = "1.3.0";

export const MESSAGE = {
  resourceLink: "LtiResourceLinkRequest",
  deepLinking: "LtiDeepLinkingRequest",
  deepLinkingResponse: "LtiDeepLinkingResponse",
} as const;

export const SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;

export const MEDIA = {
  score: "application/vnd.ims.lis.v1.score+json",
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  memberships: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

export type LtiRole = "instructor" | "learner";

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

/**
 * The Slate role a set of LTI roles maps to: Instructor (and the course roles that manage it) teach,
 * Learner studies. Context (membership) roles count, and their short forms; institution roles alone
 * (a staff member who is a student in this course) do not decide a course role. Null: neither.
 */
export function mapRoles(roles: readonly string[]): LtiRole | null {
  const names = new Set(
    roles.map((r) => (r.startsWith(MEMBERSHIP) ? r.slice(MEMBERSHIP.length) : r)).map((r) => r.split("#")[0]),
  );
  if (["Instructor", "Administrator", "ContentDeveloper"].some((r) => names.has(r))) return "instructor";
  if (names.has("Learner")) return "learner";
  return null;
}
