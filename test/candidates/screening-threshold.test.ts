// The screening rule at and around its threshold on the demo council's 56 bodies: 1/4 of 56 is 14
// bodies intending to join (次年度 or 翌々年度導入予定). The 14th answer shortlists the candidate in the
// same transaction and queues one notice to the secretariat; later answers do not notify again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setShortlisted } from "../../src/domain/candidates/shortlist-candidate.ts";
import { updateCandidateSettings } from "../../src/domain/candidates/update-candidate-settings.ts";
import type { OutboundMessage } from "../../src/engine/messages.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { bodies, linkedSession, personId, propose, recordFor, startCandidatesKyodo, type Clock } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let ids: string[];
let yamadaId: string;

beforeAll(async () => {
  ({ kyodo, clock } = await startCandidatesKyodo());
  ids = (await bodies(kyodo)).map((b) => b.id);
  // The secretariat has a chat, so the notice has somewhere to go.
  await (await linkedSession(kyodo, "yamada")).close();
  yamadaId = await personId(kyodo, "yamada");
});
afterAll(async () => {
  await kyodo.dispose();
});

const notices = (candidateId: string) =>
  kyodo.db.delivery.findMany({ where: { source: { startsWith: `candidate:${candidateId}:shortlisted` } } });
const candidate = (id: string) => kyodo.db.procurementCandidate.findUniqueOrThrow({ where: { id } });

describe("screening at 1/4 of 56 bodies", () => {
  let a: { id: string; number: number };

  it("13 bodies intending: not yet, one short", async () => {
    a = await propose(kyodo, "AI議事録作成システム", clock.now);
    expect(ids).toHaveLength(56);
    const results = await recordFor(kyodo, a.id, ids.slice(0, 13), "next_year", clock.now);
    expect(results.at(-1)!.screening).toMatchObject({ members: 56, required: 14, intending: 13, passes: false, shortfall: 1 });
    expect((await candidate(a.id)).shortlistedAt).toBeNull();
    expect(await notices(a.id)).toHaveLength(0);
  });

  it("the 14th (翌々年度 counts too) shortlists it and notifies the secretariat with the rule and the numbers", async () => {
    const [result] = await recordFor(kyodo, a.id, [ids[13]!], "year_after", clock.now);
    expect(result!.shortlistedNow).toBe(true);
    expect(result!.screening).toMatchObject({ required: 14, intending: 14, passes: true, shortfall: 0 });
    const row = await candidate(a.id);
    expect(row.shortlistedAt).toEqual(clock.now);
    expect(JSON.parse(row.shortlistBasis!)).toMatchObject({
      mode: "auto",
      result: {
        members: 56,
        required: 14,
        intending: 14,
        rule: { numerator: 1, denominator: 4, countedLevels: ["next_year", "year_after"] },
      },
    });
    const sent = await notices(a.id);
    expect(sent.map((d) => d.personId)).toEqual([yamadaId]);
    expect(sent[0]!.nextAttemptAt).toEqual(clock.now); // within office hours: at once
    const message = JSON.parse(sent[0]!.message) as OutboundMessage;
    expect(message.text).toContain("選定基準を満たしました: 案件1 AI議事録作成システム");
    expect(message.text).toContain("基準: 会員団体の1/4以上が導入意向（次年度導入予定・翌々年度導入予定）");
    expect(message.text).toContain("導入意向 14団体 ／ 必要 14団体（会員56団体 × 1/4 = 14）→ 基準を満たしています");
  });

  it("the 15th answer does not notify again", async () => {
    const [result] = await recordFor(kyodo, a.id, [ids[14]!], "next_year", clock.now);
    expect(result!.shortlistedNow).toBe(false);
    expect(await notices(a.id)).toHaveLength(1);
  });

  it("interest alone does not count; counting it (a rule change) shortlists at once", async () => {
    const b = await propose(kyodo, "電子契約システム", clock.now);
    await recordFor(kyodo, b.id, ids.slice(0, 12), "next_year", clock.now);
    const [last] = await recordFor(kyodo, b.id, ids.slice(12, 17), "interested", clock.now);
    expect(last!.screening).toMatchObject({ intending: 12, passes: false });
    const { shortlisted } = await updateCandidateSettings(
      kyodo.db,
      { councilId: kyodo.council.id, change: { countedLevels: ["next_year", "year_after", "interested"] }, actor: "test:secretariat" },
      clock.now,
    );
    expect(shortlisted).toEqual([b.number]);
    expect(await notices(b.id)).toHaveLength(1);
  });

  it("a stricter share: 1/3 of 56 needs 19 (18.67 rounded up)", async () => {
    await updateCandidateSettings(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        change: { numerator: 1, denominator: 3, countedLevels: ["next_year", "year_after"] },
        actor: "test:secretariat",
      },
      clock.now,
    );
    const c = await propose(kyodo, "文書管理・電子決裁システム", clock.now);
    const results = await recordFor(kyodo, c.id, ids.slice(0, 19), "next_year", clock.now);
    expect(results[17]!.screening).toMatchObject({ required: 19, intending: 18, passes: false });
    expect(results[18]!.shortlistedNow).toBe(true);
  });

  it("a candidate the secretariat took off the shortlist is not put back by the next answer", async () => {
    await setShortlisted(
      kyodo.db,
      { candidateId: a.id, shortlisted: false, reason: "費用対効果を再検討", actor: "test:secretariat" },
      clock.now,
    );
    await updateCandidateSettings(
      kyodo.db,
      { councilId: kyodo.council.id, change: { numerator: 1, denominator: 4 }, actor: "test:secretariat" },
      clock.now,
    );
    const [result] = await recordFor(kyodo, a.id, [ids[20]!], "next_year", clock.now);
    expect(result!.screening!.passes).toBe(true);
    expect(result!.shortlistedNow).toBe(false);
    expect((await candidate(a.id)).shortlistedAt).toBeNull();
  });

  it("with a 57th member body, 14 are no longer enough: 15 are needed", async () => {
    await kyodo.db.body.create({
      data: { councilId: kyodo.council.id, code: null, name: "印旛利根川水防事務組合", nameKey: "印旛利根川水防事務組合", kind: "special" },
    });
    const all = (await bodies(kyodo)).map((b) => b.id);
    expect(all).toHaveLength(57);
    const d = await propose(kyodo, "子育て支援アプリ", clock.now);
    const results = await recordFor(kyodo, d.id, all.slice(0, 15), "next_year", clock.now);
    expect(results[13]!.screening).toMatchObject({ members: 57, required: 15, intending: 14, passes: false });
    expect(results[14]!.shortlistedNow).toBe(true);
  });
});
