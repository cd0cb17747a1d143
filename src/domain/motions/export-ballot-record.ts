// The per-seat record of a ballot for the secretariat's files: one row per seat and motion with the
// counted vote, who cast it, as what, from which channel, when, and its receipt code; plus the results and
// the full history of every vote row (changes and stale votes included). CSV (UTF-8 with a BOM so Excel
// detects it, or Shift_JIS for older Excel) or an XLSX workbook.
import { loadExcel } from "../../lib/load-on-first-use.ts";
import { DateTime } from "luxon";
import { translator, type Locale } from "../../engine/i18n.ts";
import { encodeCsv, toCsv, type EncodedCsv } from "../../lib/table-export.ts";
import type { DbOrTx } from "../../storage/database.ts";
import { choiceLabel, motionLabel, outcomeLabel } from "./ballot-text.ts";
import { recordedResults } from "./close-ballot.ts";
import { isInvalidVote } from "./counted-vote.ts";
import type { LoadedBallot } from "./find-ballot.ts";
import type { TallyResult } from "./tally.ts";
import { findInSlices } from "../../storage/chunked.ts";

export type Table = { header: string[]; rows: string[][] };

const time = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd HH:mm:ss");

export async function ballotRecordTables(db: DbOrTx, ballot: LoadedBallot, zone: string, locale: Locale = "ja") {
  const t = translator(locale);
  const col = (key: string) => t(`motions.export.${key}`);
  const votes = await db.motionVote.findMany({ where: { ballotId: ballot.id }, orderBy: [{ castAt: "asc" }, { id: "asc" }] });
  const seats = await findInSlices(
    ballot.roll.map((r) => r.seatId),
    (ids) => db.seat.findMany({ where: { id: { in: ids } }, include: { body: true } }),
  );
  const people = await findInSlices(
    votes.map((v) => v.personId),
    (ids) => db.person.findMany({ where: { id: { in: ids } } }),
  );
  const seatById = new Map(seats.map((s) => [s.id, s]));
  const personName = new Map(people.map((p) => [p.id, p.displayName]));
  const roll = [...ballot.roll].sort((a, b) =>
    (seatById.get(a.seatId)?.body.code ?? "999999").localeCompare(seatById.get(b.seatId)?.body.code ?? "999999"),
  );
  const tallies = new Map(recordedResults(ballot).map((r) => [r.motion.id, r.tally] as [string, TallyResult]));
  const yes = col("yes");
  // A vote for an option the motion does not have is written as invalid, never as if it were an option.
  const choiceText = (motion: LoadedBallot["motions"][number], choice: string) =>
    isInvalidVote(motion, { choice }) ? t("results.invalid.export", { choice }) : choiceLabel(motion.options, choice, locale);

  const record: Table = {
    header: [
      "ballot",
      "motion",
      "bodyCode",
      "body",
      "seatRole",
      "choice",
      "deemed",
      "recused",
      "voter",
      "capacity",
      "channel",
      "castAt",
      "receipt",
      "version",
      "stale",
      "outcome",
    ].map(col),
    rows: [],
  };
  // Looked up by key rather than searched per row: a national organ has 1,788 seats, and a search per seat and
  // motion through every vote made the record quadratic.
  const currentVote = new Map(votes.filter((v) => v.current).map((v) => [`${v.motionId}:${v.seatId}`, v]));
  for (const motion of ballot.motions) {
    const tally = tallies.get(motion.id);
    const deemedSeats = new Set(tally?.seats.filter((s) => s.deemed).map((s) => s.seatId));
    for (const entry of roll) {
      const seat = seatById.get(entry.seatId);
      const vote = currentVote.get(`${motion.id}:${entry.seatId}`);
      const deemed = deemedSeats.has(entry.seatId);
      record.rows.push([
        String(ballot.number),
        motionLabel(motion, t),
        seat?.body.code ?? "",
        seat?.body.name ?? "",
        t(`seatRoles.${entry.role}`),
        vote ? choiceText(motion, vote.choice) : "",
        deemed ? yes : "",
        motion.recusedSeatIds.has(entry.seatId) ? yes : "",
        vote ? (personName.get(vote.personId) ?? "") : "",
        vote ? t(`motions.capacity.${vote.capacity}`) : "",
        vote?.channel ?? "",
        vote ? time(vote.castAt, zone) : "",
        vote?.receipt ?? "",
        vote ? String(vote.motionVersion) : "",
        vote?.stale ? yes : "",
        outcomeLabel(motion.outcome, t),
      ]);
    }
  }

  const results: Table = {
    header: ["motion", "for", "deemedFor", "against", "abstain", "voted", "eligible", "quorum", "required", "outcome", "byChair"].map(col),
    rows: ballot.motions.map((motion) => {
      const r = tallies.get(motion.id);
      return [
        motionLabel(motion, t),
        ...(r
          ? [r.for, r.deemed, r.against, r.abstain, r.voted, r.eligible, r.quorumRequired, r.required].map(String)
          : ["", "", "", "", "", "", "", ""]),
        outcomeLabel(motion.outcome, t),
        r?.decidedByChair ? yes : "",
      ];
    }),
  };

  const motionOf = new Map(ballot.motions.map((m) => [m.id, m]));
  const history: Table = {
    header: [
      "castAt",
      "motion",
      "bodyCode",
      "body",
      "choice",
      "voter",
      "capacity",
      "channel",
      "receipt",
      "version",
      "current",
      "stale",
    ].map(col),
    rows: votes.map((v) => {
      const motion = motionOf.get(v.motionId)!;
      const seat = seatById.get(v.seatId);
      return [
        time(v.castAt, zone),
        motionLabel(motion, t),
        seat?.body.code ?? "",
        seat?.body.name ?? "",
        choiceText(motion, v.choice),
        personName.get(v.personId) ?? "",
        t(`motions.capacity.${v.capacity}`),
        v.channel,
        v.receipt,
        String(v.motionVersion),
        v.current ? yes : "",
        v.stale ? yes : "",
      ];
    }),
  };
  return { record, results, history };
}

export async function exportBallotRecord(
  db: DbOrTx,
  ballot: LoadedBallot,
  options: { format: "csv" | "xlsx"; encoding?: "utf8" | "sjis"; zone: string; locale?: Locale },
): Promise<EncodedCsv> {
  const tables = await ballotRecordTables(db, ballot, options.zone, options.locale);
  if (options.format === "csv")
    return encodeCsv(toCsv([{ name: "record", columns: tables.record.header, rows: tables.record.rows }]), options.encoding ?? "utf8");
  const t = translator(options.locale ?? "ja");
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kyodo";
  for (const [name, table] of [
    [t("motions.export.sheetRecord"), tables.record],
    [t("motions.export.sheetResults"), tables.results],
    [t("motions.export.sheetHistory"), tables.history],
  ] as const) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow(table.header).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    table.header.forEach((h, i) => {
      const longest = Math.max(h.length, ...table.rows.map((r) => (r[i] ?? "").length));
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, longest * 2));
    });
  }
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), lost: [] };
}
