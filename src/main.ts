// `npm start`: Kyodo on its embedded default — SQLite file, demo council, HTTP server and a console chat
// in this terminal. `--as <person>` picks who you are, `--list-people` shows who you can be,
// `--user <id>` speaks as a chat user not yet linked, `--no-console` runs the server alone.
import { parseArgs } from "node:util";
import { ConsoleAdapter } from "./adapters/console/console-adapter.ts";
import { renderTable } from "./adapters/shared/render-plain-text.ts";
import { startKyodo, stopOnSignals, type Kyodo } from "./app.ts";
import { ConfigError, loadConfig } from "./config/config.ts";
import { createLogger } from "./config/logger.ts";
import { installProcessGuards } from "./config/process-guards.ts";
import { linkIdentityDirectly } from "./domain/identities/link-identity.ts";
import { listPeople } from "./domain/people/find-person.ts";
import { bilingual, translator } from "./engine/i18n.ts";
import { UserError } from "./lib/user-error.ts";

const USAGE = `Usage: npm start -- [--as <person>] [--user <chat-user-id>] [--list-people] [--no-console]`;

async function listPeopleText(kyodo: Kyodo): Promise<string> {
  const people = await listPeople(kyodo.db, kyodo.council.id);
  const rows = people.map((p) => [
    p.handle,
    p.displayName,
    p.memberships.map((m) => m.body.name).join("、"),
    p.roles
      .map((r) => r.role)
      .sort()
      .join(","),
  ]);
  return renderTable(["--as", "name / 氏名", "bodies / 所属団体", "roles / 役割"], rows);
}

async function runConsole(kyodo: Kyodo, as: string | undefined, user: string | undefined): Promise<void> {
  const people = await listPeople(kyodo.db, kyodo.council.id);
  let userId = user ?? "console-user";
  let intro: string;
  const defaultPerson = people.find((p) => p.roles.some((r) => r.role === "secretariat")) ?? people[0];
  const handle = user ? undefined : (as ?? defaultPerson?.handle);
  const t = translator(people.find((p) => p.handle === handle)?.locale === "en" ? "en" : "ja");
  if (handle) {
    const person = people.find((p) => p.handle === handle.toLowerCase());
    if (!person) throw new UserError("console.unknownPerson", { handle });
    // The console's operator already holds the database, so acting as a person needs no enrolment code.
    userId = `as:${person.handle}`;
    await linkIdentityDirectly(kyodo.db, { platform: "console", workspace: "local", externalUserId: userId }, person.id, "system:console");
    intro = t("console.actingAs", { name: person.displayName });
  } else {
    intro = t("console.unlinked", { user: userId });
  }
  const adapter = new ConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    userId,
    texts: { choiceHint: t("console.choiceHint"), bye: t("console.bye") },
    echo: !process.stdin.isTTY,
  });
  process.stdout.write(`${t("console.welcome", { council: kyodo.council.name })}\n${intro}\n`);
  kyodo.outbox.register(adapter);
  await adapter.start((event) => kyodo.engine.handle(event));
  await adapter.finished();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      as: { type: "string" },
      user: { type: "string" },
      "list-people": { type: "boolean", default: false },
      "no-console": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  const wantsConsole = !values["no-console"] && !values["list-people"];
  // At an interactive console, JSON log lines would interleave with the chat; they go to a file instead.
  const logFile = config.LOG_FILE ?? (wantsConsole && process.stdin.isTTY ? "./data/kyodo.log" : undefined);
  const logger = createLogger(config.LOG_LEVEL, logFile);
  installProcessGuards(logger);
  if (logFile && wantsConsole) process.stdout.write(`${bilingual("console.logFile", { file: logFile })}\n`);
  // The inbox's work runs in a worker thread, so acknowledgements never wait behind it (issue #15);
  // KYODO_INBOX_THREAD=off keeps it on the main thread (benchmarks compare the two). KYODO_INBOX_WRITE_THREAD=on
  // moves the inbox file's commits (SQLite) to a thread of their own: measured, not better on two busy cores.
  const serving = !values["list-people"];
  const writeThread = process.env.KYODO_INBOX_WRITE_THREAD === "on";
  const inboxThread = serving && process.env.KYODO_INBOX_THREAD !== "off" ? { logFile, writeThread } : false;
  const kyodo = await startKyodo(config, logger, { http: serving, inboxThread });
  stopOnSignals(kyodo, logger);
  if (values["list-people"]) {
    process.stdout.write(`${await listPeopleText(kyodo)}\n`);
    await kyodo.close();
    return;
  }
  if (wantsConsole) {
    await runConsole(kyodo, values.as, values.user);
    await kyodo.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if (error instanceof UserError) process.stderr.write(`${bilingual(error.key, error.vars)}\n`);
  else if ((error as { code?: string }).code === "EADDRINUSE")
    process.stderr.write(`${bilingual("startup.portInUse", { port: process.env.PORT ?? 3000 })}\n`);
  else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
