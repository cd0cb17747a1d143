// Registers the council's people from a spreadsheet, all or nothing: every row is checked first (handle,
// name, e-mail, language, role, the body they work for) and one problem anywhere writes nothing, each
// named by its line. Then one transaction creates the new people, their roles and staff memberships in
// chunks (a 2,000-person council takes seconds, not 2,000 commands) and updates those already registered
// under the same handle; one audit entry records the import.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { normalizeInput } from "../../lib/japanese/normalize.ts";
import type { Db } from "../../storage/database.ts";
import { findInSlices } from "../../storage/chunked.ts";
import { appendAuditEntry } from "../audit/append-audit-entry.ts";
import { bodyLookup, createInChunks, readFlag, readImportRows, type ImportOutcome, type RowProblem } from "../bulk/row-problems.ts";
import { personInputSchema, ROLES } from "./add-person.ts";

export const PEOPLE_COLUMNS: Record<string, string> = {
  handle: "handle",
  ハンドル: "handle",
  id: "handle",
  name: "name",
  displayname: "name",
  氏名: "name",
  名前: "name",
  body: "body",
  団体: "body",
  所属: "body",
  所属団体: "body",
  団体コード: "body",
  email: "email",
  メール: "email",
  メールアドレス: "email",
  role: "role",
  roles: "role",
  役割: "role",
  locale: "locale",
  language: "locale",
  言語: "locale",
  primary: "primary",
  主担当: "primary",
};

const ROLE_WORDS: Record<string, (typeof ROLES)[number]> = {
  secretariat: "secretariat",
  事務局: "secretariat",
  admin: "admin",
  管理者: "admin",
};
const LOCALE_WORDS: Record<string, "ja" | "en"> = { "": "ja", ja: "ja", 日本語: "ja", en: "en", english: "en", 英語: "en" };

interface PersonRow {
  line: number;
  handle: string;
  displayName: string;
  email: string | null;
  locale: "ja" | "en";
  roles: Array<(typeof ROLES)[number]>;
  bodyId: string | null;
  primary: boolean;
}

export interface PeopleImportReport {
  created: number;
  updated: number;
  unchanged: number;
}

function checkRow(
  cells: Record<string, string>,
  line: number,
  body: (text: string) => { id: string } | undefined,
): PersonRow | RowProblem[] {
  const problems: RowProblem[] = [];
  const handle = normalizeInput(cells.handle ?? "").toLowerCase();
  if (!personInputSchema.shape.handle.safeParse(handle).success) problems.push({ line, key: "bulk.people.badHandle", vars: { handle } });
  const displayName = normalizeInput(cells.name ?? "").trim();
  if (displayName.length === 0 || displayName.length > 100) problems.push({ line, key: "bulk.people.badName", vars: {} });
  const email = (cells.email ?? "").trim();
  if (email && !z.email().safeParse(email).success) problems.push({ line, key: "bulk.people.badEmail", vars: { email } });
  const locale = LOCALE_WORDS[normalizeInput(cells.locale ?? "").toLowerCase()];
  if (!locale) problems.push({ line, key: "bulk.people.badLocale", vars: { locale: cells.locale } });
  const roles: PersonRow["roles"] = [];
  for (const word of (cells.role ?? "").split(/[\s,;、・/]+/).filter(Boolean)) {
    const role = ROLE_WORDS[normalizeInput(word).toLowerCase()];
    if (role) roles.push(role);
    else problems.push({ line, key: "bulk.people.badRole", vars: { role: word, roles: ROLES.join(", ") } });
  }
  let bodyId: string | null = null;
  if (cells.body) {
    const found = body(cells.body);
    if (found) bodyId = found.id;
    else problems.push({ line, key: "bulk.bodyNotFound", vars: { body: cells.body } });
  }
  if (problems.length > 0) return problems;
  return {
    line,
    handle,
    displayName,
    email: email || null,
    locale: locale!,
    roles: [...new Set(roles)],
    bodyId,
    primary: readFlag(cells.primary ?? ""),
  };
}

export async function importPeople(db: Db, councilId: string, csv: string, actor: string): Promise<ImportOutcome<PeopleImportReport>> {
  const rows = readImportRows(csv, PEOPLE_COLUMNS, ["handle", "name"]);
  const body = await bodyLookup(db, councilId);
  const problems: RowProblem[] = [];
  const people: PersonRow[] = [];
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const checked = checkRow(row.cells, row.line, body);
    if (Array.isArray(checked)) {
      problems.push(...checked);
      continue;
    }
    const seen = firstLine.get(checked.handle);
    if (seen !== undefined) problems.push({ line: row.line, key: "bulk.people.duplicate", vars: { handle: checked.handle, first: seen } });
    else firstLine.set(checked.handle, row.line);
    people.push(checked);
  }
  // A row for someone who left (retirePerson) would give them roles and a body again: the file is out of date.
  const retired = await findInSlices(
    people.map((p) => p.handle),
    (handles) => db.person.findMany({ where: { councilId, handle: { in: handles }, retiredAt: { not: null } }, select: { handle: true } }),
  );
  for (const { handle } of retired)
    problems.push({ line: firstLine.get(handle) ?? 0, key: "consolePeople.importRetired", vars: { handle } });
  if (problems.length > 0) return { written: false, problems };

  const report: PeopleImportReport = { created: 0, updated: 0, unchanged: 0 };
  await db.$transaction(
    async (tx) => {
      const existing = await findInSlices(
        people.map((p) => p.handle),
        (handles) =>
          tx.person.findMany({
            where: { councilId, handle: { in: handles } },
            include: { roles: true, memberships: { where: { endedAt: null } } },
          }),
      );
      const byHandle = new Map(existing.map((p) => [p.handle, p]));
      const newPeople: Array<{ id: string; councilId: string; handle: string; displayName: string; email: string | null; locale: string }> =
        [];
      const roles: Array<{ personId: string; role: string }> = [];
      const memberships: Array<{ personId: string; bodyId: string; primaryContact: boolean }> = [];
      for (const row of people) {
        const known = byHandle.get(row.handle);
        const personId = known?.id ?? randomUUID();
        if (!known) {
          newPeople.push({
            id: personId,
            councilId,
            handle: row.handle,
            displayName: row.displayName,
            email: row.email,
            locale: row.locale,
          });
          report.created += 1;
        }
        let changed = false;
        if (known && (known.displayName !== row.displayName || known.email !== row.email || known.locale !== row.locale)) {
          await tx.person.update({ where: { id: known.id }, data: { displayName: row.displayName, email: row.email, locale: row.locale } });
          changed = true;
        }
        for (const role of row.roles)
          if (!known?.roles.some((r) => r.role === role)) {
            roles.push({ personId, role });
            changed = true;
          }
        if (row.bodyId && !known?.memberships.some((m) => m.bodyId === row.bodyId)) {
          memberships.push({ personId, bodyId: row.bodyId, primaryContact: row.primary });
          changed = true;
        }
        if (known) report[changed ? "updated" : "unchanged"] += 1;
      }
      await createInChunks(newPeople, (data) => tx.person.createMany({ data }));
      await createInChunks(roles, (data) => tx.personRole.createMany({ data }));
      await createInChunks(memberships, (data) => tx.staffMembership.createMany({ data }));
      await appendAuditEntry(tx, {
        actor,
        action: "people.import",
        subject: `council:${councilId}`,
        payload: { ...report, handles: newPeople.map((p) => p.handle), roles: roles.length, memberships: memberships.length },
      });
    },
    { timeout: 120_000 },
  );
  return { written: true, report };
}
