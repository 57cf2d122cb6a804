// Managing a bank's contents (teachers who may use the bank, as bankToUse says; deleting the whole
// bank is its owner's, like sharing): rename and delete banks and categories, move a question to
// another category of its bank, delete a question (hidden instead when attempts used it). A refusal
// comes back to the page it came from with the reason; nothing is changed.
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { currentUser } from "../../http/auth-middleware.ts";
import { redirectWith } from "../../http/flash.ts";
import { idParam, line, validated } from "../../http/validation.ts";
import { bankToUse } from "./access.ts";
import {
  BankRefused,
  deleteBank,
  deleteCategory,
  moveQuestion,
  removeQuestion,
  renameBank,
  renameCategory,
} from "./bank-management.ts";
import { categoriesOf, questionWithBank } from "./banks.ts";

const categoryParam = z.object({ id: idParam.shape.id, cid: idParam.shape.id });

async function nameFrom(c: Context<AppEnv>, label: string): Promise<string> {
  const name = line(label, 120).safeParse((await c.req.parseBody()).name);
  if (!name.success) throw new HTTPException(422, { message: name.error.issues[0]?.message ?? "Name it." });
  return name.data;
}

/** The category, when it belongs to this bank (404 otherwise, like any other bank's). */
async function categoryOf(c: Context<AppEnv>, bankId: number, categoryId: number) {
  const found = (await categoriesOf(c.var.ctx.db, bankId)).find((x) => x.id === categoryId);
  if (!found) throw new HTTPException(404, { message: "There is no such category in this bank." });
  return found;
}

async function refusedTo(c: Context<AppEnv>, back: string, work: () => Promise<Response>) {
  try {
    return await work();
  } catch (err) {
    if (err instanceof BankRefused) return redirectWith(c, back, err.message, "error");
    throw err;
  }
}

async function questionToManage(c: Context<AppEnv>, id: number) {
  const question = await questionWithBank(c.var.ctx.db, id);
  if (!question) throw new HTTPException(404, { message: "There is no such question, or it is not yours." });
  return { question, bank: await bankToUse(c, question.bank_id) };
}

export const bankManageRoutes = new Hono<AppEnv>()
  .post("/banks/:id/rename", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    await renameBank(c.var.ctx.db, bank.id, await nameFrom(c, "Name"), c.var.ctx.clock.now());
    return redirectWith(c, `/banks/${bank.id}`, "Bank renamed.");
  })
  .post("/banks/:id/delete", validated("param", idParam), async (c) => {
    const bank = await bankToUse(c, c.req.valid("param").id);
    if (bank.owner_id !== currentUser(c).id)
      throw new HTTPException(403, { message: "Only the bank's owner deletes it." });
    return refusedTo(c, `/banks/${bank.id}`, async () => {
      await deleteBank(c.var.ctx.db, bank.id);
      return redirectWith(c, "/banks", `Deleted the bank ${bank.name}.`);
    });
  })
  .post("/banks/:id/categories/:cid/rename", validated("param", categoryParam), async (c) => {
    const { id, cid } = c.req.valid("param");
    const bank = await bankToUse(c, id);
    const category = await categoryOf(c, bank.id, cid);
    await renameCategory(c.var.ctx.db, category.id, await nameFrom(c, "Category name"));
    return redirectWith(c, `/banks/${bank.id}`, "Category renamed.");
  })
  .post("/banks/:id/categories/:cid/delete", validated("param", categoryParam), async (c) => {
    const { id, cid } = c.req.valid("param");
    const bank = await bankToUse(c, id);
    const category = await categoryOf(c, bank.id, cid);
    return refusedTo(c, `/banks/${bank.id}`, async () => {
      await deleteCategory(c.var.ctx.db, bank.id, category.id);
      return redirectWith(c, `/banks/${bank.id}`, `Deleted the category ${category.name}.`);
    });
  })
  .post("/questions/:id/move", validated("param", idParam), async (c) => {
    const { question, bank } = await questionToManage(c, c.req.valid("param").id);
    const target = Number((await c.req.parseBody()).category_id);
    const found = (await categoriesOf(c.var.ctx.db, bank.id)).find((x) => x.id === target);
    if (!found) throw new HTTPException(422, { message: "Choose a category of this bank." });
    await moveQuestion(c.var.ctx.db, question.id, found.id, c.var.ctx.clock.now());
    return redirectWith(c, `/questions/${question.id}`, `Moved to ${found.name}.`);
  })
  .post("/questions/:id/delete", validated("param", idParam), async (c) => {
    const { question, bank } = await questionToManage(c, c.req.valid("param").id);
    return refusedTo(c, `/questions/${question.id}`, async () => {
      const done = await removeQuestion(c.var.ctx.db, question.id, c.var.ctx.clock.now());
      return redirectWith(
        c,
        `/banks/${bank.id}`,
        done === "deleted"
          ? "Question deleted."
          : "Attempts used this question, so it is hidden from the bank instead; their reviews keep it.",
      );
    });
  });
