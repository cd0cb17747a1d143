// Finds the person behind a chat account, with what the engine needs to know about them.
import type { DbOrTx } from "../../storage/database.ts";

export interface ActorRecord {
  personId: string;
  councilId: string;
  handle: string;
  displayName: string;
  locale: "ja" | "en";
  roles: string[];
}

export async function identifyActor(
  db: DbOrTx,
  platform: string,
  workspace: string,
  externalUserId: string,
): Promise<ActorRecord | undefined> {
  const identity = await db.chatIdentity.findUnique({
    where: { platform_workspace_externalUserId: { platform, workspace, externalUserId } },
    include: { person: { include: { roles: true } } },
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
  };
}
