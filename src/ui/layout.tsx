// The page shell: head (theme applied before first paint), sidebar navigation by role, flash message.
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import { useRequestContext } from "hono/jsx-renderer";
import type { AppEnv } from "../context.ts";
import type { User } from "../db/schema.ts";
import { MessagesMenu } from "../features/community/views/chat.tsx";
import { OpenTicketsBadgeLoader } from "../features/tickets/views/tickets.tsx";
import { asset } from "../http/static.ts";
import { Bell, LiveSink, Toasts } from "./bell.tsx";
import { Alert } from "./components.tsx";
import { Icon, type IconName } from "./icons.tsx";

declare module "hono" {
  // An interface (not a type alias), so it merges with Hono's own declaration.
  interface ContextRenderer {
    (
      content: string | Promise<string>,
      props: { title: string; bare?: boolean },
    ): Response | Promise<Response>;
  }
}

interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  /** After the label, e.g. a live count. */
  badge?: Child;
}

export function navFor(user: User): NavItem[] {
  const items: NavItem[] = [{ href: "/", label: "Dashboard", icon: "home" }];
  items.push({ href: "/sections", label: "Sections", icon: "book" });
  items.push({ href: "/playground", label: "Playground", icon: "play" });
  items.push({ href: "/practice", label: "Practice", icon: "star" });
  if (user.role !== "student") items.push({ href: "/banks", label: "Question banks", icon: "check" });
  if (user.role === "admin") {
    items.push({ href: "/admin/users", label: "Users", icon: "users" });
    items.push({ href: "/admin/tickets", label: "Tickets", icon: "info", badge: <OpenTicketsBadgeLoader /> });
    items.push({ href: "/admin/system", label: "System", icon: "gauge" });
    items.push({ href: "/admin/lms", label: "LMS", icon: "link" });
  } else items.push({ href: "/tickets", label: "Support", icon: "info" });
  return items;
}

const isCurrent = (path: string, href: string) => (href === "/" ? path === "/" : path.startsWith(href));

const Sidebar: FC<{ user: User; path: string }> = ({ user, path }) => (
  <nav id="sidebar" class="sidebar" aria-label="Main">
    <a class="brand" href="/">
      <span class="brand-mark" aria-hidden="true">
        S
      </span>
      <span>Slate</span>
    </a>
    <ul>
      {navFor(user).map((item) => (
        <li>
          <a href={item.href} aria-current={isCurrent(path, item.href) ? "page" : undefined}>
            <Icon name={item.icon} />
            {item.label}
            {item.badge}
          </a>
        </li>
      ))}
    </ul>
    <div class="sidebar-foot">
      <a href="/account" class="who" aria-current={path.startsWith("/account") ? "page" : undefined}>
        {/* The user's picture, or Slate's default with their initials (src/features/profiles). */}
        <img class="avatar avatar-img" src={`/avatars/${user.id}`} alt="" width={34} height={34} />
        <span>
          <strong>{user.display_name}</strong>
          <small>{user.role}</small>
        </span>
      </a>
      <form method="post" action="/logout">
        <button type="submit" class="btn btn-ghost btn-block">
          <Icon name="logout" />
          Log out
        </button>
      </form>
    </div>
  </nav>
);

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((p) => Array.from(p)[0]?.toUpperCase() ?? "").join("") || "?";
}

const ThemeToggle: FC = () => (
  <button type="button" class="btn btn-ghost btn-icon theme-toggle" data-theme-toggle aria-label="Dark mode">
    <Icon name="moon" class="when-light" />
    <Icon name="sun" class="when-dark" />
  </button>
);

const Head: FC<{ title: string }> = ({ title }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    {/* htmx would inject a <style> tag, which the CSP (style-src self) refuses; app.css has the styles. */}
    <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
    <title>{`${title} · Slate`}</title>
    <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
    {/* Blocking on purpose: sets data-theme before the first paint, so dark mode never flashes. */}
    <script src={asset("dist/theme.js")} />
    <link rel="stylesheet" href={asset("css/app.css")} />
    <link rel="stylesheet" href={asset("css/community.css")} />
    <script src={asset("vendor/htmx-2.0.11.min.js")} defer />
    <script src={asset("vendor/htmx-ext-sse-2.2.4.min.js")} defer />
    <script src={asset("dist/app.js")} defer />
    <script src={asset("dist/live.js")} defer />
    <script src={asset("dist/community.js")} defer />
  </head>
);

/** unread: the signed-in user's unread notifications, for the bell (counted by the renderer in app.tsx). */
export const Layout: FC<PropsWithChildren<{ title: string; bare?: boolean; unread: number }>> = ({
  title,
  bare,
  unread,
  children,
}) => {
  const c = useRequestContext<AppEnv>();
  const user = c.get("user");
  const flash = c.get("flash");
  const flashBox: Child = flash ? <Alert kind={flash.kind}>{flash.text}</Alert> : null;
  if (bare || !user) {
    return (
      <html lang="en">
        <Head title={title} />
        <body class="bare">
          <div class="bare-top">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">
                S
              </span>
              <span>Slate</span>
            </a>
            <ThemeToggle />
          </div>
          <main id="main" class="bare-main">
            {flashBox}
            {children}
          </main>
        </body>
      </html>
    );
  }
  return (
    <html lang="en">
      <Head title={title} />
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <div class="shell">
          <Sidebar user={user} path={c.req.path} />
          <div class="scrim" data-nav-close aria-hidden="true" />
          {/* One live connection per page: the bell, presence, and the page's own live data (src/lib/live.tsx). */}
          <div
            class="content"
            hx-ext="sse"
            sse-connect={user.must_change_password ? undefined : (c.get("liveUrl") ?? "/live")}
          >
            <LiveSink />
            <div class="topbar">
              <button
                type="button"
                class="btn btn-ghost btn-icon menu-button"
                data-nav-toggle
                aria-controls="sidebar"
                aria-expanded="false"
                aria-label="Menu"
              >
                <Icon name="menu" />
              </button>
              <span class="topbar-title">{title}</span>
              <MessagesMenu />
              <Bell count={unread} />
              <ThemeToggle />
            </div>
            <main id="main">
              {flashBox}
              {children}
            </main>
            <Toasts />
          </div>
        </div>
      </body>
    </html>
  );
};
