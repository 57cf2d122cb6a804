// Profiles: your picture (uploaded, checked by content, served from Slate's own route), display name
// and bio; other people's profile pages; /avatars/:id for every avatar on every page.
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { everyPageFeeds } from "../../http/live.tsx";
import { limit } from "../../http/rate-limit.ts";
import { formValidator, idParam, line, validated } from "../../http/validation.ts";
import { sha256 } from "../../lib/tokens.ts";
import { selectOptionalUser, updateUser } from "../../models/user.ts";
import { defaultAvatarSvg } from "./avatar.tsx";
import {
  checkImage,
  imageHeaders,
  MAX_IMAGE_BYTES,
  removeUpload,
  storeUpload,
  uploadPath,
} from "./images.ts";
import { maySeeProfile, saveProfile, selectProfile } from "./profile-model.ts";
import { MyProfilePage, PersonPage } from "./views/profile.tsx";

const profileForm = z.object({
  displayName: line("Display name", 80),
  bio: z.string().trim().max(280, "The bio is at most 280 characters.").optional().default(""),
});

const tooLarge = () => {
  throw new HTTPException(413, { message: "The picture is larger than 2 MB. Choose a smaller one." });
};

// A deactivated user's open pages stop receiving anything at once (the reconnect finds no session).
everyPageFeeds.push((c, user, live) =>
  c.var.ctx.events.on("account:deactivated", (e) => {
    if (e.userId === user.id) live.close();
  }),
);

export const profileRoutes = new Hono<AppEnv>()
  .get("/profile", async (c) => {
    const user = currentUser(c);
    const profile = await selectProfile(c.var.ctx.db, user.id);
    return c.render(
      <MyProfilePage user={user} bio={profile.bio} hasPicture={profile.avatarType !== null} />,
      {
        title: "Your profile",
      },
    );
  })
  .post(
    "/profile",
    formValidator(profileForm, async (c, error) => {
      const user = currentUser(c);
      const profile = await selectProfile(c.var.ctx.db, user.id);
      c.status(422);
      return c.render(
        <MyProfilePage
          user={user}
          bio={profile.bio}
          hasPicture={profile.avatarType !== null}
          error={error}
        />,
        { title: "Your profile" },
      );
    }),
    async (c) => {
      const user = currentUser(c);
      const form = c.req.valid("form");
      await updateUser(c.var.ctx.db, user.id, { display_name: form.displayName });
      await saveProfile(c.var.ctx.db, user.id, { bio: form.bio });
      return redirectWith(c, "/profile", "Profile saved.");
    },
  )
  .post(
    "/profile/avatar",
    bodyLimit({ maxSize: MAX_IMAGE_BYTES + 64 * 1024, onError: tooLarge }),
    limit({
      max: 30,
      per: "hour",
      key: (c) => `avatar:${c.var.user?.id}`,
      message: "Too many uploads. Try again later.",
    }),
    async (c) => {
      const user = currentUser(c);
      const { ctx } = c.var;
      const body = await c.req.parseBody();
      const check = await checkImage(body.avatar);
      if (!check.ok) {
        const profile = await selectProfile(ctx.db, user.id);
        c.status(422);
        return c.render(
          <MyProfilePage
            user={user}
            bio={profile.bio}
            hasPicture={profile.avatarType !== null}
            error={check.message}
          />,
          { title: "Your profile" },
        );
      }
      storeUpload(uploadPath(ctx.config.dataDir, "avatars", String(user.id)), check.bytes);
      await saveProfile(ctx.db, user.id, { avatar_type: check.type, avatar_updated_at: ctx.clock.now() });
      return redirectWith(c, "/profile", "Your picture was updated.");
    },
  )
  .post("/profile/avatar/remove", async (c) => {
    const user = currentUser(c);
    const { ctx } = c.var;
    await saveProfile(ctx.db, user.id, { avatar_type: null, avatar_updated_at: ctx.clock.now() });
    removeUpload(uploadPath(ctx.config.dataDir, "avatars", String(user.id)));
    return redirectWith(c, "/profile", "Your picture was removed.");
  })
  .get("/avatars/:id", validated("param", idParam), async (c) => {
    const { ctx } = c.var;
    const id = c.req.valid("param").id;
    const viewer = currentUser(c);
    const [target, profile, allowed] = await Promise.all([
      selectOptionalUser(ctx.db, id),
      selectProfile(ctx.db, id),
      maySeeProfile(ctx, viewer, id),
    ]);
    const visible = target !== undefined && allowed;
    const etag = `"a${id}-${visible ? sha256(`${profile.avatarUpdatedAt ?? 0}:${target.display_name}`).slice(0, 16) : "x"}"`;
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, imageHeaders("image/svg+xml", etag));
    if (visible && profile.avatarType) {
      try {
        const bytes = readFileSync(uploadPath(ctx.config.dataDir, "avatars", String(id)));
        return c.body(bytes, 200, imageHeaders(profile.avatarType, etag));
      } catch {
        // The file went missing (a restored backup without uploads): the default picture instead.
      }
    }
    const svg = defaultAvatarSvg(id, visible ? target.display_name : null);
    return c.body(svg, 200, imageHeaders("image/svg+xml", etag));
  })
  .get("/people/:id", validated("param", idParam), async (c) => {
    const { ctx } = c.var;
    const id = c.req.valid("param").id;
    const target = await selectOptionalUser(ctx.db, id);
    if (!target || !(await maySeeProfile(ctx, currentUser(c), id)))
      throw new HTTPException(404, { message: "There is no such person, or you cannot see their profile." });
    const profile = await selectProfile(ctx.db, id);
    return c.render(<PersonPage user={target} bio={profile.bio} />, { title: target.display_name });
  });
