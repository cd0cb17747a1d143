// The candidates part of a person's home: how many active candidates their body has not answered yet
// (with the command that answers), and for the secretariat the shortlisted candidates awaiting next steps.
import type { Block } from "../engine/messages.ts";
import { listCandidates } from "../domain/candidates/find-candidate.ts";
import type { HomeSection } from "./home-sections.ts";
import { staffBodyIds } from "./staff-bodies.ts";
import { isSecretariat } from "./candidates-render.ts";

export const candidatesHomeSection: HomeSection = async (ctx) => {
  const actor = ctx.actor!;
  const candidates = await listCandidates(ctx.db, actor.councilId);
  if (candidates.length === 0) return [];
  const blocks: Block[] = [];
  const bodyIds = await staffBodyIds(ctx);
  if (bodyIds.length > 0) {
    const answered = await ctx.db.candidateInterest.findMany({
      where: { candidateId: { in: candidates.map((c) => c.id) }, bodyId: { in: bodyIds }, current: true },
      select: { candidateId: true, bodyId: true },
    });
    const open = candidates.length * bodyIds.length - answered.length;
    if (open > 0) blocks.push({ type: "text", text: ctx.t("candidates.home.unanswered", { count: open }) });
  }
  if (isSecretariat(ctx)) {
    const shortlisted = candidates.filter((c) => c.shortlistedAt);
    if (shortlisted.length > 0)
      blocks.push({
        type: "text",
        text: ctx.t("candidates.home.shortlisted", {
          list: shortlisted
            .map(
              (c) => `${ctx.locale === "en" ? "#" : "案件"}${c.number} ${c.name}${c.workingGroupId ? ctx.t("candidates.home.withWg") : ""}`,
            )
            .join("、"),
        }),
      });
  }
  if (blocks.length > 0) blocks.push({ type: "divider" });
  return blocks;
};
