// `/kyodo email on|off`: receive Kyodo's notices, calls to vote, reminders, receipts and results by email
// as well, at the address on one's record. Changing the address, or adding one to vote from, is the
// secretariat's to do (the CLI): the sender's address is half of what makes an email vote count.
import type { CommandDefinition } from "../engine/definitions.ts";
import { textMessage } from "../engine/messages.ts";
import { emailDeliveryAddress } from "../domain/email/addresses.ts";
import { optInToEmail, optOutOfEmail } from "../domain/email/email-optin.ts";
import { UserError } from "../lib/user-error.ts";
import { normalizeInput } from "../lib/japanese/normalize.ts";

const ON = new Set(["on", "オン", "はい", "受け取る", "yes", "start", "開始"]);
const OFF = new Set(["off", "オフ", "いいえ", "停止", "受け取らない", "no", "stop"]);

export const emailCommand: CommandDefinition = {
  name: "email",
  aliases: ["mail", "メール", "めーる", "e-mail"],
  access: "member",
  async run(ctx, args) {
    const personId = ctx.actor!.personId;
    const word = normalizeInput(args[0] ?? "").toLowerCase();
    if (args.length > 1 || word.includes("@")) return [textMessage(ctx.t("email.chat.addressBySecretariat"))];
    if (ON.has(word)) {
      try {
        const result = await optInToEmail(ctx.db, { personId, actor: `person:${personId}` }, ctx.now);
        const ballots = result.ballots.length > 0 ? `\n${ctx.t("email.chat.ballotsSent", { numbers: result.ballots.join(", ") })}` : "";
        return [textMessage(ctx.t("email.chat.on", { address: result.address }) + ballots)];
      } catch (error) {
        if (error instanceof UserError) return [textMessage(ctx.t(error.key, error.vars))];
        throw error;
      }
    }
    if (OFF.has(word)) {
      const removed = await optOutOfEmail(ctx.db, { personId, actor: `person:${personId}` }, ctx.now);
      return [textMessage(ctx.t(removed ? "email.chat.off" : "email.chat.alreadyOff"))];
    }
    const address = await emailDeliveryAddress(ctx.db, personId);
    return [textMessage(address ? ctx.t("email.chat.statusOn", { address }) : ctx.t("email.chat.statusOff"))];
  },
};
