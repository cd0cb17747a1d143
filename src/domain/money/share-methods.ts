// How a cost is split among participating bodies (按分方法), as pure rules over plain data:
//   equal       均等割: the same for every body
//   population  人口割: in proportion to population
//   births      前々年度出生数: in proportion to births of the fiscal year before last (Nagano)
//   class       団体区分別: a price per class of body (city / town / village); without a total, each body
//               pays its class price exactly; with a total, the total is split in the ratio of the prices
// A mix weights several of them (均等割30% + 人口割70%): each part splits its percentage of the total,
// a body's exact share is the sum of its parts, and rounding happens once, on that sum.
import type { BodyKind } from "../bodies/local-government-code.ts";
import { DomainError } from "../errors.ts";
import { applyBounds, type Bound } from "./bounds.ts";
import { proportional, roundShares, type RoundingRule } from "./apportion.ts";
import { Dec } from "../../lib/yen.ts";

export type StatisticKind = "population" | "births";

export type ShareMethod =
  | { method: "equal" }
  | { method: "population"; year: number }
  | { method: "births"; year: number }
  | { method: "class"; prices: Partial<Record<BodyKind, Dec>> };

export interface ShareComponent {
  /** percent of the total this part splits (all parts add up to 100) */
  percent: Dec;
  method: ShareMethod;
}

export interface ShareRules {
  /** yen; optional only when every part is a class price (then the total is the sum of the prices) */
  total?: Dec;
  components: ShareComponent[];
  /** 1 (whole yen) or 1000 (千円単位) */
  unit: Dec;
  rounding: RoundingRule;
  minimum?: Dec;
  cap?: Dec;
}

export interface Participant {
  key: string;
  /** tie-break order for rounding: the local government code, else the name */
  order: string;
  name: string;
  kind: BodyKind;
  /** statistics by "<kind>:<fiscal year>" */
  statistics: Map<string, number>;
}

export interface BasisPart {
  method: ShareMethod["method"];
  percent: string;
  /** the body's figure: its population, births or class price */
  value?: string;
  /** the sum of that figure over all participants */
  of?: string;
  year?: number;
  /** this part's exact amount */
  exact: string;
}

export interface ShareLine {
  key: string;
  name: string;
  exact: Dec;
  amount: Dec;
  parts: BasisPart[];
  bound: Bound;
  roundedUp: boolean;
}

export interface ShareResult {
  total: Dec;
  lines: ShareLine[];
}

export const statisticKey = (kind: StatisticKind, year: number) => `${kind}:${year}`;

function weightOf(method: ShareMethod, p: Participant): Dec {
  switch (method.method) {
    case "equal":
      return new Dec(1);
    case "population":
    case "births": {
      const value = p.statistics.get(statisticKey(method.method, method.year));
      if (value === undefined) throw new Error(`missing ${method.method} ${method.year} for ${p.name}`);
      return new Dec(value);
    }
    case "class": {
      const price = method.prices[p.kind];
      if (price === undefined) throw new Error(`no class price for ${p.kind}`);
      return price;
    }
  }
}

/** Bodies that lack what a method needs, so the secretariat is told all of them at once. */
export function missingInputs(rules: ShareRules, participants: Participant[]): string[] {
  const missing = new Set<string>();
  for (const { method } of rules.components) {
    for (const p of participants) {
      if ((method.method === "population" || method.method === "births") && !p.statistics.has(statisticKey(method.method, method.year)))
        missing.add(p.name);
      if (method.method === "class" && method.prices[p.kind] === undefined) missing.add(p.name);
    }
  }
  return [...missing];
}

/** The total when none is given: every part is a class price, so each body pays exactly its price. */
function impliedTotal(rules: ShareRules, participants: Participant[]): Dec {
  if (rules.total) return rules.total;
  const onlyClass = rules.components.length === 1 && rules.components[0]!.method.method === "class";
  if (!onlyClass) throw new DomainError("money.totalRequired");
  return participants.reduce((acc, p) => acc.plus(weightOf(rules.components[0]!.method, p)), new Dec(0));
}

export function computeShares(rules: ShareRules, participants: Participant[]): ShareResult {
  if (participants.length === 0) throw new DomainError("money.noParticipants");
  const percents = rules.components.reduce((acc, c) => acc.plus(c.percent), new Dec(0));
  if (!percents.eq(100)) throw new DomainError("money.percentsNot100", { sum: percents.toFixed() });
  const missing = missingInputs(rules, participants);
  if (missing.length > 0) throw new DomainError("money.missingStatistics", { bodies: missing.join("、") });
  const keys = new Set(participants.map((p) => p.key));
  if (keys.size !== participants.length) throw new DomainError("money.duplicateParticipant");
  const total = impliedTotal(rules, participants);

  const parts = participants.map(() => [] as BasisPart[]);
  const raw = participants.map(() => new Dec(0));
  for (const component of rules.components) {
    const pool = total.mul(component.percent).div(100);
    const weights = participants.map((p) => weightOf(component.method, p));
    const sumOfWeights = weights.reduce((acc, w) => acc.plus(w), new Dec(0));
    if (sumOfWeights.isZero()) throw new DomainError("money.zeroWeights");
    const shares = proportional(pool, weights);
    const m = component.method;
    shares.forEach((share, i) => {
      raw[i] = raw[i]!.plus(share);
      const described = m.method !== "equal";
      parts[i]!.push({
        method: m.method,
        percent: component.percent.toFixed(),
        ...(described ? { value: weights[i]!.toFixed(), of: sumOfWeights.toFixed() } : { value: "1", of: String(participants.length) }),
        ...(m.method === "population" || m.method === "births" ? { year: m.year } : {}),
        exact: share.toFixed(),
      });
    });
  }

  const bounded = applyBounds(raw, total, rules.minimum, rules.cap);
  for (const bound of [rules.minimum, rules.cap]) {
    if (bound && !bound.mod(rules.unit).isZero())
      throw new DomainError("money.boundNotMultipleOfUnit", { bound: bound.toFixed(), unit: rules.unit.toFixed() });
  }
  const rounded = roundShares(
    participants.map((p, i) => ({ key: p.key, exact: bounded[i]!.exact, order: p.order })),
    total,
    rules.unit,
    rules.rounding,
  );
  const lines = participants.map((p, i) => ({
    key: p.key,
    name: p.name,
    exact: bounded[i]!.exact,
    amount: rounded[i]!.amount,
    parts: parts[i]!,
    bound: bounded[i]!.bound,
    roundedUp: rounded[i]!.roundedUp,
  }));
  if (rules.cap && rules.rounding.rule === "remainder_to") {
    const over = lines.find((l) => l.amount.gt(rules.cap!));
    if (over) throw new DomainError("money.remainderOverCap", { body: over.name });
  }
  return { total, lines };
}
