// A shortlisted candidate whose support falls below the screening rule is not left 選定済み silently (#17): the
// secretariat is told once per fall, with the numbers, and the council's rule says whether it leaves the shortlist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setShortlisted } from "../../src/domain/candidates/shortlist-candidate.ts";
import { updateCandidateSettings } from "../../src/domain/candidates/update-candidate-settings.ts";
import type { OutboundMessage } from "../../src/engine/messages.ts";
import { runCli } from "../support/run-command.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { bodies, linkedSession, propose, recordFor, startCandidatesKyodo, type Clock } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let ids: string[];

beforeAll(async () => {
  ({ kyodo, clock } = await startCandidatesKyodo());
  ids = (await bodies(kyodo)).map((b) => b.id);
  await (await linkedSession(kyodo, "yamada")).close();
});
afterAll(async () => kyodo.dispose());

const belowNotices = async (candidateId: string) =>
  (
    await kyodo.db.delivery.findMany({
      where: { source: { startsWith: `candidate:${candidateId}:below-rule:` } },
      orderBy: { createdAt: "asc" },
    })
  ).map((d) => (JSON.parse(d.message) as OutboundMessage).text);
const candidate = (id: string) => kyodo.db.procurementCandidate.findUniqueOrThrow({ where: { id } });

describe("a shortlisted candidate below the rule", () => {
  it("stays shortlisted by default, and the secretariat is told once, with the numbers", async () => {
    const a = await propose(kyodo, "AI議事録作成システム", clock.now);
    await recordFor(kyodo, a.id, ids.slice(0, 14), "next_year", clock.now);
    expect((await candidate(a.id)).shortlistedAt).not.toBeNull();

    const [fall] = await recordFor(kyodo, a.id, [ids[0]!], "interested", clock.now);
    expect(fall).toMatchObject({ shortlistedNow: false });
    expect((await candidate(a.id)).shortlistedAt).not.toBeNull();
    let texts = await belowNotices(a.id);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("選定基準を下回りました: 案件1 AI議事録作成システム");
    expect(texts[0]).toContain("導入意向 13団体 ／ 必要 14団体");
    expect(texts[0]).toContain("選定済みのままです");

    // Still below: no second notice. Back above, then below again: told again.
    await recordFor(kyodo, a.id, [ids[1]!], "none", clock.now);
    expect(await belowNotices(a.id)).toHaveLength(1);
    await recordFor(kyodo, a.id, ids.slice(0, 2), "next_year", clock.now);
    await recordFor(kyodo, a.id, [ids[0]!], "interested", clock.now);
    texts = await belowNotices(a.id);
    expect(texts).toHaveLength(2);
  });

  it("leaves the shortlist when the council's rule says so, and comes back when it meets the rule again", async () => {
    await updateCandidateSettings(
      kyodo.db,
      { councilId: kyodo.council.id, change: { dropBelowRule: true }, actor: "test:secretariat" },
      clock.now,
    );
    const b = await propose(kyodo, "電子契約システム", clock.now);
    await recordFor(kyodo, b.id, ids.slice(0, 14), "next_year", clock.now);
    await recordFor(kyodo, b.id, [ids[5]!], "none", clock.now);
    expect((await candidate(b.id)).shortlistedAt).toBeNull();
    expect(JSON.parse((await candidate(b.id)).shortlistBasis!)).toMatchObject({ mode: "dropped", result: { intending: 13, required: 14 } });
    expect((await belowNotices(b.id))[0]).toContain("選定から外しました");
    const [back] = await recordFor(kyodo, b.id, [ids[5]!], "year_after", clock.now);
    expect(back!.shortlistedNow).toBe(true);
  });

  it("a shortlisting made by hand stays, even under the dropping rule; a raised threshold is reported by the rule change", async () => {
    const c = await propose(kyodo, "RPA", clock.now);
    await recordFor(kyodo, c.id, ids.slice(0, 3), "next_year", clock.now);
    await setShortlisted(
      kyodo.db,
      { candidateId: c.id, shortlisted: true, reason: "知事部局の要望", actor: "test:secretariat" },
      clock.now,
    );
    await recordFor(kyodo, c.id, [ids[0]!], "none", clock.now);
    expect((await candidate(c.id)).shortlistedAt).not.toBeNull();
    expect((await belowNotices(c.id))[0]).toContain("選定済みのままです");

    const d = await propose(kyodo, "子育て支援アプリ", clock.now);
    await recordFor(kyodo, d.id, ids.slice(0, 15), "next_year", clock.now);
    const { belowRule } = await updateCandidateSettings(
      kyodo.db,
      { councilId: kyodo.council.id, change: { numerator: 1, denominator: 3 }, actor: "test:secretariat" },
      clock.now,
    );
    expect(belowRule).toContainEqual({ number: d.number, dropped: true, notified: 1 });
  });
});

describe("what Kyodo says it did, it did", () => {
  it("does not claim the secretariat was notified when no secretariat member can be reached", async () => {
    const { kyodo: lonely, clock: c } = await startCandidatesKyodo();
    try {
      // Nobody in this council's secretariat has linked a chat or email.
      const bodyIds = (await bodies(lonely)).map((b) => b.id);
      const e = await propose(lonely, "AI議事録作成システム", c.now);
      await recordFor(lonely, e.id, bodyIds.slice(0, 13), "next_year", c.now);
      const cli = await runCli(["candidates", "interest", String(e.number), "鴨川市", "次年度導入予定"], {
        DATABASE_URL: lonely.databaseUrl,
      });
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain("選定基準を満たしました");
      expect(cli.stdout).toContain("通知できませんでした");
      expect(cli.stdout).not.toContain("事務局に通知しました");
    } finally {
      await lonely.dispose();
    }
  });
});
