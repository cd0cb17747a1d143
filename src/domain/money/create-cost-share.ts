// Computes a cost share from its spec and records it (with every body's basis) in one audited
// transaction. With dryRun nothing is written: the secretariat previews the split before fixing it.
import type { Db, DbOrTx } from "../../storage/database.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { findBody } from "../bodies/find-body.ts";
import { DomainError } from "../errors.ts";
import { findSystem } from "../usage/find-system.ts";
import { asParticipants, selectBodies } from "./participants.ts";
import { computeShares, type ShareComponent, type ShareResult, type StatisticKind } from "./share-methods.ts";
import { componentsOf, roundingOf, type ShareSpec } from "./share-spec.ts";
import { Dec } from "../../lib/yen.ts";
import type { CostShareView } from "./find-cost-share.ts";

export interface ComputedShare {
  number: number | undefined;
  spec: ShareSpec;
  result: ShareResult;
  bodies: Map<string, { code: string | null; name: string }>;
}

/** A computed share not (yet) recorded, in the shape of a recorded one, so a preview shows what saving would. */
export function unsavedShareView(computed: ComputedShare, createdAt: Date): CostShareView {
  return {
    id: "",
    number: 0,
    title: computed.spec.title,
    fiscalYear: computed.spec.fiscalYear,
    total: computed.result.total,
    spec: computed.spec,
    createdAt,
    lines: computed.result.lines.map((l) => ({
      bodyId: l.key,
      code: computed.bodies.get(l.key)?.code ?? null,
      name: l.name,
      exact: l.exact,
      amount: l.amount,
      parts: l.parts,
      bound: l.bound ?? null,
      roundedUp: l.roundedUp,
    })),
  };
}

export function statisticNeeds(components: ShareComponent[]): Array<{ kind: StatisticKind; year: number }> {
  return components.flatMap((c) =>
    c.method.method === "population" || c.method.method === "births" ? [{ kind: c.method.method, year: c.method.year }] : [],
  );
}

/** Computes the split for a spec among the given bodies (used by the share itself and by estimates). */
export async function computeForBodies(
  db: DbOrTx,
  councilId: string,
  spec: ShareSpec,
  bodies: Array<{ id: string; code: string | null; name: string; kind: string }>,
): Promise<ShareResult> {
  const components = componentsOf(spec);
  const participants = await asParticipants(db, bodies, statisticNeeds(components));
  let remainderKey: string | undefined;
  if (spec.rounding.rule === "remainder_to") {
    remainderKey = (await findBody(db, councilId, spec.rounding.body!)).id;
    if (!bodies.some((b) => b.id === remainderKey)) throw new DomainError("money.remainderBodyNotParticipating");
  }
  return computeShares(
    {
      total: spec.total ? new Dec(spec.total) : undefined,
      components,
      unit: new Dec(spec.rounding.unit),
      rounding: roundingOf(spec, () => remainderKey!),
      minimum: spec.minimum ? new Dec(spec.minimum) : undefined,
      cap: spec.cap ? new Dec(spec.cap) : undefined,
    },
    participants,
  );
}

export async function createCostShare(
  db: Db,
  councilId: string,
  spec: ShareSpec,
  actor: string,
  options: { dryRun?: boolean } = {},
): Promise<ComputedShare> {
  const system = spec.system ? await findSystem(db, councilId, spec.system) : undefined;
  const bodies = await selectBodies(db, councilId, spec.participants);
  const result = await computeForBodies(db, councilId, spec, bodies);
  const names = new Map(bodies.map((b) => [b.id, { code: b.code, name: b.name }]));
  if (options.dryRun) return { number: undefined, spec, result, bodies: names };

  const number = await db.$transaction(async (tx) => {
    const last = await tx.costShare.findFirst({ where: { councilId }, orderBy: { number: "desc" }, select: { number: true } });
    const next = (last?.number ?? 0) + 1;
    const share = await tx.costShare.create({
      data: {
        councilId,
        number: next,
        title: spec.title,
        fiscalYear: spec.fiscalYear,
        systemId: system?.id ?? null,
        total: result.total.toFixed(),
        spec: JSON.stringify(spec),
        createdBy: actor,
      },
    });
    await tx.costShareLine.createMany({
      data: result.lines.map((l) => ({
        shareId: share.id,
        bodyId: l.key,
        exact: l.exact.toFixed(),
        amount: l.amount.toFixed(),
        basis: JSON.stringify({ parts: l.parts, bound: l.bound ?? null, roundedUp: l.roundedUp }),
      })),
    });
    await appendAuditEntry(tx, {
      actor,
      action: "money.shares.create",
      subject: `costShare:${share.id}`,
      payload: {
        number: next,
        title: spec.title,
        total: result.total.toFixed(),
        bodies: result.lines.length,
        amounts: Object.fromEntries(result.lines.map((l) => [l.key, l.amount.toFixed()])),
      },
    });
    return next;
  });
  return { number, spec, result, bodies: names };
}
