// Creating a ballot through a Mattermost interactive dialog, end to end against the fake Mattermost:
// the slash command's trigger id opens the dialog (POST /api/v4/actions/dialogs/open); a submission
// with mistakes gets the dry run's words back per field (the dialog stays open); a submission without
// Kyodo's signed state is refused; the corrected one gets a preview, and only "作成する" creates.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readable, type OpenDialog } from "../mattermost/support/fake-mattermost.ts";
import { startMattermostKyodo, type MattermostKyodo } from "../mattermost/support/mattermost-kyodo.ts";

let t: MattermostKyodo;
const future = DateTime.now().setZone("Asia/Tokyo").plus({ days: 20 }).toFormat("yyyy-MM-dd");
beforeAll(async () => {
  t = await startMattermostKyodo();
});
afterAll(async () => {
  await t?.dispose();
});

describe("creating a ballot through a Mattermost dialog", () => {
  it("opens the dialog from the slash command, returns mistakes per field, previews, then creates", async () => {
    const yamada = t.mm.person("yamada");
    await t.link(yamada, "yamada");
    const dm = t.mm.dmOf(yamada);
    const before = t.mm.dialogs.length;
    const answer = await t.mm.slash(yamada, dm, "ballot new");
    expect(answer.status).toBe(200);
    expect(t.mm.dialogs).toHaveLength(before + 1);
    const opened: OpenDialog = t.mm.dialogs.at(-1)!;
    expect(opened.userId).toBe(yamada.id);
    expect(opened.dialog.title).toBe("表決の作成");
    expect(opened.dialog.elements.map((e) => e.name)).toEqual(["title", "organ", "deadline", "opens", "rules", "motions"]);
    const organ = opened.dialog.elements.find((e) => e.name === "organ");
    expect(organ?.options?.map((o) => o.text)).toContain("幹事会");

    const forged = await t.mm.submitDialog(yamada, { ...opened, dialog: { ...opened.dialog, state: "forged" } }, { title: "x" }, dm);
    expect(forged.status).toBe(401);

    const mistakes = await t.mm.submitDialog(
      yamada,
      opened,
      {
        title: "令和8年度第3回幹事会（書面表決）",
        organ: "kanjikai",
        deadline: "2020-01-10",
        opens: null,
        rules: null,
        motions: "議案1 予算\n議案1 規約",
      },
      dm,
    );
    expect(mistakes.status).toBe(200);
    expect(mistakes.body.errors).toEqual({
      deadline: "期限が過去の日時です。これから先の日時を指定してください。",
      motions: "同じ議案番号が2回使われています。",
    });
    expect(await t.kyodo.db.ballot.count()).toBe(0);

    const corrected = await t.mm.submitDialog(
      yamada,
      opened,
      {
        title: "令和8年度第3回幹事会（書面表決）",
        organ: "kanjikai",
        deadline: `${future} 17:00`,
        opens: "",
        rules: "email",
        motions: "議案1 予算\n議案2 規約",
      },
      dm,
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body.errors).toBeUndefined();
    await t.settle();
    const preview = t.mm
      .seenIn(dm.id)
      .filter((p) => p.user_id === t.mm.bot.id)
      .at(-1)!;
    expect(readable(preview)).toContain("表決の作成（確認）");
    expect(readable(preview)).toContain("議案2 規約");
    expect(await t.kyodo.db.ballot.count()).toBe(0);

    await t.mm.press(yamada, preview, "作成する");
    await t.settle();
    const done = t.mm
      .seenIn(dm.id)
      .filter((p) => p.user_id === t.mm.bot.id)
      .at(-1)!;
    expect(readable(done)).toContain("「表決1 令和8年度第3回幹事会（書面表決）」を作成しました（幹事会");
    const ballot = await t.kyodo.db.ballot.findFirstOrThrow({ include: { motions: true } });
    expect(JSON.parse(ballot.rules)).toMatchObject({ deemedConsent: true });
    expect(ballot.motions.map((m) => m.title).sort()).toEqual(["予算", "規約"]);
  });

  it("refuses a member without opening a dialog", async () => {
    const sato = t.mm.person("sato");
    await t.link(sato, "sato");
    const dm = t.mm.dmOf(sato);
    const before = t.mm.dialogs.length;
    await t.mm.slash(sato, dm, "ballot new");
    await t.settle();
    expect(t.mm.dialogs).toHaveLength(before);
    expect(readable(t.mm.lastIn(dm.id, sato))).toContain("表決を作成できるのは事務局だけです。");
  });
});
