// Outgoing mail through nodemailer, only when SLATE_SMTP_URL is set. One transport per URL, reused.
import nodemailer, { type Transporter } from "nodemailer";
import type { AppContext } from "../../context.ts";

const transports = new Map<string, Transporter>();

export function mailEnabled(ctx: AppContext): boolean {
  return ctx.config.smtp.url !== undefined;
}

function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

export async function sendMail(
  ctx: AppContext,
  mail: { to: string; subject: string; text: string },
): Promise<void> {
  const url = ctx.config.smtp.url;
  if (!url) throw new Error("SLATE_SMTP_URL is not set");
  await transport(url).sendMail({ from: ctx.config.smtp.from, ...mail });
}

export function resetMailText(name: string, link: string): string {
  return [
    `Hello ${name},`,
    "",
    "Someone (hopefully you) asked to reset your Slate password. Open this link within one hour to",
    "choose a new password. It works once.",
    "",
    link,
    "",
    "If you did not ask for this, ignore this e-mail: your password stays as it is.",
  ].join("\n");
}
