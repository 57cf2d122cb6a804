// The Hono app: cross-cutting middleware in order, one sub-app per feature, one error handler.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { jsxRenderer } from "hono/jsx-renderer";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { Layout } from "../views/layout.tsx";
import type { AppContext, AppEnv } from "./context.ts";
import { loadUser, requireUser, setupGate } from "./lib/auth-middleware.ts";
import { handleError, handleNotFound } from "./lib/errors.tsx";
import { takeFlash } from "./lib/flash.ts";
import { originCheck } from "./lib/origin-check.ts";
import { requestLogger } from "./lib/request-log.ts";
import { serveStatic } from "./lib/static.ts";
import { accountRoutes } from "./routes/account.tsx";
import { adminRoutes } from "./routes/admin.tsx";
import { announcementRoutes } from "./routes/announcements.tsx";
import { authRoutes } from "./routes/auth.tsx";
import { classDashboardRoutes } from "./routes/class-dashboard.tsx";
import { dashboardRoutes } from "./routes/dashboard.tsx";
import { draftRoutes } from "./routes/drafts.tsx";
import { enrollRoutes } from "./routes/enroll.tsx";
import { gradebookRoutes } from "./routes/gradebook.tsx";
import { healthRoutes } from "./routes/health.ts";
import { liveListRoutes } from "./routes/live-lists.tsx";
import { manageProblemRoutes } from "./routes/manage-problems.tsx";
import { manageTaskRoutes } from "./routes/manage-tasks.tsx";
import { notificationRoutes } from "./routes/notifications.tsx";
import { playgroundRoutes } from "./routes/playground.tsx";
import { sectionRoutes } from "./routes/sections.tsx";
import { setupRoutes } from "./routes/setup.tsx";
import { solveRoutes } from "./routes/solve.tsx";
import { studentImportRoutes } from "./routes/student-import.tsx";
import { submissionRoutes } from "./routes/submissions.tsx";

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set("ctx", ctx);
    c.set("user", null);
    c.set("flash", null);
    await next();
  });
  app.use(requestLogger());
  app.use(
    jsxRenderer(
      ({ children, title, bare }) => (
        <Layout title={title} bare={bare}>
          {children}
        </Layout>
      ),
      { docType: true },
    ),
  );
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
  app.use(bodyLimit({ maxSize: 1024 * 1024 }));

  app.route("/", healthRoutes);
  app.get("/static/*", serveStatic());

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
  app.route("/admin", adminRoutes);
  app.route("/", solveRoutes);
  app.route("/", draftRoutes);
  app.route("/", liveListRoutes);
  app.route("/manage", submissionRoutes);
  app.route("/manage", manageTaskRoutes);
  app.route("/manage", manageProblemRoutes);

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
