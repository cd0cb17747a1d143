// `npm run kyodo -- <command>`: the secretariat's command line. Every command has --help.
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/config.ts";
import { bilingual } from "../engine/i18n.ts";
import { StoredJsonError } from "../lib/json-column.ts";
import { UserError } from "../lib/user-error.ts";
import { registerBroadcastCommands } from "./commands-broadcasts.ts";
import { registerCouncilCommands } from "./commands-council.ts";
import { registerEmailCommands } from "./commands-email.ts";
import { registerMotionCommands } from "./commands-motions.ts";
import { registerOrganCommands } from "./commands-organs.ts";
import { registerPeopleCommands } from "./commands-people.ts";
import { registerUsageCommands } from "./commands-usage.ts";
import { registerSurveyCommands } from "./commands-surveys.ts";
import { registerCandidateCommands } from "./commands-candidates.ts";
import { registerDeliveryCommands } from "./commands-deliveries.ts";
import { registerInboxCommands } from "./commands-inbox.ts";
import { registerWebCommands } from "./commands-web.ts";
import { registerBulkCommands } from "./commands-bulk.ts";

export function buildProgram(): Command {
  const program = new Command("kyodo")
    .description("Kyodo（共同）事務局用コマンド / the secretariat's command line")
    .showHelpAfterError()
    .exitOverride();
  registerCouncilCommands(program);
  registerPeopleCommands(program);
  registerOrganCommands(program);
  registerSurveyCommands(program);
  registerBroadcastCommands(program);
  registerUsageCommands(program);
  registerMotionCommands(program);
  registerEmailCommands(program);
  registerCandidateCommands(program);
  registerDeliveryCommands(program);
  registerInboxCommands(program);
  registerWebCommands(program);
  registerBulkCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof UserError) process.stderr.write(`${bilingual(error.key, error.vars)}\n`);
    // A stored row that cannot be read is named, with what to do, rather than shown as a stack trace.
    else if (error instanceof StoredJsonError) process.stderr.write(`${bilingual("results.unreadable.cli", { where: error.where })}\n`);
    else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `kyodo audit list | head`: the reader left; that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.exitCode = await runCli(process.argv.slice(2));
}
