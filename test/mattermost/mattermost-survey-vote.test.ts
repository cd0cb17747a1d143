// A survey answered and a ballot voted entirely through Mattermost: slash commands, button presses,
// a typed answer over the WebSocket, all against the fake Mattermost, with the results checked in
// Kyodo's database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleBallot } from "../motions/support.ts";
import { createFromYaml } from "../surveys/support/surveys.ts";
import { readable, type Person, type StoredPost } from "./support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "./support/mattermost-kyodo.ts";

let t: MattermostKyodo;
let surveyId: string;
beforeAll(async () => {
  t = await startMattermostKyodo();
  const now = new Date();
  surveyId = (await createFromYaml(t.kyodo, now)).survey.id;
  await createExampleBallot(t.kyodo, now, { deadline: new Date(now.getTime() + 7 * 86_400_000) });
});
afterAll(async () => {
  await t?.dispose();
});

/** The person's direct channel with Kyodo, and what Kyodo posted there after `before` posts. */
function conversation(person: Person) {
  const dm = t.mm.dmOf(person);
  const kyodoPosts = () => t.mm.seenIn(dm.id).filter((p) => p.user_id === t.mm.bot.id);
  const step = async (act: () => Promise<unknown>) => {
    const before = kyodoPosts().length;
    await act();
    await t.settle();
    const added = kyodoPosts().slice(before);
    expect(added.length).toBeGreaterThan(0);
    return { text: added.map(readable).join("\n"), last: added.at(-1)! };
  };
  return {
    dm,
    command: (text: string) => step(() => t.mm.slash(person, dm, text)),
    press: (post: StoredPost, label: string) => step(() => t.mm.press(person, post, label)),
    write: (text: string) =>
      step(async () => {
        const before = kyodoPosts().length;
        t.mm.dm(person, text);
        const end = Date.now() + 5000;
        while (kyodoPosts().length === before && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      }),
  };
}

describe("surveys and ballots through Mattermost", () => {
  it("answers a survey with slash commands, buttons and a direct message, and gets a receipt", async () => {
    const suzuki = t.mm.person("suzuki");
    await t.link(suzuki, "suzuki");
    const chat = conversation(suzuki);
    let step = await chat.command("回答 1");
    expect(step.text).toContain("問1（全8問・必須） 令和9年度の共同調達に参加しますか。");
    step = await chat.press(step.last, "検討中");
    expect(step.text).toContain("主な利用場面");
    step = await chat.press(step.last, "☐ 庁内会議");
    step = await chat.press(step.last, "☐ 窓口・聞き取り");
    step = await chat.press(step.last, "決定して次へ");
    expect(step.text).toContain("問6");
    step = await chat.press(step.last, "戻る");
    expect(step.text).toContain("☑ 庁内会議");
    // Inside the questions, "/kyodo <answer>" answers the current question.
    step = await chat.command("決定");
    step = await chat.command("いいえ");
    expect(step.text).toContain("問7");
    step = await chat.command("3,1");
    expect(step.text).toContain("問8");
    step = await chat.write("RPA を優先してほしい");
    expect(step.text).toContain("1位 子育てアプリ、2位 電子契約");
    step = await chat.press(step.last, "確定する");
    expect(step.text).toContain("回答を受け付けました");

    const current = await t.kyodo.db.surveySubmission.findFirstOrThrow({ where: { surveyId, current: true } });
    expect(current.via).toBe("mattermost");
    expect(JSON.parse(current.answers)).toEqual({
      join: "undecided",
      uses: ["internal", "interview"],
      wg: "no",
      "next-candidates": ["childcare", "e-contract"],
      comment: "RPA を優先してほしい",
    });
    expect(t.mm.calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it("votes for all motions with a button, then changes one vote with the slash command", async () => {
    const sato = t.mm.person("sato");
    await t.link(sato, "sato");
    const chat = conversation(sato);
    const shown = await chat.command("vote");
    expect(shown.text).toContain("表決1 平成29年度第2回総会（書面表決）");
    expect(shown.text).toContain("どのように表決しますか？");
    const receipt = await chat.press(shown.last, "全議案に賛成");
    expect(receipt.text).toContain("表決を受け付けました");
    expect(receipt.text).toContain(
      "| 議案4 千葉県電子自治体共同運営協議会会則の改正及び千葉県電子自治体共同運営協議会負担金取扱要領の廃止について | 賛成 |",
    );
    expect(readable(shown.last)).toContain("✅ 選択済み: 全議案に賛成");

    const changed = await chat.command("kyodo vote 1 議案3 反対");
    expect(changed.text).toContain("賛成 から変更");

    const person = await t.kyodo.db.person.findFirstOrThrow({ where: { handle: "sato" } });
    const votes = await t.kyodo.db.motionVote.findMany({ where: { personId: person.id }, orderBy: { castAt: "asc" } });
    expect(votes).toHaveLength(5);
    expect(new Set(votes.map((v) => v.channel))).toEqual(new Set(["mattermost"]));
    expect(
      votes
        .filter((v) => v.current)
        .map((v) => v.choice)
        .sort(),
    ).toEqual(["against", "for", "for", "for"]);
  });
});
