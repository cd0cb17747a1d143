// `/kyodo me`: who Kyodo thinks you are: your bodies, seats and roles. The first thing to check when a
// task seems missing.
import type { CommandDefinition } from "../engine/definitions.ts";
import { describePerson } from "../domain/people/describe-person.ts";

export const whoamiCommand: CommandDefinition = {
  name: "me",
  aliases: ["whoami", "自分", "じぶん", "プロフィール", "profile"],
  access: "member",
  async run(ctx) {
    const info = await describePerson(ctx.db, ctx.actor!.personId, ctx.now);
    const none = ctx.t("common.none");
    const fields = [
      { label: ctx.t("me.name"), value: `${info.displayName} (${info.handle})` },
      { label: ctx.t("me.bodies"), value: info.bodies.map((b) => (b.primaryContact ? `${b.name} ★` : b.name)).join("、") || none },
      {
        label: ctx.t("me.seats"),
        value: info.seats.map((s) => `${s.organ}（${s.body}${s.asAlternate ? "・" + ctx.t("me.alternate") : ""}）`).join("、") || none,
      },
      { label: ctx.t("me.roles"), value: info.roles.map((r) => ctx.t(`roles.${r}`)).join("、") || none },
      { label: ctx.t("me.language"), value: ctx.t(`languages.${ctx.locale}`) },
    ];
    const text = fields.map((f) => `${f.label}: ${f.value}`).join("\n");
    return [
      {
        text,
        blocks: [
          { type: "header", text: ctx.t("me.title") },
          { type: "fields", fields },
        ],
      },
    ];
  },
};
