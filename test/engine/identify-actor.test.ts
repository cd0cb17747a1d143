// Every event starts by finding who is speaking. That read is one raw SQL statement (issue #15: Prisma's
// include took three, and most of an event's CPU is Prisma's per-statement work); it must say exactly what
// Prisma's query API says, for people with no role, one and two roles, in English, with a direct
// conversation known, with a refusal not yet told, and for an account nobody linked — on both providers.
import { afterAll, beforeAll, expect, it } from "vitest";
import { identifyActor, identifyActorPrisma } from "../../src/domain/identities/identify-actor.ts";
import { linkIdentityDirectly } from "../../src/domain/identities/link-identity.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { describeEachProvider } from "../support/postgres.ts";
import type { TestKyodo } from "../support/test-kyodo.ts";

describeEachProvider("identifying the speaker with one statement", (provider) => {
  let kyodo: TestKyodo;
  const account = (user: string) => ({ platform: "slack", workspace: "T1", externalUserId: user });

  beforeAll(async () => {
    kyodo = await provider.startKyodo({}, { http: false });
    const person = (handle: string) => findPerson(kyodo.db, kyodo.council.id, handle);
    const sato = await person("sato");
    const yamada = await person("yamada");
    await linkIdentityDirectly(kyodo.db, account("U-SATO"), sato.id, "test");
    await linkIdentityDirectly(kyodo.db, account("U-YAMADA"), yamada.id, "test");
    await kyodo.db.personRole.upsert({
      where: { personId_role: { personId: yamada.id, role: "admin" } },
      create: { personId: yamada.id, role: "admin" },
      update: {},
    });
    await kyodo.db.person.update({ where: { id: yamada.id }, data: { locale: "en" } });
    await kyodo.db.chatIdentity.update({
      where: { platform_workspace_externalUserId: account("U-SATO") },
      data: { unreachableReason: "slack:user_disabled", unreachableSince: new Date() },
    });
    await kyodo.db.chatIdentity.update({
      where: { platform_workspace_externalUserId: account("U-YAMADA") },
      data: { directRef: JSON.stringify({ platform: "slack", workspace: "T1", conversationId: "D-YAMADA", isDirect: true }) },
    });
  }, 120_000);
  afterAll(async () => {
    await kyodo?.dispose();
  });

  it("reads the same actor as Prisma's include, role by role", async () => {
    for (const user of ["U-SATO", "U-YAMADA"]) {
      const raw = await identifyActor(kyodo.db, "slack", "T1", user);
      expect(raw).toBeDefined();
      expect(raw).toEqual(await identifyActorPrisma(kyodo.db, "slack", "T1", user));
    }
    const yamada = await identifyActor(kyodo.db, "slack", "T1", "U-YAMADA");
    expect(yamada?.roles).toEqual(["admin", "secretariat"]);
    expect(yamada?.locale).toBe("en");
    expect(yamada?.reach.directRef).toContain("D-YAMADA");
    expect(yamada?.reach.noticePending).toBe(false);
    const sato = await identifyActor(kyodo.db, "slack", "T1", "U-SATO");
    expect(sato?.roles).toEqual([]);
    expect(sato?.reach).toEqual({ directRef: null, noticePending: true });
  });

  it("finds nobody behind an account nobody linked", async () => {
    expect(await identifyActor(kyodo.db, "slack", "T1", "U-NOBODY")).toBeUndefined();
    expect(await identifyActor(kyodo.db, "slack", "T2", "U-SATO")).toBeUndefined();
  });

  it("stops reporting a refusal once the person was told", async () => {
    await kyodo.db.chatIdentity.update({
      where: { platform_workspace_externalUserId: account("U-SATO") },
      data: { unreachableToldAt: new Date() },
    });
    expect((await identifyActor(kyodo.db, "slack", "T1", "U-SATO"))?.reach.noticePending).toBe(false);
    expect(await identifyActor(kyodo.db, "slack", "T1", "U-SATO")).toEqual(await identifyActorPrisma(kyodo.db, "slack", "T1", "U-SATO"));
  });
});
