// The preview (dry run) of a broadcast: exactly who gets it, on which platforms, and who cannot be
// reached because they have not linked a chat account. Nothing is sent.
import type { Db } from "../../storage/database.ts";
import type { TrackerRegistry } from "../reminders/response-tracker.ts";
import { resolveAudience, type Audience, type BroadcastChannel } from "./audience.ts";
import { findInSlices } from "../../storage/chunked.ts";

export interface PlannedRecipient {
  personId: string;
  name: string;
  bodyId: string;
  bodyName: string;
  platforms: string[];
  /** for an unreachable person with a linked account: why the platform would not open their direct conversation */
  reason?: string;
}

export interface BroadcastPlan {
  label: { key: string; vars: Record<string, unknown> };
  bodies: number;
  recipients: PlannedRecipient[];
  unreachable: PlannedRecipient[];
  /** bodies nobody can be reached for (no staff, or no linked staff) */
  bodiesWithoutReach: string[];
  groups: Array<{ platform: string; target: string }>;
}

export async function planBroadcast(
  db: Db,
  councilId: string,
  audience: Audience,
  channels: BroadcastChannel[],
  trackers: TrackerRegistry,
  now: Date,
): Promise<BroadcastPlan> {
  const resolved = await resolveAudience(db, councilId, audience, trackers, now);
  const bodyOf = new Map<string, { id: string; name: string }>();
  for (const party of resolved.parties)
    for (const id of party.usualContactIds) if (!bodyOf.has(id)) bodyOf.set(id, { id: party.bodyId, name: party.bodyName });
  const people = channels.includes("dm")
    ? (await findInSlices(bodyOf.keys(), (ids) => db.person.findMany({ where: { id: { in: ids } }, include: { identities: true } }))).sort(
        (a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0),
      )
    : [];
  const recipients: PlannedRecipient[] = [];
  const unreachable: PlannedRecipient[] = [];
  for (const person of people) {
    const body = bodyOf.get(person.id)!;
    const reachable = person.identities.filter((i) => i.directRef !== null);
    const refused = person.identities.find((i) => i.directRef === null && i.unreachableReason)?.unreachableReason;
    const entry = {
      personId: person.id,
      name: person.displayName,
      bodyId: body.id,
      bodyName: body.name,
      platforms: [...new Set(reachable.map((i) => i.platform))],
      ...(refused ? { reason: refused } : {}),
    };
    (entry.platforms.length > 0 ? recipients : unreachable).push(entry);
  }
  const reached = new Set(recipients.map((r) => r.bodyId));
  const groups =
    channels.includes("group") && resolved.organId
      ? (await db.organConversation.findMany({ where: { organId: resolved.organId } })).map((g) => ({
          platform: g.platform,
          target: g.target,
        }))
      : [];
  return {
    label: resolved.label,
    bodies: resolved.parties.length,
    recipients,
    unreachable,
    bodiesWithoutReach: groups.length > 0 ? [] : resolved.parties.filter((p) => !reached.has(p.bodyId)).map((p) => p.bodyName),
    groups,
  };
}
