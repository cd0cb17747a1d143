// Proves the stored audit log intact, or names the first entry that was edited, removed or reordered.
import type { DbOrTx } from "../../storage/database.ts";
import { ChainVerifier, type ChainCheck, type ChainedEntry } from "./hash-chain.ts";

const PAGE = 1000;

async function* readAll(db: DbOrTx): AsyncGenerator<ChainedEntry> {
  let after = 0;
  for (;;) {
    const page = await db.auditEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.seq;
  }
}

export async function verifyAuditLog(db: DbOrTx): Promise<ChainCheck> {
  const verifier = new ChainVerifier();
  for await (const entry of readAll(db)) if (!verifier.push(entry)) break;
  return verifier.result();
}
