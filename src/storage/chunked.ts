// SQLite bounds the variables of one statement (Prisma refuses more than 999 with "query parameter limit
// exceeded", P2029), so a query over an id list — a national council's 1,788 bodies, its tens of
// thousands of staff — is run over slices of the list and the results joined. Use these wherever an
// `id: { in: list }` can grow with the council.

/** Ids per query: well under SQLite's limit, leaving room for the query's other parameters (and for
 *  the second query Prisma runs for an `include`). */
export const IDS_PER_QUERY = 500;

/** Splits a list into slices of at most `size` (duplicates removed). */
export function slices<T>(items: Iterable<T>, size = IDS_PER_QUERY): T[][] {
  const unique = [...new Set(items)];
  const out: T[][] = [];
  for (let i = 0; i < unique.length; i += size) out.push(unique.slice(i, i + size));
  return out;
}

/** Runs a find over each slice of `ids` and joins the rows (in slice order). */
export async function findInSlices<I, R>(ids: Iterable<I>, find: (slice: I[]) => Promise<R[]>, size = IDS_PER_QUERY): Promise<R[]> {
  const rows: R[] = [];
  for (const slice of slices(ids, size)) rows.push(...(await find(slice)));
  return rows;
}

/** Runs an updateMany (or deleteMany) over each slice of `ids`; returns the total count. */
export async function updateInSlices<I>(
  ids: Iterable<I>,
  update: (slice: I[]) => Promise<{ count: number }>,
  size = IDS_PER_QUERY,
): Promise<number> {
  let count = 0;
  for (const slice of slices(ids, size)) count += (await update(slice)).count;
  return count;
}
