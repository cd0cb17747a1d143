// The council's directory from the web console against the real HTTP server and a real SQLite file: the
// secretariat finds people by name, body and role, opens one (bodies, roles, seats, chat accounts, addresses),
// adds one (problems named in both languages, a confirmation, then addPerson), corrects a name, gives and takes
// roles, adds and removes email aliases (a malformed address and someone else's address refused in both
// languages), gives a body a seat on an organ and takes it away, and retires a person whose votes stay. Every
// change asks first and is audited with the web channel; a member is refused, and so is a form without the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBody } from "../../src/domain/bodies/find-body.ts";
import { castVotes } from "../../src/domain/motions/cast-votes.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { createExampleBallot } from "../motions/support.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";
import { Browser, type Clock, lastAuditEntry, startSignedInConsole } from "./support.ts";

let kyodo: TestKyodo;
let clock: Clock;
let browser: Browser;
let csrf: string;

beforeAll(async () => {
  ({ kyodo, clock, browser } = await startSignedInConsole());
  csrf = await browser.csrf("/console/people");
});
afterAll(async () => {
  await kyodo.dispose();
});

const person = (handle: string) => findPerson(kyodo.db, kyodo.council.id, handle);

describe("who may use the directory", () => {
  it("refuses a member every page and action, and changes nothing", async () => {
    const sato = await Browser.signIn(kyodo, "sato", clock.now);
    expect((await sato.page("/console/people")).status).toBe(403);
    expect((await sato.page("/console/organs/sokai")).status).toBe(403);
    const satoCsrf = await sato.csrf("/console/");
    const response = await sato.post("/console/people/tanaka/grant", { _csrf: satoCsrf, role: "secretariat", confirm: "yes" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("事務局");
    expect(await kyodo.db.personRole.count({ where: { personId: (await person("tanaka")).id } })).toBe(0);
  });

  it("refuses a form without the session's CSRF token", async () => {
    const response = await browser.post("/console/people/tanaka/grant", { role: "secretariat", confirm: "yes" });
    expect(response.status).toBe(403);
    const forged = await browser.post("/console/people/tanaka/retire", { _csrf: "forged", confirm: "yes" });
    expect(forged.status).toBe(403);
    expect((await person("tanaka")).retiredAt).toBeNull();
    expect(await kyodo.db.personRole.count({ where: { personId: (await person("tanaka")).id } })).toBe(0);
  });
});

describe("finding and opening people", () => {
  it("searches by name, by body and by role", async () => {
    const byName = await browser.page(`/console/people?q=${encodeURIComponent("佐藤")}`);
    expect(byName.status).toBe(200);
    expect(byName.html).toContain('href="/console/people/sato"');
    expect(byName.html).not.toContain('href="/console/people/tanaka"');
    const chiba = await findBody(kyodo.db, kyodo.council.id, "千葉市");
    const byBody = await browser.page(`/console/people?body=${chiba.id}`);
    expect(byBody.html).toContain('href="/console/people/sato"');
    expect(byBody.html).toContain('href="/console/people/suzuki"');
    expect(byBody.html).not.toContain('href="/console/people/yamada"');
    const byRole = await browser.page("/console/people?role=secretariat");
    expect(byRole.html).toContain('href="/console/people/yamada"');
    expect(byRole.html).not.toContain('href="/console/people/sato"');
  });

  it("shows one person's bodies, seats, chat accounts and addresses", async () => {
    const sato = await person("sato");
    await kyodo.db.chatIdentity.create({
      data: { personId: sato.id, platform: "slack", workspace: "T0CHIBA", externalUserId: "U0SATO", verifiedAt: clock.now },
    });
    const page = await browser.page("/console/people/sato");
    expect(page.status).toBe(200);
    expect(page.html).toContain("千葉市");
    expect(page.html).toContain('href="/console/organs/sokai"');
    expect(page.html).toContain("T0CHIBA / U0SATO");
    expect(page.html).toContain("sato@city.chiba.example.jp");
  });

  it("answers an unknown person with a message, not a crash", async () => {
    const page = await browser.page("/console/people/nobody");
    expect(page.status).toBe(400);
    expect(page.html).toContain("nobody");
  });
});

describe("adding and correcting a person", () => {
  it("names each problem in both languages and registers nothing", async () => {
    const response = await browser.post("/console/people/new", {
      _csrf: csrf,
      handle: "Bad Handle!",
      displayName: "",
      email: "kobayashi@@example",
      locale: "ja",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("ID「bad handle!」は使えません。");
    expect(html).toContain("cannot be used");
    expect(html).toContain("氏名を1〜100文字で入力してください。 / Enter a name of 1 to 100 characters.");
    expect(html).toContain("「kobayashi@@example」はメールアドレスの形になっていません");
    expect(await kyodo.db.person.count({ where: { displayName: "" } })).toBe(0);
  });

  it("asks first, then adds the person with their body, audited with the web channel", async () => {
    const abiko = await findBody(kyodo.db, kyodo.council.id, "我孫子市");
    const fields = {
      _csrf: csrf,
      handle: "kobayashi",
      displayName: "小林 由紀",
      email: "kobayashi@city.abiko.example.jp",
      locale: "ja",
      body: abiko.id,
    };
    const ask = await browser.post("/console/people/new", fields);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("小林 由紀さん（ID kobayashi）を登録しますか。");
    expect(await kyodo.db.person.count({ where: { handle: "kobayashi" } })).toBe(0);
    const done = await browser.post("/console/people/new", { ...fields, confirm: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/console/people/kobayashi?done=personAdded");
    const added = await person("kobayashi");
    expect(added).toMatchObject({ displayName: "小林 由紀", email: "kobayashi@city.abiko.example.jp" });
    expect(await kyodo.db.staffMembership.count({ where: { personId: added.id, bodyId: abiko.id, endedAt: null } })).toBe(1);
    expect(await lastAuditEntry(kyodo, "people.add")).toMatchObject({ payload: { channel: "web", handle: "kobayashi" } });
    expect((await browser.page("/console/people/kobayashi?done=personAdded")).html).toContain("利用者を登録しました。");
  });

  it("names the changed field before saving a corrected name", async () => {
    const changed = { _csrf: csrf, displayName: "小林 由紀子", email: "kobayashi@city.abiko.example.jp" };
    const ask = await browser.post("/console/people/kobayashi/edit", changed);
    expect(await ask.text()).toContain("小林 由紀さんの次の項目を変更しますか: 氏名");
    const done = await browser.post("/console/people/kobayashi/edit", { ...changed, confirm: "yes" });
    expect(done.headers.get("location")).toBe("/console/people/kobayashi?done=personEdited");
    expect((await person("kobayashi")).displayName).toBe("小林 由紀子");
    expect(await lastAuditEntry(kyodo, "people.edit")).toMatchObject({
      payload: { channel: "web", before: { displayName: "小林 由紀" }, after: { displayName: "小林 由紀子" } },
    });
  });
});

describe("roles", () => {
  it("keeps the council's last secretariat member", async () => {
    const response = await browser.post("/console/people/yamada/retire", { _csrf: csrf, confirm: "yes" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("最後の事務局・管理者です");
    expect(html).toContain("last secretariat member");
    expect((await person("yamada")).retiredAt).toBeNull();
  });

  it("gives and takes a role, each confirmed and audited", async () => {
    const ask = await browser.post("/console/people/kobayashi/grant", { _csrf: csrf, role: "secretariat" });
    expect(await ask.text()).toContain("小林 由紀子さんに事務局の役割を与えますか。");
    await browser.post("/console/people/kobayashi/grant", { _csrf: csrf, role: "secretariat", confirm: "yes" });
    const id = (await person("kobayashi")).id;
    expect(await kyodo.db.personRole.count({ where: { personId: id, role: "secretariat" } })).toBe(1);
    expect(await lastAuditEntry(kyodo, "people.role.grant")).toMatchObject({ payload: { channel: "web", role: "secretariat" } });
    const done = await browser.post("/console/people/kobayashi/revoke", { _csrf: csrf, role: "secretariat", confirm: "yes" });
    expect(done.headers.get("location")).toBe("/console/people/kobayashi?done=roleRevoked");
    expect(await kyodo.db.personRole.count({ where: { personId: id } })).toBe(0);
    expect(await lastAuditEntry(kyodo, "people.role.revoke")).toMatchObject({ payload: { channel: "web", role: "secretariat" } });
  });

  it("says so in both languages when the role does not exist", async () => {
    const response = await browser.post("/console/people/kobayashi/grant", { _csrf: csrf, role: "mayor", confirm: "yes" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("役割「mayor」はありません（事務局 secretariat・管理者 admin）。 / There is no role");
  });
});

describe("email aliases", () => {
  it("refuses a malformed address in both languages", async () => {
    const response = await browser.post("/console/people/tanaka/alias", { _csrf: csrf, address: "kikaku@@abiko", confirm: "yes" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("kikaku@@abiko");
    expect(html).toContain(" / ");
    expect(await kyodo.db.emailAlias.count()).toBe(0);
  });

  it("refuses a pasted page instead of an address, quoting only its start", async () => {
    const response = await browser.post("/console/people/tanaka/alias", { _csrf: csrf, address: `${"a".repeat(100_000)}@example.jp` });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`「${"a".repeat(80)}…」はメールアドレスの形になっていません`);
    expect(html.length).toBeLessThan(20_000);
    expect(await kyodo.db.emailAlias.count()).toBe(0);
  });

  it("refuses an address that belongs to someone else, naming them", async () => {
    const response = await browser.post("/console/people/tanaka/alias", {
      _csrf: csrf,
      address: "Sato@City.Chiba.example.jp",
      confirm: "yes",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("sato@city.chiba.example.jp は既に 佐藤 一郎さん（ID sato）のアドレスです。");
    expect(html).toContain("is already the address of 佐藤 一郎 (ID sato)");
    expect(await kyodo.db.emailAlias.count()).toBe(0);
  });

  it("adds and removes an alias, each confirmed and audited", async () => {
    const ask = await browser.post("/console/people/tanaka/alias", { _csrf: csrf, address: "kikaku@city.abiko.example.jp" });
    expect(await ask.text()).toContain("田中 健さんの表決・回答を kikaku@city.abiko.example.jp からも受け付けますか。");
    expect(await kyodo.db.emailAlias.count()).toBe(0);
    const added = await browser.post("/console/people/tanaka/alias", {
      _csrf: csrf,
      address: "kikaku@city.abiko.example.jp",
      confirm: "yes",
    });
    expect(added.headers.get("location")).toBe("/console/people/tanaka?done=aliasAdded");
    expect(await lastAuditEntry(kyodo, "email.alias.add")).toMatchObject({
      payload: { channel: "web", address: "kikaku@city.abiko.example.jp" },
    });
    // Now the address is tanaka's: nobody else may have it.
    const taken = await browser.post("/console/people/kobayashi/alias", {
      _csrf: csrf,
      address: "kikaku@city.abiko.example.jp",
      confirm: "yes",
    });
    expect(taken.status).toBe(400);
    expect((await browser.page("/console/people/tanaka")).html).toContain("kikaku@city.abiko.example.jp");
    const removed = await browser.post("/console/people/tanaka/unalias", {
      _csrf: csrf,
      address: "kikaku@city.abiko.example.jp",
      confirm: "yes",
    });
    expect(removed.headers.get("location")).toBe("/console/people/tanaka?done=aliasRemoved");
    expect(await kyodo.db.emailAlias.count()).toBe(0);
    expect(await lastAuditEntry(kyodo, "email.alias.remove")).toMatchObject({ payload: { channel: "web" } });
  });
});

describe("seats on an organ", () => {
  it("lists the organs and an organ's seats", async () => {
    const organs = await browser.page("/console/organs");
    expect(organs.status).toBe(200);
    expect(organs.html).toContain('href="/console/organs/kanjikai"');
    const seats = await browser.page("/console/organs/kanjikai");
    expect(seats.html).toContain("佐藤 一郎");
    expect(seats.html).toContain("鈴木 次郎"); // the alternate
  });

  it("refuses a representative who is not the body's staff", async () => {
    const funabashi = await findBody(kyodo.db, kyodo.council.id, "船橋市");
    const response = await browser.post("/console/organs/denshi-shinsei/seat", {
      _csrf: csrf,
      body: funabashi.id,
      rep: (await person("tanaka")).id,
      role: "member",
      confirm: "yes",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("委員・代理はその団体の担当者である必要があります。");
  });

  it("gives a body a seat with its representative, then removes it, each confirmed and audited", async () => {
    const abiko = await findBody(kyodo.db, kyodo.council.id, "我孫子市");
    const organ = await kyodo.db.organ.findFirstOrThrow({ where: { slug: "kanjikai" } });
    // 我孫子市 already sits on the board with tanaka: the form changes its representative.
    const fields = { _csrf: csrf, body: abiko.id, rep: (await person("kobayashi")).id, role: "vice_chair" };
    const ask = await browser.post("/console/organs/kanjikai/seat", fields);
    expect(await ask.text()).toContain("幹事会に我孫子市の席を設定し、小林 由紀子さんを委員にしますか（役職: 副会長）。");
    const done = await browser.post("/console/organs/kanjikai/seat", { ...fields, confirm: "yes" });
    expect(done.headers.get("location")).toBe("/console/organs/kanjikai?done=seatAssigned");
    const seat = await kyodo.db.seat.findUniqueOrThrow({ where: { organId_bodyId: { organId: organ.id, bodyId: abiko.id } } });
    expect(seat).toMatchObject({ representativeId: (await person("kobayashi")).id, role: "vice_chair" });
    expect(await lastAuditEntry(kyodo, "organs.seat.assign")).toMatchObject({ payload: { channel: "web" } });

    const removed = await browser.post("/console/organs/kanjikai/unseat", { _csrf: csrf, body: abiko.id, confirm: "yes" });
    expect(removed.headers.get("location")).toBe("/console/organs/kanjikai?done=seatRemoved");
    expect(await kyodo.db.seat.count({ where: { organId: organ.id, bodyId: abiko.id } })).toBe(0);
    expect(await lastAuditEntry(kyodo, "organs.seat.remove")).toMatchObject({ payload: { channel: "web" } });
  });

  it("says so in both languages when no body is chosen", async () => {
    const response = await browser.post("/console/organs/kanjikai/seat", { _csrf: csrf, body: "", confirm: "yes" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("団体を一覧から選んでください。 / Choose a body from the list.");
  });
});

describe("retiring a person", () => {
  it("keeps their votes and record, and takes away what let them act", async () => {
    const sato = await person("sato");
    const satoBrowser = await Browser.signIn(kyodo, "sato", clock.now);
    const ballot = await createExampleBallot(kyodo, clock.now);
    await castVotes(
      kyodo.db,
      { ballotId: ballot.id, personId: sato.id, choices: [{ motionNumber: 1, option: "for" }], channel: "console" },
      clock.now,
    );
    const votesBefore = await kyodo.db.motionVote.count({ where: { personId: sato.id } });
    expect(votesBefore).toBeGreaterThan(0);

    const ask = await browser.post("/console/people/sato/retire", { _csrf: csrf });
    expect(await ask.text()).toContain("佐藤 一郎さんを退任にしますか。");
    expect((await person("sato")).retiredAt).toBeNull();
    const done = await browser.post("/console/people/sato/retire", { _csrf: csrf, confirm: "yes" });
    expect(done.headers.get("location")).toBe("/console/people/sato?done=personRetired");

    expect((await person("sato")).retiredAt).not.toBeNull();
    expect(await kyodo.db.motionVote.count({ where: { personId: sato.id } })).toBe(votesBefore);
    expect(await kyodo.db.seat.count({ where: { representativeId: sato.id } })).toBe(0);
    expect(await kyodo.db.staffMembership.count({ where: { personId: sato.id, endedAt: null } })).toBe(0);
    expect(await kyodo.db.staffMembership.count({ where: { personId: sato.id } })).toBeGreaterThan(0);
    expect(await kyodo.db.chatIdentity.count({ where: { personId: sato.id } })).toBe(0);
    expect(await lastAuditEntry(kyodo, "people.retire")).toMatchObject({ payload: { channel: "web", identities: ["slack"] } });
    expect((await satoBrowser.page("/console/")).status).toBe(401);

    const page = await browser.page("/console/people/sato?done=personRetired");
    expect(page.html).toContain("退任にしました。");
    expect(page.html).not.toContain('action="/console/people/sato/edit"');
    expect((await browser.page("/console/people")).html).not.toContain('href="/console/people/sato"');
    expect((await browser.page("/console/people?retired=1")).html).toContain('href="/console/people/sato"');
  });

  it("refuses to change a retired person", async () => {
    const response = await browser.post("/console/people/sato/grant", { _csrf: csrf, role: "admin", confirm: "yes" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("佐藤 一郎さんは退任しているため変更できません。");
  });
});
