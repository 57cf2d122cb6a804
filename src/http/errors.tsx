// One place turns every error into a response: a friendly page, or a small fragment for htmx.
// Unexpected errors are logged with an id the user can quote; users never see a stack trace.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../context.ts";
import { randomToken } from "../lib/tokens.ts";
import { ErrorFragment, ErrorPage, errorTitle } from "../ui/error-page.tsx";

const DEFAULT_MESSAGES: Record<number, string> = {
  403: "You do not have access to this page.",
  404: "There is nothing at this address. It may have been moved or deleted.",
  413: "The request body is larger than Slate accepts.",
  429: "Too many requests. Please wait a minute and try again.",
};

export function handleNotFound(c: Context<AppEnv>) {
  return renderError(c, 404, DEFAULT_MESSAGES[404]!);
}

export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof HTTPException && err.status < 500) {
    const fromCsrf = err.status === 403 && err.message === "";
    const message = fromCsrf
      ? "This form was sent from another site, so Slate refused it. Reload the page and try again."
      : err.message || DEFAULT_MESSAGES[err.status] || errorTitle(err.status);
    return renderError(c, err.status, message);
  }
  const errorId = randomToken(6);
  c.var.ctx?.logger.error({ err, errorId, reqId: c.var.requestId, path: c.req.path }, "unhandled error");
  return renderError(c, 500, "Slate hit an unexpected error. It has been logged.", errorId);
}

function renderError(c: Context<AppEnv>, status: number, message: string, errorId?: string) {
  c.status(status as ContentfulStatusCode);
  if (c.req.header("hx-request")) return c.html(<ErrorFragment message={message} errorId={errorId} />);
  if (
    c.req.header("accept")?.includes("application/json") &&
    !c.req.header("accept")?.includes("text/html")
  ) {
    return c.json({ error: message, errorId }, status as ContentfulStatusCode);
  }
  return c.render(<ErrorPage status={status} message={message} errorId={errorId} />, {
    title: errorTitle(status),
  });
}
