// Reply addresses vote+<token>@<mail domain>: one fresh token for every email that offers one (the call
// to vote, each reminder, each receipt), each bound to one voter's seat on one ballot. 128 random bits in
// lower-case base32 (26 characters, safe in a local part that relays may lower-case); only a hash is kept.
// A token never expires as an address — a late reply is still recognised and told the ballot has closed —
// but it counts only while the ballot is open, from the address registered for its voter.
import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "../../storage/database.ts";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function newReplyToken(): string {
  return base32(randomBytes(16));
}

export function hashReplyToken(token: string): string {
  return createHash("sha256").update(`kyodo-vote:${token.toLowerCase()}`).digest("hex");
}

/** A Message-ID local part for an email of ours. */
export function newMessageKey(): string {
  return `kyodo.${randomBytes(12).toString("hex")}`;
}

export interface IssuedToken {
  token: string;
  tokenId: string;
  /** this email's Message-ID key */
  messageKey: string;
  /** the first email of this voter's thread on the ballot (this one, for the first) */
  threadKey: string;
}

export async function issueReplyToken(db: DbOrTx, voter: { ballotId: string; seatId: string; personId: string }): Promise<IssuedToken> {
  const first = await db.ballotMailToken.findFirst({
    where: { ballotId: voter.ballotId, personId: voter.personId, seatId: voter.seatId },
    orderBy: { createdAt: "asc" },
  });
  const token = newReplyToken();
  const messageKey = newMessageKey();
  const threadKey = first?.threadKey ?? messageKey;
  const row = await db.ballotMailToken.create({ data: { ...voter, tokenHash: hashReplyToken(token), messageKey, threadKey } });
  return { token, tokenId: row.id, messageKey, threadKey };
}

export async function findReplyToken(db: DbOrTx, token: string) {
  return db.ballotMailToken.findUnique({ where: { tokenHash: hashReplyToken(token) } });
}

/** The thread a person's ballot emails belong to, if Kyodo has written to them about it. */
export async function ballotThreadKey(db: DbOrTx, ballotId: string, personId: string): Promise<string | undefined> {
  const first = await db.ballotMailToken.findFirst({ where: { ballotId, personId }, orderBy: { createdAt: "asc" } });
  return first?.threadKey;
}
