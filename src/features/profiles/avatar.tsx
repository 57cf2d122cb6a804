// The avatar other features show beside a name (leaderboards, submissions, chat, admin pages): an
// image from Slate's own /avatars/:id route (the uploaded picture or a default with initials), in a
// link that opens it large; src/client/community.ts turns the click into an in-page enlargement.
import type { FC } from "hono/jsx";
import type { User } from "../../db/schema.ts";
import { Card } from "../../ui/components.tsx";

export const Avatar: FC<{ userId: number; name: string; size?: "sm" | "md" | "lg"; zoom?: boolean }> = (
  p,
) => {
  const size = p.size ?? "sm";
  const px = { sm: 28, md: 40, lg: 96 }[size];
  const img = (
    <img
      class={`avatar-img avatar-${size}`}
      src={`/avatars/${p.userId}`}
      alt={p.zoom === false ? `Picture of ${p.name}` : ""}
      width={px}
      height={px}
      loading="lazy"
    />
  );
  if (p.zoom === false) return img;
  return (
    <a
      class="avatar-link"
      href={`/avatars/${p.userId}`}
      data-avatar-zoom={p.name}
      target="_blank"
      rel="noopener"
    >
      {img}
      <span class="sr-only">Enlarge the picture of {p.name}</span>
    </a>
  );
};

const PALETTE = ["#2563eb", "#7c3aed", "#db2777", "#ea580c", "#16a34a", "#0891b2", "#4f46e5", "#b45309"];

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((p) => Array.from(p)[0]?.toUpperCase() ?? "").join("") || "?";
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[ch]!,
  );

/** Slate's own default picture: initials on a colour chosen by the user id (no upload is ever SVG). */
export function defaultAvatarSvg(userId: number, name: string | null): string {
  const bg = name === null ? "#94a3b8" : PALETTE[userId % PALETTE.length]!;
  const text = name === null ? "" : escapeXml(initials(name));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96"><rect width="96" height="96" rx="48" fill="${bg}"/>${
    text
      ? `<text x="48" y="50" dy=".35em" text-anchor="middle" font-family="system-ui,sans-serif" font-size="38" font-weight="600" fill="#fff">${text}</text>`
      : `<circle cx="48" cy="38" r="16" fill="#fff"/><path d="M18 82c4-16 16-24 30-24s26 8 30 24" fill="#fff"/>`
  }</svg>`;
}

/** The account page's card leading to the profile. */
export const ProfileLinkCard: FC<{ user: User }> = ({ user }) => (
  <Card title="Picture and bio">
    <div class="person">
      <Avatar userId={user.id} name={user.display_name} size="md" />
      <a href="/profile">Change your picture and bio</a>
    </div>
  </Card>
);
