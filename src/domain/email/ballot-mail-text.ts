// The part of a ballot email that lets a voter vote by replying: the seat, each motion with its text and
// attachments (and the seat's current vote, when there is one), and how to write the answer — one line
// per motion (「議案1：賛成」) or 「全議案賛成」, built from the ballot's own motions and options so the
// example always fits. Used by the call to vote, reminders, clarifications and receipts.
import { translator, type Locale } from "../../engine/i18n.ts";
import type { Block } from "../../engine/messages.ts";
import { formatInstant } from "../calendar/zoned-time.ts";
import { choiceLabel, describeRules, motionLabel } from "../motions/ballot-text.ts";
import { ballotLabel, type LoadedBallot } from "../motions/find-ballot.ts";
import { optionLabel } from "../motions/motion-options.ts";

export interface MailSeat {
  seatId: string;
  bodyName: string;
  capacity: "representative" | "alternate";
}

export interface VotingSectionInput {
  ballot: LoadedBallot;
  seat: MailSeat;
  zone: string;
  /** the seat's current votes: motion number → option key (stale ones left out) */
  current: Map<number, string>;
}

export function seatLabel(seat: MailSeat, locale: Locale): string {
  return translator(locale)(`motions.seatAs.${seat.capacity}`, { body: seat.bodyName });
}

/** The example lines: every motion the seat still has to answer, with its first option counting "for". */
function exampleLines(ballot: LoadedBallot, numbers: number[], locale: Locale): string[] {
  const t = translator(locale);
  return numbers.map((n) => {
    const motion = ballot.motions.find((m) => m.number === n)!;
    const option = motion.options.find((o) => o.counts === "for") ?? motion.options[0]!;
    return `  ${t("email.howTo.line", { number: n, choice: optionLabel(option, locale) })}`;
  });
}

/** The options, once when all motions offer the same, else per motion. */
function optionLines(ballot: LoadedBallot, locale: Locale): string[] {
  const t = translator(locale);
  const label = (m: LoadedBallot["motions"][number]) => m.options.map((o) => optionLabel(o, locale)).join(t("email.howTo.separator"));
  const distinct = new Set(ballot.motions.map(label));
  if (distinct.size === 1) return [t("email.howTo.options", { options: [...distinct][0] })];
  return ballot.motions.map((m) => t("email.howTo.optionsOf", { number: m.number, options: label(m) }));
}

export function votingSection(input: VotingSectionInput, locale: Locale): Block[] {
  const { ballot, seat, zone, current } = input;
  const t = translator(locale);
  const blocks: Block[] = [
    {
      type: "fields",
      fields: [
        { label: t("motions.fields.ballot"), value: ballotLabel(ballot) },
        { label: t("motions.fields.organ"), value: ballot.organName },
        { label: t("motions.fields.seat"), value: seatLabel(seat, locale) },
        { label: t("motions.fields.deadline"), value: formatInstant(ballot.deadline, zone, locale) },
      ],
    },
  ];
  const open: number[] = [];
  for (const motion of ballot.motions) {
    const lines = [`■ ${motionLabel(motion, t)}`];
    if (motion.text) lines.push(motion.text);
    for (const a of motion.attachments) lines.push(`📎 ${a.label} ${a.url}`);
    if (motion.recusedSeatIds.has(seat.seatId)) lines.push(t("motions.recusedHere"));
    else {
      const vote = current.get(motion.number);
      if (vote) lines.push(t("motions.current", { choice: choiceLabel(motion.options, vote, locale) }));
      else open.push(motion.number);
    }
    blocks.push({ type: "text", text: lines.join("\n") });
  }
  const voteable = ballot.motions.filter((m) => !m.recusedSeatIds.has(seat.seatId)).map((m) => m.number);
  const asked = open.length > 0 ? open : voteable;
  const allFor = ballot.motions.every((m) => m.options.filter((o) => o.counts === "for").length === 1);
  const howTo = [
    t("email.howTo.intro"),
    ...exampleLines(ballot, asked, locale),
    ...(allFor && voteable.length > 1 ? [t("email.howTo.allFor")] : []),
    ...optionLines(ballot, locale),
    t("email.howTo.quotes"),
    t(ballot.rules.allowChange ? "email.howTo.canChange" : "email.howTo.final", { deadline: formatInstant(ballot.deadline, zone, locale) }),
  ];
  blocks.push({ type: "header", text: t("email.howTo.header") }, { type: "text", text: howTo.join("\n") });
  blocks.push({ type: "context", text: [t("motions.rules.title"), ...describeRules(ballot.rules, t).map((r) => `・${r}`)].join("\n") });
  blocks.push({ type: "context", text: t("email.howTo.personal", { seat: seatLabel(seat, locale), number: ballot.number }) });
  return blocks;
}
