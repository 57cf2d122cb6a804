// Sharing a playground program: the owner snapshots all their files behind a random read-only link;
// anyone signed in to this Slate with the link reads it and copies it into their own playground;
// the owner revokes it (the link then answers 404, like one that never existed).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../../context.ts";
import { currentUser } from "../../../http/auth-middleware.ts";
import { redirectWith } from "../../../http/flash.ts";
import { limit } from "../../../http/rate-limit.ts";
import { idParam, validated } from "../../../http/validation.ts";
import { randomToken } from "../../../lib/tokens.ts";
import { selectOptionalUser } from "../../../models/user.ts";
import { createFile, listFiles, MAX_FILES } from "../../playground/files.ts";
import { SharedListPage, SharedProgramPage } from "../views/sharing.tsx";
import {
  insertShare,
  revokeShare,
  type SharedFile,
  selectOwnShares,
  selectShare,
  selectShareByToken,
} from "./share-model.ts";

const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Not a valid link.") });
const gone = () =>
  new HTTPException(404, { message: "This link does not exist or was revoked by its owner." });

/** A name not yet among `taken`: main.py, main_2.py, main_3.py, ... */
function freeName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let i = 2; ; i++) if (!taken.has(`${stem}_${i}${ext}`)) return `${stem}_${i}${ext}`;
}

export const sharingRoutes = new Hono<AppEnv>()
  .post(
    "/share",
    limit({
      max: 20,
      per: "hour",
      key: (c) => `share:${c.var.user?.id}`,
      message: "Too many links in an hour.",
    }),
    async (c) => {
      const user = currentUser(c);
      const ctx = c.var.ctx;
      const files = await listFiles(ctx, user.id);
      const main = files.find((f) => f.is_main === 1) ?? files[0]!;
      const share = await insertShare(ctx.db, {
        ownerId: user.id,
        token: randomToken(18),
        title: `${user.display_name}'s ${main.name}`,
        files: files.map((f) => ({ name: f.name, content: f.content })),
        main: main.name,
        now: ctx.clock.now(),
      });
      return redirectWith(
        c,
        `/s/${share.token}`,
        "Link made: copy it below and send it. Later edits are not shared.",
      );
    },
  )
  .get("/shared", async (c) => {
    const shares = await selectOwnShares(c.var.ctx.db, currentUser(c).id);
    return c.render(<SharedListPage shares={shares} origin={new URL(c.req.url).origin} />, {
      title: "Shared links",
    });
  })
  .post("/shared/:id/revoke", validated("param", idParam), async (c) => {
    const share = await selectShare(c.var.ctx.db, c.req.valid("param").id);
    if (!share || share.owner_id !== currentUser(c).id)
      throw new HTTPException(404, { message: "There is no such link." });
    await revokeShare(c.var.ctx.db, share.id, c.var.ctx.clock.now());
    return redirectWith(c, "/shared", "The link was revoked: it no longer opens.");
  })
  .get("/s/:token", validated("param", tokenParam), async (c) => {
    const share = await selectShareByToken(c.var.ctx.db, c.req.valid("param").token);
    if (!share || share.revoked_at !== null) throw gone();
    const owner = await selectOptionalUser(c.var.ctx.db, share.owner_id);
    const origin = c.var.ctx.config.baseUrl ?? new URL(c.req.url).origin;
    c.header("Referrer-Policy", "no-referrer");
    return c.render(
      <SharedProgramPage
        share={share}
        files={JSON.parse(share.files) as SharedFile[]}
        owner={{ id: share.owner_id, name: owner?.display_name ?? "Someone" }}
        mine={share.owner_id === currentUser(c).id}
        link={`${origin}/s/${share.token}`}
      />,
      { title: share.title },
    );
  })
  .post("/s/:token/copy", validated("param", tokenParam), async (c) => {
    const ctx = c.var.ctx;
    const share = await selectShareByToken(ctx.db, c.req.valid("param").token);
    if (!share || share.revoked_at !== null) throw gone();
    const user = currentUser(c);
    const mine = await listFiles(ctx, user.id);
    const incoming = JSON.parse(share.files) as SharedFile[];
    if (mine.length + incoming.length > MAX_FILES) {
      return redirectWith(
        c,
        `/s/${share.token}`,
        `Your playground has ${mine.length} files; this program adds ${incoming.length}, over the limit of ${MAX_FILES}. Delete some first.`,
        "error",
      );
    }
    const taken = new Set(mine.map((f) => f.name));
    for (const f of incoming) {
      const name = freeName(f.name, taken);
      taken.add(name);
      await createFile(ctx, user.id, { name, content: f.content });
    }
    return redirectWith(
      c,
      "/playground",
      `Copied ${incoming.length} ${incoming.length === 1 ? "file" : "files"} into your playground.`,
    );
  });
