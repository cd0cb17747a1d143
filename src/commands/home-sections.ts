// Features add their part of a person's home (open surveys, motions awaiting a vote, the secretariat's
// live status) as sections: a function from the context to blocks. An empty list means nothing to show.
import type { Context } from "../engine/context.ts";
import type { Block } from "../engine/messages.ts";

export type HomeSection = (ctx: Context) => Promise<Block[]>;

export const homeSections: HomeSection[] = [];

export function addHomeSection(section: HomeSection): void {
  homeSections.push(section);
}
