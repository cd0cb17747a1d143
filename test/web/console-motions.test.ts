// Editing a motion (議案) and recording recusals (除斥・回避) from the web console against the real HTTP server and a
// real SQLite file: the edit page (title, text, attachments one a line) warns how many votes will stop counting,
// problems are named in both languages, the confirmation repeats the warning, and editMotion runs (revision kept,
// votes stale, voters asked again) audited with the web channel; a recusal names the motion, the body and the
// reason, asks first, runs recuseSeat and shows on the ballot page. A member is refused both, a form without the
// session's CSRF token changes nothing, and a ballot past its deadline is refused an edit with a clear message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { castVotes } from "../../src/domain/motions/cast-votes.ts";
import type { LoadedBallot } from "../../src/domain/motions/find-ballot.ts";
import { bodyId, createExampleBallot, linkChat, nameRepresentatives } from "../motions/support.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { Browser, type Clock, lastAuditEntry, startSignedInConsole } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let browser: Browser;
let yamadaId: string;
let satoId: string;
let ballot: LoadedBallot;

const motion = (number: number) => kyodo.db.motion.findFirstOrThrow({ where: { ballotId: ballot.id, number } });
const NEW_TEXT = "平成30年度ちば電子申請システム利用負担金額について、別紙2（修正版）のとおり決定することについて承認を求める。";

beforeAll(async () => {
  ({ kyodo, clock, browser, personId: yamadaId } = await startSignedInConsole());
  ballot = await createExampleBallot(kyodo, clock.now);
  // sato has a chat account, so the request to vote again has somewhere to go.
  satoId = (await linkChat(kyodo, "sato", "console", "U-sato")).id;
  // 千葉市 (sato's seat) votes on every motion before anything is edited.
  await castVotes(
    kyodo.db,
    { ballotId: ballot.id, personId: satoId, choices: [1, 2, 3, 4].map((n) => ({ motionNumber: n, option: "for" })), channel: "console" },
    clock.now,
  );
});
afterAll(async () => {
  await kyodo.dispose();
});

describe("editing a motion", () => {
  it("links each motion from the ballot page, and the edit page warns how many votes will stop counting", async () => {
    const ballotPage = await browser.page("/console/ballots/1");
    expect(ballotPage.html).toContain('href="/console/ballots/1/motions/2"');
    const { status, html } = await browser.page("/console/ballots/1/motions/2");
    expect(status).toBe(200);
    expect(html).toContain("現在は第1版です。");
    expect(html).toContain("この議案には既に1件の表決が投じられています。修正すると、それらは数えられなくなり");
    expect(html).toContain("選択肢（賛成 / 反対 / 棄権）はここでは変更できません。");
    expect(html).toContain("平成30年度ちば電子申請システム利用負担金額（案）の決定について");
  });

  it("names problems in both languages and changes nothing", async () => {
    const csrf = await browser.csrf("/console/ballots/1/motions/2");
    const current = await motion(2);
    const empty = await browser.post("/console/ballots/1/motions/2/edit", { _csrf: csrf, title: "  ", text: current.text });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("議案2の議案名は1〜300文字で入力してください。");
    expect(emptyHtml).toContain("The title of motion 2 must be 1–300 characters.");
    const control = await browser.post("/console/ballots/1/motions/2/edit", {
      _csrf: csrf,
      title: current.title,
      text: "承認を\u001b[31m求める",
    });
    expect(control.status).toBe(422);
    expect(await control.text()).toContain("本文の 1 行 4 文字目に制御文字または不正な文字 (U+001B) があります。");
    // The browser sends the textarea's line breaks as CRLF: the same text is "unchanged", not a new version.
    const same = await browser.post("/console/ballots/1/motions/2/edit", {
      _csrf: csrf,
      title: current.title,
      text: current.text.replace(/\n/g, "\r\n"),
    });
    expect(same.status).toBe(422);
    expect(await same.text()).toContain("議案2の内容は変わっていません。");
    const unknown = await browser.post("/console/ballots/1/motions/9/edit", { _csrf: csrf, title: "x", text: "y" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("表決1に議案9はありません。");
    expect((await motion(2)).version).toBe(1);
    expect(await kyodo.db.auditEntry.count({ where: { action: "motions.motion.edit" } })).toBe(0);
  });

  it("asks first, saying the vote will stop counting, then edits through editMotion audited with the web channel", async () => {
    const csrf = await browser.csrf("/console/ballots/1/motions/2");
    const current = await motion(2);
    const form = { _csrf: csrf, title: current.title, text: NEW_TEXT };
    const ask = await browser.post("/console/ballots/1/motions/2/edit", form);
    expect(ask.status).toBe(200);
    const question = await ask.text();
    expect(question).toContain("の本文を修正し、第2版にしますか。");
    expect(question).toContain("この議案に既に投じられた1件の表決は数えられなくなり、表決した方に再表決をお願いします。");
    expect((await motion(2)).version).toBe(1);

    const done = await browser.post("/console/ballots/1/motions/2/edit", { ...form, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/console/ballots/1?done=motionEdited&motion=2&version=2&stale=1&notified=1");
    expect(await motion(2)).toMatchObject({ version: 2, text: NEW_TEXT });
    const revision = await kyodo.db.motionRevision.findFirstOrThrow({ where: { motionId: current.id, version: 2 } });
    expect(revision.editedBy).toBe(`person:${yamadaId}`);
    const vote = await kyodo.db.motionVote.findFirstOrThrow({ where: { motionId: current.id, current: true } });
    expect(vote.stale).toBe(true);
    expect(await lastAuditEntry(kyodo, "motions.motion.edit")).toMatchObject({
      actor: `person:${yamadaId}`,
      payload: { channel: "web", motion: 2, version: 2, staleVotes: [vote.id] },
    });
    const page = await browser.page(done.headers.get("location")!);
    expect(page.html).toContain("議案2を修正しました（第2版）。数えられなくなった表決: 1件、再表決のお願い: 1件。");
    // The other motions' votes still count.
    expect((await kyodo.db.motionVote.findFirstOrThrow({ where: { motionId: (await motion(3)).id, current: true } })).stale).toBe(false);
  });
});

describe("editing a motion's attachments (別紙)", () => {
  const BESSI1 = "別紙1 平成30年度ちば電子調達システム利用負担金額（案） https://example.jp/chiba-egov/h29-sokai-2/bessi1.pdf";
  const ADDED = "参考資料 負担金の算定方法 https://example.jp/chiba-egov/h29-sokai-2/sankou.pdf";

  it("shows them one a line and names a line that is not 'label URL' in both languages", async () => {
    const { html } = await browser.page("/console/ballots/1/motions/1");
    expect(html).toContain(BESSI1);
    const csrf = await browser.csrf("/console/ballots/1/motions/1");
    const current = await motion(1);
    const bad = await browser.post("/console/ballots/1/motions/1/edit", {
      _csrf: csrf,
      title: current.title,
      text: current.text,
      attachments: `${BESSI1}\r\n別紙2 javascript:alert(1)`,
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("別紙の 2 行目「別紙2 javascript:alert(1)」を読めません。");
    expect(badHtml).toContain("Attachment line 2");
    expect((await motion(1)).version).toBe(1);
  });

  it("names the attachments in the confirmation and stores them as editMotion takes them", async () => {
    const csrf = await browser.csrf("/console/ballots/1/motions/1");
    const current = await motion(1);
    const form = { _csrf: csrf, title: current.title, text: current.text, attachments: `${BESSI1}\r\n${ADDED}\r\n` };
    const ask = await browser.post("/console/ballots/1/motions/1/edit", form);
    expect(await ask.text()).toContain("の別紙（添付資料）を修正し、第2版にしますか。");
    const done = await browser.post("/console/ballots/1/motions/1/edit", { ...form, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(JSON.parse((await motion(1)).attachments)).toEqual([
      { label: "別紙1 平成30年度ちば電子調達システム利用負担金額（案）", url: "https://example.jp/chiba-egov/h29-sokai-2/bessi1.pdf" },
      { label: "参考資料 負担金の算定方法", url: "https://example.jp/chiba-egov/h29-sokai-2/sankou.pdf" },
    ]);
    expect(await motion(1)).toMatchObject({ version: 2, text: current.text });
  });
});

describe("recording a recusal", () => {
  it("shows none yet, and the form offers the ballot's motions and seats", async () => {
    const { html } = await browser.page("/console/ballots/1");
    expect(html).toContain("この表決で除斥・回避された席はありません。");
    expect(html).toContain('action="/console/ballots/1/recuse"');
    expect(html).toContain(`<option value="${await bodyId(kyodo, "千葉市")}">千葉市</option>`);
  });

  it("refuses a body without a seat on the ballot and a motion that does not exist, in both languages", async () => {
    const csrf = await browser.csrf("/console/ballots/1");
    const noSeat = await browser.post("/console/ballots/1/recuse", { _csrf: csrf, motion: "1", body: "nobody", confirm: "yes" });
    expect(noSeat.status).toBe(400);
    const noSeatHtml = await noSeat.text();
    expect(noSeatHtml).toContain("この表決に席のある団体を一覧から選んでください。");
    expect(noSeatHtml).toContain("Choose a body that has a seat on this ballot from the list.");
    const chiba = await bodyId(kyodo, "千葉市");
    const noMotion = await browser.post("/console/ballots/1/recuse", { _csrf: csrf, motion: "abc", body: chiba, confirm: "yes" });
    expect(noMotion.status).toBe(400);
    expect(await noMotion.text()).toContain("議案を一覧から選んでください。");
    const long = await browser.post("/console/ballots/1/recuse", { _csrf: csrf, motion: "1", body: chiba, reason: "あ".repeat(501) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("理由は500文字以内で入力してください。");
    expect(await kyodo.db.motionRecusal.count()).toBe(0);
  });

  it("asks first (the seat's vote stays in the record unused), then recuses through recuseSeat, shown on the ballot page", async () => {
    const csrf = await browser.csrf("/console/ballots/1");
    const chiba = await bodyId(kyodo, "千葉市");
    const form = { _csrf: csrf, motion: "3", body: chiba, reason: "千葉市が契約の相手方であるため" };
    const ask = await browser.post("/console/ballots/1/recuse", form);
    expect(ask.status).toBe(200);
    const question = await ask.text();
    expect(question).toContain("の表決から千葉市の席を除斥しますか。理由: 千葉市が契約の相手方であるため");
    expect(question).toContain("この席がこの議案に既に投じた表決は記録に残りますが、数えられなくなります。");
    expect(question).toContain("取り消すことはできません");
    expect(await kyodo.db.motionRecusal.count()).toBe(0);

    const done = await browser.post("/console/ballots/1/recuse", { ...form, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/console/ballots/1?done=seatRecused");
    const recusal = await kyodo.db.motionRecusal.findFirstOrThrow({});
    expect(recusal).toMatchObject({
      motionId: (await motion(3)).id,
      reason: "千葉市が契約の相手方であるため",
      createdBy: `person:${yamadaId}`,
    });
    expect(await lastAuditEntry(kyodo, "motions.recuse")).toMatchObject({
      actor: `person:${yamadaId}`,
      payload: { channel: "web", motion: 3, bodyId: chiba, reason: "千葉市が契約の相手方であるため" },
    });
    const { html } = await browser.page("/console/ballots/1?done=seatRecused");
    expect(html).toContain("除斥を記録しました。");
    expect(html).toMatch(
      /<th scope="row">議案3 [^<]+<\/th>\s*<td class="">千葉市<\/td>\s*<td class="">千葉市が契約の相手方であるため<\/td>/,
    );

    const again = await browser.post("/console/ballots/1/recuse", { ...form, confirm: "yes" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("その団体の席は議案3で既に除斥されています。");
    expect(await kyodo.db.motionRecusal.count()).toBe(1);
  });
});

describe("who may, and when", () => {
  it("refuses a member every motion tool and changes nothing", async () => {
    const member = await Browser.signIn(kyodo, "sato", clock.now);
    expect((await member.page("/console/ballots/1/motions/1")).status).toBe(403);
    const csrf = await member.csrf("/console/");
    const before = await kyodo.db.auditEntry.count();
    const edit = await member.post("/console/ballots/1/motions/1/edit", { _csrf: csrf, title: "乗っ取り", text: "x", confirm: "yes" });
    expect(edit.status).toBe(403);
    const recuse = await member.post("/console/ballots/1/recuse", {
      _csrf: csrf,
      motion: "1",
      body: await bodyId(kyodo, "銚子市"),
      confirm: "yes",
    });
    expect(recuse.status).toBe(403);
    expect(await kyodo.db.auditEntry.count()).toBe(before);
    expect((await motion(1)).version).toBe(2);
  });

  it("changes nothing for a form without the session's CSRF token", async () => {
    const before = await kyodo.db.auditEntry.count();
    const edit = await browser.post("/console/ballots/1/motions/1/edit", { title: "x", text: "y", confirm: "yes" });
    expect(edit.status).toBe(403);
    const recuse = await browser.post("/console/ballots/1/recuse", {
      _csrf: "forged",
      motion: "1",
      body: await bodyId(kyodo, "銚子市"),
      confirm: "yes",
    });
    expect(recuse.status).toBe(403);
    expect(await kyodo.db.auditEntry.count()).toBe(before);
    expect(await kyodo.db.motionRecusal.count()).toBe(1);
  });

  it("refuses editing once the deadline has passed, with the use case's words, and stops offering it", async () => {
    // A second ballot due in an hour (the example's deadline is a month away, past the console's idle session).
    await createExampleBallot(kyodo, clock.now, { deadline: new Date(clock.now.getTime() + 3600_000) });
    clock.now = new Date(clock.now.getTime() + 2 * 3600_000);
    const csrf = await browser.csrf("/console/ballots/2");
    const edit = await browser.post("/console/ballots/2/motions/1/edit", { _csrf: csrf, title: "遅い修正", text: "x", confirm: "yes" });
    expect(edit.status).toBe(400);
    const editHtml = await edit.text();
    expect(editHtml).toContain("表決2は締め切られています。");
    expect(editHtml).toContain("Ballot 2 is closed.");
    expect((await browser.page("/console/ballots/2/motions/1")).status).toBe(400);
    expect((await browser.page("/console/ballots/2")).html).not.toContain('href="/console/ballots/2/motions/1"');
    expect(await kyodo.db.motionRevision.count({ where: { version: { gt: 1 } } })).toBe(2);
  });
});

describe("a recusal that completes the ballot", () => {
  it("says the ballot may close at once, and recuseSeat closes it when that seat was the last one missing", async () => {
    await nameRepresentatives(kyodo, "denshi-shinsei", 100);
    const section = await createExampleBallot(kyodo, clock.now, { organ: "denshi-shinsei" });
    const abiko = await bodyId(kyodo, "我孫子市");
    const seats = await kyodo.db.seat.findMany({ where: { id: { in: section.roll.map((s) => s.seatId) } } });
    for (const seat of seats) {
      // 我孫子市 leaves motion 4 open; every other seat votes on everything.
      const motions = seat.bodyId === abiko ? [1, 2, 3] : [1, 2, 3, 4];
      await castVotes(
        kyodo.db,
        {
          ballotId: section.id,
          personId: seat.representativeId!,
          seatId: seat.id,
          choices: motions.map((n) => ({ motionNumber: n, option: "for" })),
          channel: "console",
        },
        clock.now,
      );
    }
    const path = `/console/ballots/${section.number}/recuse`;
    const csrf = await browser.csrf(`/console/ballots/${section.number}`);
    const form = { _csrf: csrf, motion: "4", body: abiko, reason: "当事者のため" };
    const ask = await browser.post(path, form);
    expect(await ask.text()).toContain("この席だけが未表決だった場合は、表決がその場で締め切られます。");
    expect((await kyodo.db.ballot.findUniqueOrThrow({ where: { id: section.id } })).closedAt).toBeNull();
    const done = await browser.post(path, { ...form, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(await kyodo.db.ballot.findUniqueOrThrow({ where: { id: section.id } })).toMatchObject({ closedReason: "all_voted" });
    // Closed: nothing more to record, and the recusal stays listed.
    const { html } = await browser.page(`/console/ballots/${section.number}`);
    expect(html).not.toContain(`action="${path}"`);
    expect(html).toContain("当事者のため");
  });
});
