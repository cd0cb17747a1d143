// What an answer to a voter's email needs from the database: the thread to join, a fresh reply address
// while the ballot is open, and the seat's votes as they stand. Shared by the receiver and the
// secretariat's resolution of unclear replies.
import type { ParsedMail } from "mailparser";
import type { DbOrTx } from "../../storage/database.ts";
import { countsAsVote } from "../motions/counted-vote.ts";
import type { LoadedBallot } from "../motions/find-ballot.ts";
import type { MailSeat } from "./ballot-mail-text.ts";
import type { AnswerContext } from "./reply-answers.ts";
import { issueReplyToken, newMessageKey } from "./reply-token.ts";

export async function currentChoices(db: DbOrTx, ballot: LoadedBallot, seatId: string): Promise<Map<number, string>> {
  const votes = await db.motionVote.findMany({ where: { ballotId: ballot.id, seatId, current: true, stale: false } });
  // Only votes that count (counted-vote.ts): a vote for an option the motion does not have is shown as none.
  const motionOf = new Map(ballot.motions.map((m) => [m.id, m]));
  return new Map(votes.filter((v) => countsAsVote(motionOf.get(v.motionId)!, v)).map((v) => [motionOf.get(v.motionId)!.number, v.choice]));
}

export async function answerContext(
  db: DbOrTx,
  input: {
    ballot: LoadedBallot;
    seat: MailSeat;
    personId: string;
    locale: "ja" | "en";
    zone: string;
    parsed: Pick<ParsedMail, "subject" | "messageId" | "references">;
    offerToken: boolean;
  },
): Promise<AnswerContext> {
  const references = [...toList(input.parsed.references), ...(input.parsed.messageId ? [input.parsed.messageId] : [])].slice(-10);
  const issued = input.offerToken
    ? await issueReplyToken(db, { ballotId: input.ballot.id, seatId: input.seat.seatId, personId: input.personId })
    : undefined;
  return {
    locale: input.locale,
    zone: input.zone,
    ballot: input.ballot,
    seat: input.seat,
    subject: input.parsed.subject,
    inReplyTo: input.parsed.messageId,
    references,
    replyToken: issued?.token,
    messageKey: issued?.messageKey ?? newMessageKey(),
  };
}

function toList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);
}
