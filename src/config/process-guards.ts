// A promise that rejects with nobody listening must not take the whole server down: one bad request or
// one failing job would otherwise stop every council's chat. Node's default for an unhandled rejection
// is to exit; Kyodo logs it as an error instead and keeps serving. (A thrown exception outside any
// promise still ends the process: its state is unknown, and the service manager restarts it.)
import type { Logger } from "pino";

let installed: ((reason: unknown) => void) | undefined;

export function installProcessGuards(logger: Logger): void {
  if (installed) process.off("unhandledRejection", installed);
  installed = (reason: unknown) => {
    logger.error({ err: reason }, "unhandled rejection (logged; the server keeps running)");
  };
  process.on("unhandledRejection", installed);
}
