import type { FC } from "hono/jsx";

const TITLES: Record<number, string> = {
  400: "That request was not valid",
  401: "Please log in",
  403: "You do not have access",
  404: "Page not found",
  413: "That upload is too large",
  422: "Please check your input",
  429: "Slow down a little",
  500: "Something went wrong",
  503: "Slate is busy",
};

export function errorTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? TITLES[500]! : TITLES[400]!);
}

export const ErrorPage: FC<{ status: number; message: string; errorId?: string }> = (p) => (
  <div class="error-page">
    <div class="code">{p.status}</div>
    <h1>{errorTitle(p.status)}</h1>
    <p class="muted">{p.message}</p>
    {p.errorId ? <p class="ref">Reference: {p.errorId}</p> : null}
    <p>
      <a class="btn btn-secondary" href="/">
        Go to the dashboard
      </a>
    </p>
  </div>
);

/** What an htmx request gets instead of a full page. */
export const ErrorFragment: FC<{ message: string; errorId?: string }> = (p) => (
  <div class="alert alert-error error-fragment" role="alert">
    {p.message}
    {p.errorId ? ` (reference ${p.errorId})` : ""}
  </div>
);
