// Puts messages for people into the outbox: one Delivery per person per conversation they linked
// (Slack DM, LINE chat, console), rendered in each person's language. The outbox sends them later with
// rate limits and retries. Unique per source and target: queueing the same thing twice sends it once.
// People who chose email get an email version: subject, thread and, for ballots, their own reply address.
import { randomUUID } from "node:crypto";
import type { ConversationRef, OutboundMessage } from "../../engine/messages.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { findInSlices } from "../../storage/chunked.ts";

export interface QueueRequest {
  /** what this belongs to, e.g. "broadcast:<id>" or "reminder:<deadline>:<offset>" */
  source: string;
  personIds: string[];
  /** the body each person is reached for, for delivery reports */
  bodyOf?: Map<string, string>;
  render(locale: "ja" | "en", personId: string): OutboundMessage;
  /** not before this instant (office hours) */
  notBefore: Date;
  broadcastId?: string;
  /** only to conversations on these platforms (e.g. only email, for someone who just chose it) */
  platforms?: string[];
}

export interface QueueResult {
  queued: number;
  /** already queued earlier under the same source */
  alreadyQueued: number;
  /** people with no linked chat conversation to reach them in */
  unreachable: string[];
}

/** What one person gets on one platform, when that platform needs more than the rendered message. */
export interface VariantRequest {
  source: string;
  /** the delivery target (the person's ConversationRef on that platform, as JSON) */
  target: string;
  personId: string;
  locale: "ja" | "en";
  message: OutboundMessage;
  /** when it goes out */
  at: Date;
}

export type VariantRenderer = (db: DbOrTx, request: VariantRequest) => Promise<Array<{ source: string; message: string }>>;

/**
 * Platforms whose messages are made per person (email: a subject, a thread, the person's own reply address for
 * a ballot). The email area registers itself here (src/features.ts), so the outbox's queue does not import it.
 */
const platformVariants = new Map<string, VariantRenderer>();

export function renderVariantsFor(platform: string, renderer: VariantRenderer): void {
  platformVariants.set(platform, renderer);
}

/**
 * Told whenever deliveries were queued in this process (with the earliest time one may go out), so the
 * outbox can send them now rather than at the scheduler's next tick. The queueing may still be inside a
 * transaction: a listener must not expect the rows to be visible at once (the outbox looks again shortly).
 */
type QueuedListener = (earliest: Date) => void;
const queuedListeners = new Set<QueuedListener>();

export function onDeliveriesQueued(listener: QueuedListener): () => void {
  queuedListeners.add(listener);
  return () => queuedListeners.delete(listener);
}

function announceQueued(earliest: Date): void {
  for (const listener of queuedListeners) listener(earliest);
}

export async function queueMessages(db: DbOrTx, request: QueueRequest): Promise<QueueResult> {
  const people = await findInSlices(request.personIds, (ids) =>
    db.person.findMany({ where: { id: { in: ids } }, include: { identities: { where: { directRef: { not: null } } } } }),
  );
  const result: QueueResult = { queued: 0, alreadyQueued: 0, unreachable: [] };
  const rows: DeliveryData[] = [];
  for (const person of people) {
    if (person.identities.length === 0) {
      result.unreachable.push(person.id);
      continue;
    }
    const locale = person.locale === "en" ? "en" : "ja";
    const rendered = request.render(locale, person.id);
    const message = JSON.stringify(rendered);
    for (const identity of person.identities) {
      if (request.platforms && !request.platforms.includes(identity.platform)) continue;
      const variantsFor = platformVariants.get(identity.platform);
      const variants = variantsFor
        ? await variantsFor(db, {
            source: request.source,
            target: identity.directRef!,
            personId: person.id,
            locale,
            message: rendered,
            at: request.notBefore,
          })
        : [{ source: request.source, message }];
      for (const variant of variants) {
        rows.push({
          source: variant.source,
          broadcastId: request.broadcastId ?? null,
          personId: person.id,
          bodyId: request.bodyOf?.get(person.id) ?? null,
          platform: identity.platform,
          target: identity.directRef!,
          message: variant.message,
          nextAttemptAt: request.notBefore,
        });
      }
    }
  }
  const created = await createDeliveries(db, rows);
  result.queued = created;
  result.alreadyQueued = rows.length - created;
  return result;
}

/** Queues one message into a group conversation (an organ's LINE group or Slack channel). */
export async function queueGroupMessage(
  db: DbOrTx,
  input: { source: string; platform: string; target: string; message: OutboundMessage; notBefore: Date; broadcastId?: string },
): Promise<boolean> {
  return createDelivery(db, {
    source: input.source,
    broadcastId: input.broadcastId ?? null,
    personId: null,
    bodyId: null,
    platform: input.platform,
    target: input.target,
    message: JSON.stringify(input.message),
    nextAttemptAt: input.notBefore,
  });
}

/**
 * Queues answers an adapter could not deliver at once (its quick retries all failed): the outbox sends
 * them to the same conversation later. One delivery per answer, keyed by the event it answers, so the
 * same answers handed over twice are queued once.
 */
export async function queueUndeliveredReplies(
  db: DbOrTx,
  input: { ref: ConversationRef; messages: OutboundMessage[]; eventId: string; now: Date },
): Promise<number> {
  let queued = 0;
  for (const [index, message] of input.messages.entries()) {
    const created = await createDelivery(db, {
      source: `reply:${input.eventId}:${index}`,
      broadcastId: null,
      personId: null,
      bodyId: null,
      platform: input.ref.platform,
      target: JSON.stringify(input.ref),
      message: JSON.stringify(message),
      nextAttemptAt: input.now,
    });
    if (created) queued += 1;
  }
  return queued;
}

type DeliveryData = {
  source: string;
  broadcastId: string | null;
  personId: string | null;
  bodyId: string | null;
  platform: string;
  target: string;
  message: string;
  nextAttemptAt: Date;
};

/** Rows per INSERT: each row binds ten values, and SQLite bounds the values of one statement. */
const ROWS_PER_INSERT = 50;

/**
 * Creates the deliveries not queued yet (unique per source, platform and target) in a few statements,
 * so an audience of thousands is queued in seconds. A batch that meets a row another process queued
 * meanwhile is done again row by row. Returns how many were created.
 */
async function createDeliveries(db: DbOrTx, rows: DeliveryData[]): Promise<number> {
  const existing = new Set<string>();
  for (const source of new Set(rows.map((r) => r.source))) {
    for (const d of await db.delivery.findMany({ where: { source }, select: { platform: true, target: true } }))
      existing.add(`${source}\u0000${d.platform}\u0000${d.target}`);
  }
  const fresh: DeliveryData[] = [];
  for (const row of rows) {
    const key = `${row.source}\u0000${row.platform}\u0000${row.target}`;
    if (existing.has(key)) continue;
    existing.add(key);
    fresh.push(row);
  }
  let created = 0;
  if (fresh.length > 0) announceQueued(new Date(fresh.reduce((min, r) => Math.min(min, r.nextAttemptAt.getTime()), Infinity)));
  for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT) {
    const batch = fresh.slice(i, i + ROWS_PER_INSERT);
    try {
      created += (await db.delivery.createMany({ data: batch.map((row) => ({ ...row, idempotencyKey: randomUUID() })) })).count;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
      for (const row of batch) if (await createDelivery(db, row)) created += 1;
    }
  }
  return created;
}

async function createDelivery(db: DbOrTx, data: DeliveryData): Promise<boolean> {
  const exists = await db.delivery.findUnique({
    where: { source_platform_target: { source: data.source, platform: data.platform, target: data.target } },
    select: { id: true },
  });
  if (exists) return false;
  try {
    await db.delivery.create({ data: { ...data, idempotencyKey: randomUUID() } });
    announceQueued(data.nextAttemptAt);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}
