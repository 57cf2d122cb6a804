// The Hono app: cross-cutting middleware in order, one sub-app per feature, one error handler.

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { jsxRenderer } from "hono/jsx-renderer";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppContext, AppEnv } from "./context.ts";
import { accountRoutes } from "./features/account/routes.tsx";
import { adminRoutes } from "./features/admin/routes.tsx";
import { aiRoutes } from "./features/ai/routes.tsx";
import { announcementRoutes } from "./features/announcements/routes.tsx";
import { assessmentFeatureRoutes } from "./features/assessments/routes.tsx";
import { authRoutes } from "./features/auth/routes.tsx";
import { classDashboardRoutes } from "./features/class-dashboard/routes.tsx";
import { chatRoutes } from "./features/community/chat/routes.tsx";
import { codeCommentRoutes } from "./features/community/code-comments/routes.tsx";
import { discussionRoutes } from "./features/community/discussion/routes.tsx";
import { liveClassRoutes } from "./features/community/live-class/routes.tsx";
import { sharingRoutes } from "./features/community/sharing/routes.tsx";
import { enrollRoutes } from "./features/enroll/routes.tsx";
import { executionRoutes } from "./features/execution/routes.tsx";
import { shellRoutes } from "./features/execution/shell-routes.tsx";
import { gradebookRoutes } from "./features/gradebook/routes.tsx";
import { healthRoutes } from "./features/health/routes.ts";
import { manageHintRoutes, studentHintRoutes } from "./features/hints/routes.tsx";
import { dashboardRoutes } from "./features/home/routes.tsx";
import { integrityRoutes } from "./features/integrity/routes.tsx";
import { lessonFraming } from "./features/lessons/framing.ts";
import { lessonRoutes } from "./features/lessons/routes.tsx";
import { lmsFraming } from "./features/lms/lti/framing.ts";
import { lmsPublicRoutes } from "./features/lms/public-routes.tsx";
import { lmsRoutes } from "./features/lms/routes.tsx";
import { notificationRoutes } from "./features/notifications/routes.tsx";
import { playgroundRoutes } from "./features/playground/routes.tsx";
import { registerRoutes } from "./features/practice/register-routes.tsx";
import { practiceRoutes } from "./features/practice/routes.tsx";
import { watchGradings } from "./features/practice/watch.ts";
import { manageProblemRoutes } from "./features/problems/routes.tsx";
import { imageCsp, UPLOAD_ROUTES } from "./features/profiles/images.ts";
import { publicResetRoutes, resetLinkRoutes } from "./features/profiles/reset-routes.tsx";
import { profileRoutes } from "./features/profiles/routes.tsx";
import { sectionCloneRoutes } from "./features/section-clone/routes.tsx";
import { sectionRoutes } from "./features/sections/routes.tsx";
import { setupRoutes } from "./features/setup/routes.tsx";
import { solveRoutes } from "./features/solve/routes.tsx";
import { studentImportRoutes } from "./features/student-import/routes.tsx";
import { submissionRoutes } from "./features/submissions/routes.tsx";
import { manageTaskRoutes } from "./features/tasks/routes.tsx";
import { ticketRoutes } from "./features/tickets/routes.tsx";
import { visualizerRoutes } from "./features/visualizer/routes.tsx";
import { loadUser, requireUser, setupGate } from "./http/auth-middleware.ts";
import { handleError, handleNotFound } from "./http/errors.tsx";
import { takeFlash } from "./http/flash.ts";
import { originCheck } from "./http/origin-check.ts";
import { requestLogger } from "./http/request-log.ts";
import { serveStatic } from "./http/static.ts";
import { countUnread } from "./models/notification.ts";
import { Layout } from "./ui/layout.tsx";

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  watchGradings(ctx); // points and achievements follow gradings

  app.use(async (c, next) => {
    c.set("ctx", ctx);
    c.set("user", null);
    c.set("flash", null);
    await next();
  });
  app.use(requestLogger());
  app.use(
    jsxRenderer(
      async ({ children, title, bare }, c) => {
        const user = c.get("user");
        const unread = user && !bare ? await countUnread(ctx.db, user.id) : 0;
        return (
          <Layout title={title} bare={bare} unread={unread}>
            {children}
          </Layout>
        );
      },
      { docType: true },
    ),
  );
  app.use(lmsFraming()); // before secureHeaders: it edits the CSP for registered LMS frames
  app.use(imageCsp()); // before secureHeaders: uploaded images keep their own sandboxing CSP
  app.use(lessonFraming()); // before secureHeaders: lesson pages may frame their allowed video hosts
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", NONCE],
        // The nonce admits CodeMirror's own <style> element (style-mod); style attributes stay refused.
        styleSrc: ["'self'", NONCE],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const defaultBodyLimit = bodyLimit({ maxSize: 1024 * 1024 });
  // Image uploads set their own, larger limit (src/features/profiles/images.ts).
  app.use((c, next) => (UPLOAD_ROUTES.test(c.req.path) ? next() : defaultBodyLimit(c, next)));

  app.route("/", healthRoutes);
  app.get("/static/*", serveStatic());
  // Exactly the LTI login/launch/JWKS paths and /api/v1/grade, before the origin check: the LMS posts
  // cross-site and the API is called by servers; each verifies its own requests (see the file).
  app.route("/", lmsPublicRoutes);

  app.use(originCheck());
  app.use(loadUser());
  app.use(async (c, next) => {
    c.set("flash", takeFlash(c));
    await next();
  });
  app.use(setupGate());

  app.route("/", setupRoutes);
  app.route("/", authRoutes);
  app.route("/join", enrollRoutes);
  app.route("/", registerRoutes);
  app.route("/", publicResetRoutes);

  app.use(requireUser());
  app.route("/", dashboardRoutes);
  app.route("/account", accountRoutes);
  app.route("/sections", sectionRoutes);
  app.route("/sections", gradebookRoutes);
  app.route("/sections", classDashboardRoutes);
  app.route("/sections", announcementRoutes);
  app.route("/sections", studentImportRoutes);
  app.route("/", notificationRoutes);
  app.route("/playground", playgroundRoutes);
  app.route("/practice", practiceRoutes);
  app.route("/playground", shellRoutes);
  app.route("/visualizer", visualizerRoutes);
  app.route("/admin", adminRoutes);
  app.route("/ai", aiRoutes);
  app.route("/", lmsRoutes);
  app.route("/", integrityRoutes);
  app.route("/", resetLinkRoutes);
  app.route("/", profileRoutes);
  app.route("/", chatRoutes);
  app.route("/", discussionRoutes);
  app.route("/", codeCommentRoutes);
  app.route("/", sharingRoutes);
  app.route("/", liveClassRoutes);
  app.route("/", ticketRoutes);
  app.route("/", solveRoutes);
  app.route("/", studentHintRoutes);
  app.route("/manage", manageHintRoutes);
  app.route("/manage", sectionCloneRoutes);
  app.route("/manage", submissionRoutes);
  app.route("/manage", manageTaskRoutes);
  app.route("/manage", manageProblemRoutes);
  app.route("/", assessmentFeatureRoutes);
  app.route("/", lessonRoutes);
  app.route("/manage", executionRoutes);

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
