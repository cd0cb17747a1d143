// The secretariat creates a survey in one Mattermost dialog: title, audience, deadline and the questions
// one a line. A past deadline and a choice with one option come back under their fields (the dialog
// stays open); the corrected dialog leads to the usual summary, and nothing starts before 作成して開始する.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readable } from "../mattermost/support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "../mattermost/support/mattermost-kyodo.ts";

let t: MattermostKyodo;
beforeAll(async () => {
  t = await startMattermostKyodo();
});
afterAll(async () => {
  await t?.dispose();
});

describe("creating a survey in a Mattermost dialog", () => {
  it("opens the dialog, returns problems per field, then summarises and creates on confirmation", async () => {
    const yamada = t.mm.person("yamada");
    await t.link(yamada, "yamada");
    const dm = t.mm.dmOf(yamada);
    const before = t.mm.dialogs.length;
    await t.mm.slash(yamada, dm, "survey new");
    expect(t.mm.dialogs).toHaveLength(before + 1);
    const opened = t.mm.dialogs.at(-1)!;
    expect(opened.dialog.title).toBe("調査の作成");
    expect(opened.dialog.elements.map((e: { name: string }) => e.name)).toEqual(["title", "audience", "due", "questions"]);

    const questions = "令和9年度の共同調達に参加しますか [はい/いいえ]\n利用開始の時期 [令和9年度]\n必要なライセンス数 [数値]";
    const wrong = await t.mm.submitDialog(
      yamada,
      opened,
      { title: "電子契約 参加意向", audience: "organ:kanjikai", due: "2020-01-01", questions },
      dm,
    );
    expect(wrong.body.errors).toEqual({
      due: "期限を読めないか、過去の日時です。",
      questions: "2行目: 選択肢は「/」で区切って2つ以上（各100文字まで）にしてください。",
    });
    expect(await t.kyodo.db.survey.count()).toBe(0);

    const fixed = questions.replace("[令和9年度]", "[令和9年度/令和10年度/未定]");
    const right = await t.mm.submitDialog(
      yamada,
      opened,
      { title: "電子契約 参加意向", audience: "organ:kanjikai", due: "2099-01-29", questions: fixed },
      dm,
    );
    expect(right.body.errors).toBeUndefined();
    await t.settle();
    const summary = t.mm
      .seenIn(dm.id)
      .filter((p) => p.user_id === t.mm.bot.id)
      .at(-1)!;
    expect(readable(summary)).toContain("対象: 幹事会");
    expect(readable(summary)).toContain("2. 利用開始の時期（選択（1つ）: 令和9年度、令和10年度、未定）");
    await t.mm.press(yamada, summary, "作成して開始する");
    await t.settle();
    expect(
      readable(
        t.mm
          .seenIn(dm.id)
          .filter((p) => p.user_id === t.mm.bot.id)
          .at(-1)!,
      ),
    ).toContain("調査1「電子契約 参加意向」を開始しました");
    const survey = await t.kyodo.db.survey.findFirstOrThrow();
    expect((JSON.parse(survey.questions) as Array<{ kind: string }>).map((q) => q.kind)).toEqual(["yesno", "single", "number"]);
  });
});
