// The directory's one-at-a-time changes as use cases (the console's people pages run them): retiring a person
// keeps their row and votes but takes away what let them act; the council's last secretariat member cannot be
// retired or lose the role; a corrected name or address is audited with what it was; an email alias that is
// already someone else's address is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueConsoleLink, redeemConsoleLink, findConsoleSession } from "../../src/domain/access/console-sign-in.ts";
import { addEmailAlias } from "../../src/domain/email/email-aliases.ts";
import { issueEnrolmentCode } from "../../src/domain/identities/issue-enrolment-code.ts";
import { redeemEnrolmentCode } from "../../src/domain/identities/redeem-enrolment-code.ts";
import { findBody } from "../../src/domain/bodies/find-body.ts";
import { addStaffMembership } from "../../src/domain/people/add-staff-membership.ts";
import { castVotes } from "../../src/domain/motions/cast-votes.ts";
import { editPerson } from "../../src/domain/people/edit-person.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { importPeople } from "../../src/domain/people/import-people.ts";
import { grantRole } from "../../src/domain/people/grant-role.ts";
import { retirePerson } from "../../src/domain/people/retire-person.ts";
import { revokeRole } from "../../src/domain/people/revoke-role.ts";
import { createExampleBallot, jst } from "../motions/support.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

let kyodo: TestKyodo;
const now = jst("2026-11-24T10:00:00");

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
});
afterAll(async () => {
  await kyodo.dispose();
});

const person = (handle: string) => findPerson(kyodo.db, kyodo.council.id, handle);
const councilId = () => kyodo.council.id;

describe("retiring a person", () => {
  it("keeps the person and their votes, and removes roles, staff, seats, alternates, chat links, aliases, codes and sessions", async () => {
    const sato = await person("sato");
    const ballot = await createExampleBallot(kyodo, now);
    await castVotes(
      kyodo.db,
      { ballotId: ballot.id, personId: sato.id, choices: [{ motionNumber: 1, option: "for" }], channel: "console" },
      now,
    );
    const votes = await kyodo.db.motionVote.count({ where: { personId: sato.id } });
    expect(votes).toBeGreaterThan(0);
    await kyodo.db.chatIdentity.create({
      data: { personId: sato.id, platform: "line", workspace: "chiba", externalUserId: "Usato", verifiedAt: now },
    });
    await addEmailAlias(kyodo.db, { personId: sato.id, address: "johoka@city.chiba.example.jp", actor: "test" }, now);
    const { code } = await issueEnrolmentCode(kyodo.db, sato.id, "test", 72, now);
    const link = await issueConsoleLink(kyodo.db, { personId: sato.id, createdBy: "test" }, now);
    const session = await redeemConsoleLink(kyodo.db, link.token, now);
    expect(await findConsoleSession(kyodo.db, session!.sessionToken, now)).toBeDefined();
    // suzuki is sato's alternate on the board: his seat there stays, only sato's own go.
    const suzuki = await person("suzuki");
    expect(await kyodo.db.seatAlternate.count({ where: { personId: suzuki.id } })).toBe(1);

    const report = await retirePerson(kyodo.db, { councilId: councilId(), personId: sato.id, actor: "test" }, now);

    expect(report).toMatchObject({ roles: [], memberships: 1, identities: ["line"], aliases: 1 });
    expect(report.seats).toBeGreaterThanOrEqual(3);
    const after = await person("sato");
    expect(after.retiredAt).toEqual(now);
    expect(await kyodo.db.motionVote.count({ where: { personId: sato.id } })).toBe(votes);
    expect(await kyodo.db.seat.count({ where: { representativeId: sato.id } })).toBe(0);
    expect(await kyodo.db.staffMembership.count({ where: { personId: sato.id, endedAt: null } })).toBe(0);
    expect(await kyodo.db.staffMembership.count({ where: { personId: sato.id } })).toBe(1);
    expect(await kyodo.db.chatIdentity.count({ where: { personId: sato.id } })).toBe(0);
    expect(await kyodo.db.emailAlias.count({ where: { personId: sato.id } })).toBe(0);
    expect(await kyodo.db.seatAlternate.count({ where: { personId: suzuki.id } })).toBe(1);
    expect(await findConsoleSession(kyodo.db, session!.sessionToken, now)).toBeUndefined();
    await expect(
      redeemEnrolmentCode(kyodo.db, { platform: "slack", workspace: "T1", externalUserId: "U1" }, code, now),
    ).rejects.toMatchObject({
      key: "link.invalidCode",
    });
    const entry = await kyodo.db.auditEntry.findFirstOrThrow({ where: { action: "people.retire" } });
    expect(entry.subject).toBe(`person:${sato.id}`);
  });

  it("refuses to retire or change someone who has left, or let them back in by a code, a role or a body", async () => {
    const sato = await person("sato");
    const chiba = await findBody(kyodo.db, councilId(), "千葉市");
    await expect(issueEnrolmentCode(kyodo.db, sato.id, "test", 72, now)).rejects.toMatchObject({ key: "consolePeople.retired" });
    await expect(grantRole(kyodo.db, sato.id, "admin", "test")).rejects.toMatchObject({ key: "consolePeople.retired" });
    await expect(addStaffMembership(kyodo.db, sato.id, chiba.id, true, "test")).rejects.toMatchObject({ key: "consolePeople.retired" });
    expect(await kyodo.db.personRole.count({ where: { personId: sato.id } })).toBe(0);
    const csv = "handle,name,body,role\nkato,加藤 三郎,千葉市,\nsato,佐藤 一郎,千葉市,secretariat\n";
    expect(await importPeople(kyodo.db, councilId(), csv, "test")).toEqual({
      written: false,
      problems: [{ line: 3, key: "consolePeople.importRetired", vars: { handle: "sato" } }],
    });
    expect(await kyodo.db.person.count({ where: { handle: "kato" } })).toBe(0);
    await expect(retirePerson(kyodo.db, { councilId: councilId(), personId: sato.id, actor: "test" }, now)).rejects.toMatchObject({
      key: "consolePeople.retired",
    });
    await expect(
      editPerson(kyodo.db, { councilId: councilId(), personId: sato.id, changes: { displayName: "佐藤", email: "" }, actor: "test" }, now),
    ).rejects.toMatchObject({ key: "consolePeople.retired" });
  });
});

describe("the last secretariat member", () => {
  it("keeps one of the roles and cannot be retired", async () => {
    const yamada = await person("yamada");
    await expect(retirePerson(kyodo.db, { councilId: councilId(), personId: yamada.id, actor: "test" }, now)).rejects.toMatchObject({
      key: "consolePeople.lastSecretariat",
    });
    // She holds secretariat and admin: either may go while the other stays.
    expect(await revokeRole(kyodo.db, { councilId: councilId(), personId: yamada.id, role: "admin", actor: "test" })).toBe(true);
    await expect(
      revokeRole(kyodo.db, { councilId: councilId(), personId: yamada.id, role: "secretariat", actor: "test" }),
    ).rejects.toMatchObject({ key: "consolePeople.lastSecretariat" });
    // Once someone else holds it, she may give it up.
    await grantRole(kyodo.db, (await person("tanaka")).id, "secretariat", "test");
    expect(await revokeRole(kyodo.db, { councilId: councilId(), personId: yamada.id, role: "secretariat", actor: "test" })).toBe(true);
    expect(await revokeRole(kyodo.db, { councilId: councilId(), personId: yamada.id, role: "secretariat", actor: "test" })).toBe(false);
    expect(await kyodo.db.auditEntry.count({ where: { action: "people.role.revoke", subject: `person:${yamada.id}` } })).toBe(2);
  });
});

describe("correcting a person", () => {
  it("writes only what changed, with what it was", async () => {
    const tanaka = await person("tanaka");
    const changes = { displayName: "田中 健一", email: "Tanaka@City.Abiko.example.jp" };
    expect(await editPerson(kyodo.db, { councilId: councilId(), personId: tanaka.id, changes, actor: "test" }, now)).toEqual([
      "displayName",
    ]);
    expect(await person("tanaka")).toMatchObject({ displayName: "田中 健一", email: "tanaka@city.abiko.example.jp" });
    const entry = await kyodo.db.auditEntry.findFirstOrThrow({ where: { action: "people.edit" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(entry.payload)).toMatchObject({ before: { displayName: "田中 健" }, after: { displayName: "田中 健一" } });
    expect(await editPerson(kyodo.db, { councilId: councilId(), personId: tanaka.id, changes, actor: "test" }, now)).toEqual([]);
    await expect(
      editPerson(kyodo.db, { councilId: councilId(), personId: tanaka.id, changes: { displayName: " ", email: "" }, actor: "test" }, now),
    ).rejects.toMatchObject({ key: "consolePeople.badName" });
    await expect(
      editPerson(
        kyodo.db,
        { councilId: councilId(), personId: tanaka.id, changes: { displayName: "田中", email: "tanaka@" }, actor: "test" },
        now,
      ),
    ).rejects.toMatchObject({ key: "consolePeople.badEmail" });
  });
});

describe("email aliases", () => {
  it("refuses an address that is another person's record address, delivery address or alias", async () => {
    const [watanabe, smith] = [await person("watanabe"), await person("smith")];
    const add = (personId: string, address: string) => addEmailAlias(kyodo.db, { personId, address, actor: "test" }, now);
    await expect(add(watanabe.id, "SMITH@city.ichikawa.example.jp")).rejects.toMatchObject({
      key: "consolePeople.aliasTaken",
      vars: { handle: "smith" },
    });
    await kyodo.db.chatIdentity.create({
      data: { personId: smith.id, platform: "email", workspace: "email", externalUserId: "smith.home@example.jp", verifiedAt: now },
    });
    await expect(add(watanabe.id, "smith.home@example.jp")).rejects.toMatchObject({ key: "consolePeople.aliasTaken" });
    expect(await add(smith.id, "kokusai@city.ichikawa.example.jp")).toEqual({ address: "kokusai@city.ichikawa.example.jp", added: true });
    await expect(add(watanabe.id, "kokusai@city.ichikawa.example.jp")).rejects.toMatchObject({ key: "consolePeople.aliasTaken" });
    // A person's own record address as an alias is theirs to have.
    expect((await add(watanabe.id, "watanabe@city.kamagaya.example.jp")).added).toBe(true);
  });
});
