// Finds the person behind a chat account, with what the engine needs to know about them. Every event starts
// here, so it is one SQL statement (the account, its person and their roles joined) rather than Prisma's
// three for the same include: scripts/bench-raw-reads.ts measures both (issue #15). It also reads the account's
// direct-conversation columns, so the engine need not read them again after the command (see AccountReach).
import { Prisma } from "../../storage/generated/client.ts";
import type { DbOrTx } from "../../storage/database.ts";

/** What the account's row said about reaching the person one-to-one when the event began. */
export interface AccountReach {
  /** the JSON ConversationRef of their direct conversation, when one is known */
  directRef: string | null;
  /** a refusal to open it that the person has not been told about yet */
  noticePending: boolean;
}

export interface ActorRecord {
  personId: string;
  councilId: string;
  handle: string;
  displayName: string;
  locale: "ja" | "en";
  roles: string[];
  reach: AccountReach;
}

interface Row {
  personId: string;
  councilId: string;
  handle: string;
  displayName: string;
  locale: string | null;
  role: string | null;
  directRef: string | null;
  unreachableReason: string | null;
  unreachableToldAt: unknown;
}

export async function identifyActor(
  db: DbOrTx,
  platform: string,
  workspace: string,
  externalUserId: string,
): Promise<ActorRecord | undefined> {
  // Quoted names and Prisma.sql placeholders read the same on SQLite and PostgreSQL; one row per role.
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT p."id" AS "personId", p."councilId", p."handle", p."displayName", p."locale", r."role",
           i."directRef", i."unreachableReason", i."unreachableToldAt"
    FROM "ChatIdentity" i
    JOIN "Person" p ON p."id" = i."personId"
    LEFT JOIN "PersonRole" r ON r."personId" = p."id"
    WHERE i."platform" = ${platform} AND i."workspace" = ${workspace} AND i."externalUserId" = ${externalUserId}
    ORDER BY r."role"`);
  const first = rows[0];
  if (!first) return undefined;
  return {
    personId: first.personId,
    councilId: first.councilId,
    handle: first.handle,
    displayName: first.displayName,
    locale: first.locale === "en" ? "en" : "ja",
    roles: rows.map((r) => r.role).filter((role): role is string => role !== null),
    reach: {
      directRef: first.directRef,
      noticePending: first.unreachableReason !== null && first.directRef === null && first.unreachableToldAt === null,
    },
  };
}

/** The same read through Prisma's query API (three statements): the reference the raw query is measured
 *  and tested against (scripts/bench-raw-reads.ts, test/engine/identify-actor.test.ts). */
export async function identifyActorPrisma(
  db: DbOrTx,
  platform: string,
  workspace: string,
  externalUserId: string,
): Promise<ActorRecord | undefined> {
  const identity = await db.chatIdentity.findUnique({
    where: { platform_workspace_externalUserId: { platform, workspace, externalUserId } },
    include: { person: { include: { roles: { orderBy: { role: "asc" } } } } },
  });
  if (!identity) return undefined;
  const p = identity.person;
  return {
    personId: p.id,
    councilId: p.councilId,
    handle: p.handle,
    displayName: p.displayName,
    locale: p.locale === "en" ? "en" : "ja",
    roles: p.roles.map((r) => r.role),
    reach: {
      directRef: identity.directRef,
      noticePending: identity.unreachableReason !== null && identity.directRef === null && identity.unreachableToldAt === null,
    },
  };
}
