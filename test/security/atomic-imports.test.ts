// `bodies import` and `usage import` with rejected rows used to write the valid rows while exiting 1.
// Now all or nothing by default (the report says nothing was written); --skip-invalid writes the valid
// rows on purpose.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-command.ts";
import { tempDatabaseUrl } from "../support/test-kyodo.ts";

const { dir, databaseUrl } = tempDatabaseUrl();
const env = { DATABASE_URL: databaseUrl, KYODO_COUNCIL: "chiba" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function figuresOf2030(): Promise<number> {
  const db = createClient({ url: databaseUrl });
  try {
    const result = await db.execute('SELECT count(*) AS n FROM "UsageFigure" WHERE "fiscalYear" = 2030');
    return Number(result.rows[0]!.n);
  } finally {
    db.close();
  }
}

describe("atomic imports", () => {
  it("usage import: one bad row and nothing is written; --skip-invalid writes the rest", async () => {
    expect((await runCli(["demo"], env)).code).toBe(0);
    const file = join(dir, "usage.csv");
    writeFileSync(
      file,
      [
        "system,body,period,metric,channel,value",
        "e-procurement,千葉市,2030-04,bids_opened,,7",
        "e-procurement,千葉都,2030-04,bids_opened,,5",
      ].join("\n"),
    );
    const refused = await runCli(["usage", "import", file], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("何も取り込んでいません");
    expect(refused.stdout).toContain(`${file}:3:`);
    expect(await figuresOf2030()).toBe(0);

    const partial = await runCli(["usage", "import", file, "--skip-invalid"], env);
    expect(partial.code).toBe(1);
    expect(partial.stdout).not.toContain("何も取り込んでいません");
    expect(partial.stdout).toContain("エラー 1行");
    expect(await figuresOf2030()).toBe(1);
  });

  it("bodies import: a file with one bad row changes nothing", async () => {
    const file = join(dir, "bodies.csv");
    writeFileSync(file, ["code,name,kind", "122246,鎌ケ谷市改,city", "121003,偽市,city"].join("\n"));
    const refused = await runCli(["bodies", "import", file], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("何も取り込んでいません");
    expect((await runCli(["bodies", "list"], env)).stdout).not.toContain("鎌ケ谷市改");
  });
});
