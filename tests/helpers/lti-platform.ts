// A test LTI 1.3 platform (an LMS) on 127.0.0.1: its own RSA keys made with jose and JWKS, an OIDC
// auth step (the tests drive it), an OAuth token endpoint that checks Slate's client assertion against
// Slate's JWKS, AGS line items and scores, NRPS memberships, and a deep-linking return URL that checks
// Slate's signed response. Everything it receives is recorded for the tests to look at.
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import type { TestApp } from "./app.ts";
import type { Client } from "./client.ts";

/** Where the platform finds Slate: its clock (for token times) and its JWKS. */
export interface SlateSide {
  now(): number;
  jwks(): Promise<{ keys: JWK[] }>;
  /** Slate's origin, for pages the platform serves to a real browser. */
  url: string;
}

/** Slate as a TestApp (app.request, the test clock). */
export function testAppSide(t: TestApp): SlateSide {
  return {
    now: () => t.clock.now(),
    jwks: async () => (await (await t.app.request("http://localhost/lti/jwks")).json()) as { keys: JWK[] },
    url: "http://localhost",
  };
}

const LTI = "https://purl.imsglobal.org/spec/lti/claim";
export const ROLE = {
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
};
export const SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  memberships: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
};

export interface Member {
  user_id: string;
  name: string;
  roles: string[];
  status?: string;
}

export interface ReceivedScore {
  lineItem: string;
  body: Record<string, unknown>;
  contentType: string | null;
}

export interface LaunchOptions {
  sub: string;
  name?: string;
  roles?: string[];
  messageType?: string;
  resourceLinkId?: string;
  custom?: Record<string, string>;
  /** Changes to the id_token's claims (undefined deletes one). */
  claims?: Record<string, unknown>;
  /** Seconds to add to iat and exp (negative: an old token). */
  ageSeconds?: number;
  /** Sign with a key that is not in the platform's JWKS. */
  foreignKey?: boolean;
  /** Change one character of the signature after signing. */
  tamper?: boolean;
  deploymentId?: string;
  /** What the browser sends as the state (default: the one Slate gave). */
  state?: (given: string) => string;
  /** Keep the launch from using the state cookie (another browser). */
  dropStateCookie?: boolean;
  /** Post this id_token instead of the platform's own (given Slate's nonce). */
  token?: (nonce: string) => Promise<string>;
}

export class TestPlatform {
  readonly clientId = "slate-client-1";
  readonly deploymentId = "deployment-1";
  readonly contextId = "course-101";
  server!: ReturnType<typeof Bun.serve>;
  private privateKey!: CryptoKey;
  private otherKey!: CryptoKey;
  private publicJwk!: JWK;
  readonly kid = "platform-key-1";
  readonly scores: ReceivedScore[] = [];
  readonly lineItems: { id: string; body: Record<string, unknown> }[] = [];
  readonly deepLinkResponses: JWTPayload[] = [];
  readonly tokenRequests: { scope: string; ok: boolean }[] = [];
  members: Member[] = [];
  /** The next n score posts answer 500. */
  failScores = 0;
  /** Paths this platform answers with a 307 to another address (a hostile or misconfigured LMS). */
  readonly redirects = new Map<string, string>();
  /** The roster's first page links to this as its next page (default: its own second page). */
  nextLink?: string;
  /** The token endpoint answers this instead of a real token. */
  tokenAnswer?: Record<string, unknown>;
  private tokens = new Map<string, string[]>();

  /** Roles per login hint, for launches a real browser starts at /course. */
  readonly browserRoles = new Map<string, string[]>();
  private slate: SlateSide;

  constructor(slate: TestApp | SlateSide) {
    this.slate = "app" in slate ? testAppSide(slate) : slate;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }
  get issuer(): string {
    return this.origin;
  }

  async start(): Promise<void> {
    const pair = await generateKeyPair("RS256", { extractable: true });
    this.privateKey = pair.privateKey;
    this.publicJwk = { ...(await exportJWK(pair.publicKey)), kid: this.kid, alg: "RS256", use: "sig" };
    this.otherKey = (await generateKeyPair("RS256")).privateKey;
    this.server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => this.handle(req) });
  }

  stop(): void {
    this.server.stop(true);
  }

  /** The form an admin fills in at /admin/lms/platforms/new. */
  registrationForm(name = "Test LMS"): Record<string, string> {
    return {
      name,
      issuer: this.issuer,
      clientId: this.clientId,
      authUrl: `${this.origin}/auth`,
      tokenUrl: `${this.origin}/token`,
      jwksUrl: `${this.origin}/jwks`,
      deploymentIds: this.deploymentId,
      frameOrigins: "",
    };
  }

  private async slateJwks() {
    return createLocalJWKSet(await this.slate.jwks());
  }

  private nowS(): number {
    return Math.floor(this.slate.now() / 1000);
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const away = this.redirects.get(url.pathname);
    if (away) return new Response(null, { status: 307, headers: { location: away } });
    if (url.pathname === "/jwks") return Response.json({ keys: [this.publicJwk] });
    if (url.pathname === "/token" && req.method === "POST") return this.token(req);
    if (url.pathname === "/deep-link-return" && req.method === "POST") return this.deepLinkReturn(req);
    if (url.pathname === "/course") return this.coursePage(url);
    if (url.pathname === "/start") return this.startPage(url);
    if (url.pathname === "/auth") return this.authPage(url);
    const scopes = this.tokens.get((req.headers.get("authorization") ?? "").replace(/^Bearer /, ""));
    if (!scopes) return new Response("no token", { status: 401 });
    if (url.pathname === "/lineitems" && req.method === "POST") {
      if (!scopes.includes(SCOPES.lineItem)) return new Response("scope", { status: 403 });
      const body = (await req.json()) as Record<string, unknown>;
      const id = `${this.origin}/lineitems/${this.lineItems.length + 1}?type=grade`;
      this.lineItems.push({ id, body });
      return Response.json({ id, ...body }, { status: 201 });
    }
    const score = /^\/lineitems\/(\d+)\/scores$/.exec(url.pathname);
    if (score && req.method === "POST") {
      if (!scopes.includes(SCOPES.score)) return new Response("scope", { status: 403 });
      if (this.failScores > 0) {
        this.failScores--;
        return new Response("gradebook is down", { status: 500 });
      }
      this.scores.push({
        lineItem: `${this.origin}/lineitems/${score[1]}${url.search}`,
        body: (await req.json()) as Record<string, unknown>,
        contentType: req.headers.get("content-type"),
      });
      return new Response(null, { status: 204 });
    }
    if (url.pathname === "/memberships") {
      if (!scopes.includes(SCOPES.memberships)) return new Response("scope", { status: 403 });
      // Two pages, to follow the Link header.
      const page = Number(url.searchParams.get("page") ?? "1");
      const half = Math.ceil(this.members.length / 2);
      const members = page === 1 ? this.members.slice(0, half) : this.members.slice(half);
      const headers: Record<string, string> = {
        "content-type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
      };
      if (page === 1) headers.link = `<${this.nextLink ?? `${this.origin}/memberships?page=2`}>; rel="next"`;
      return new Response(
        JSON.stringify({ id: `${this.origin}/memberships`, context: { id: this.contextId }, members }),
        {
          headers,
        },
      );
    }
    return new Response("not found", { status: 404 });
  }

  /** The LMS's course page: Slate in an iframe, or a link that opens it in a new window. */
  private coursePage(url: URL): Response {
    const sub = url.searchParams.get("sub") ?? "";
    const deep = url.searchParams.get("deep") === "1" ? "&deep=1" : "";
    const start = `/start?sub=${encodeURIComponent(sub)}${deep}`;
    const body =
      url.searchParams.get("mode") === "window"
        ? `<a id="open" href="${start}" target="_blank">Open Slate in a new window</a>`
        : `<iframe id="tool" title="Slate" src="${start}" style="width:1200px;height:800px"></iframe>`;
    return html(`<h1>Test LMS course</h1>${body}`);
  }

  /** Third-party login initiation: an auto-posted form to Slate's login URL. */
  private startPage(url: URL): Response {
    return autoPost(`${this.slate.url}/lti/login`, {
      iss: this.issuer,
      login_hint: url.searchParams.get("sub") ?? "",
      target_link_uri: `${this.slate.url}/lti/launch`,
      client_id: this.clientId,
      lti_deployment_id: this.deploymentId,
      lti_message_hint: url.searchParams.get("deep") === "1" ? "deep-linking" : "resource-link",
    });
  }

  /** The OIDC auth endpoint: signs the id_token for the hinted user and form-posts it back. */
  private async authPage(url: URL): Promise<Response> {
    const q = Object.fromEntries(url.searchParams);
    if (q.client_id !== this.clientId || !q.redirect_uri?.startsWith(this.slate.url)) {
      return new Response("bad auth request", { status: 400 });
    }
    const sub = q.login_hint ?? "";
    const idToken = await this.idToken(q.nonce ?? "", {
      sub,
      roles: this.browserRoles.get(sub) ?? [ROLE.learner],
      messageType: q.lti_message_hint === "deep-linking" ? "LtiDeepLinkingRequest" : "LtiResourceLinkRequest",
    });
    return autoPost(q.redirect_uri, { id_token: idToken, state: q.state ?? "" });
  }

  private async token(req: Request): Promise<Response> {
    const form = new URLSearchParams(await req.text());
    const scope = form.get("scope") ?? "";
    try {
      if (form.get("grant_type") !== "client_credentials") throw new Error("grant");
      if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
        throw new Error("assertion type");
      }
      await jwtVerify(form.get("client_assertion") ?? "", await this.slateJwks(), {
        issuer: this.clientId,
        subject: this.clientId,
        audience: `${this.origin}/token`,
        currentDate: new Date(this.slate.now()),
      });
    } catch {
      this.tokenRequests.push({ scope, ok: false });
      return Response.json({ error: "invalid_client" }, { status: 401 });
    }
    this.tokenRequests.push({ scope, ok: true });
    if (this.tokenAnswer) return Response.json(this.tokenAnswer);
    const token = crypto.randomUUID();
    this.tokens.set(token, scope.split(" "));
    return Response.json({ access_token: token, token_type: "Bearer", expires_in: 3600, scope });
  }

  private async deepLinkReturn(req: Request): Promise<Response> {
    const form = new URLSearchParams(await req.text());
    const { payload } = await jwtVerify(form.get("JWT") ?? "", await this.slateJwks(), {
      issuer: this.clientId,
      audience: this.issuer,
      currentDate: new Date(this.slate.now()),
    });
    this.deepLinkResponses.push(payload);
    return new Response("placed", { status: 200 });
  }

  /** Any JWT signed with this platform's own key (for tokens idToken cannot make). */
  sign(payload: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT", ...header })
      .sign(this.privateKey);
  }

  /** The claims idToken would sign, without registered claims (for sign()). */
  async claimsFor(nonce: string, o: LaunchOptions): Promise<Record<string, unknown>> {
    const jwt = await this.idToken(nonce, o);
    return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
  }

  /** The id_token the platform posts for a launch. */
  async idToken(nonce: string, o: LaunchOptions): Promise<string> {
    const messageType = o.messageType ?? "LtiResourceLinkRequest";
    const claims: Record<string, unknown> = {
      nonce,
      sub: o.sub,
      name: o.name ?? `Person ${o.sub}`,
      [`${LTI}/message_type`]: messageType,
      [`${LTI}/version`]: "1.3.0",
      [`${LTI}/deployment_id`]: o.deploymentId ?? this.deploymentId,
      [`${LTI}/target_link_uri`]: "http://localhost/lti/launch",
      [`${LTI}/roles`]: o.roles ?? [ROLE.learner],
      [`${LTI}/context`]: { id: this.contextId, label: "CS101", title: "Intro to Programming (LMS)" },
      [`${LTI}/custom`]: o.custom ?? {},
      "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
        scope: [SCOPES.lineItem, SCOPES.score],
        lineitems: `${this.origin}/lineitems`,
      },
      "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
        context_memberships_url: `${this.origin}/memberships`,
        service_versions: ["2.0"],
      },
    };
    if (messageType === "LtiResourceLinkRequest") {
      claims[`${LTI}/resource_link`] = { id: o.resourceLinkId ?? "link-1", title: "Week 1 in Slate" };
    } else {
      claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
        deep_link_return_url: `${this.origin}/deep-link-return`,
        accept_types: ["ltiResourceLink", "link"],
        accept_presentation_document_targets: ["iframe", "window"],
        accept_multiple: true,
        accept_lineitem: true,
        data: "opaque-platform-data",
      };
    }
    for (const [k, v] of Object.entries(o.claims ?? {})) {
      if (v === undefined) delete claims[k];
      else claims[k] = v;
    }
    const now = this.nowS() + (o.ageSeconds ?? 0);
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer((o.claims?.iss as string) ?? this.issuer)
      .setAudience((o.claims?.aud as string) ?? this.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(o.foreignKey ? this.otherKey : this.privateKey);
    if (!o.tamper) return jwt;
    const [h, p, s] = jwt.split(".");
    return `${h}.${p}.${s!.startsWith("A") ? `B${s!.slice(1)}` : `A${s!.slice(1)}`}`;
  }

  /**
   * A whole launch as a browser does it: the platform's login initiation (a cross-site form post to
   * Slate), Slate's redirect to the platform's auth URL, and the platform's form_post of the id_token
   * back to Slate's launch URL.
   */
  async launch(
    browser: Client,
    o: LaunchOptions,
  ): Promise<{ res: Response; login: Response; nonce: string }> {
    const crossSite = { origin: this.origin, "sec-fetch-site": "cross-site" };
    const login = await browser.post(
      "/lti/login",
      {
        iss: this.issuer,
        login_hint: o.sub,
        target_link_uri: "http://localhost/lti/launch",
        lti_message_hint: "hint-1",
        client_id: this.clientId,
        lti_deployment_id: o.deploymentId ?? this.deploymentId,
      },
      crossSite,
    );
    const location = login.headers.get("location");
    if (login.status !== 302 || !location) return { res: login, login, nonce: "" };
    const auth = new URL(location);
    const nonce = auth.searchParams.get("nonce") ?? "";
    const state = auth.searchParams.get("state") ?? "";
    const idToken = o.token ? await o.token(nonce) : await this.idToken(nonce, o);
    if (o.dropStateCookie) browser.forget();
    const res = await browser.post(
      "/lti/launch",
      { id_token: idToken, state: o.state ? o.state(state) : state },
      crossSite,
    );
    return { res, login, nonce };
  }
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function html(body: string): Response {
  return new Response(
    `<!doctype html><html><head><title>Test LMS</title></head><body>${body}</body></html>`,
    {
      headers: { "content-type": "text/html; charset=utf-8" },
    },
  );
}

/** A page that posts a form at once, as platforms do for LTI messages. */
function autoPost(action: string, fields: Record<string, string>): Response {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeAttr(k)}" value="${escapeAttr(v)}">`)
    .join("");
  return html(
    `<form id="f" method="post" action="${escapeAttr(action)}">${inputs}</form><script>document.getElementById("f").submit()</script>`,
  );
}

/** Registers the platform through the admin page; returns its id in Slate. */
export async function registerPlatform(t: TestApp, admin: Client, platform: TestPlatform): Promise<number> {
  const res = await admin.post("/admin/lms/platforms", platform.registrationForm());
  if (res.status !== 303)
    throw new Error(`registering the platform failed: ${res.status} ${await res.text()}`);
  return t.ctx.sqlite.query<{ id: number }, []>("SELECT max(id) AS id FROM lti_platforms").get()!.id;
}
