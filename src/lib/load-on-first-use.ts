// Libraries that only some requests need are loaded when first needed, not at start: each thread that
// would import them at start pays their memory whether or not anyone downloads a spreadsheet or mails a
// vote (measured alone: exceljs ~36 MB of RSS, mailauth ~43 MB, mailparser ~29 MB, nodemailer ~24 MB,
// smtp-server ~22 MB; a council without email never needs the last two; the server runs two
// threads with an engine each — scripts/bench-results/startup.json holds the idle RSS goal, < 250 MB).
// Each loader keeps its promise, so the module is imported once per thread.
import type ExcelJSModule from "exceljs";
import type * as MailAuthModule from "mailauth";
import type * as MailParserModule from "mailparser";
import type NodemailerModule from "nodemailer";
import type * as SmtpServerModule from "smtp-server";

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // a failed import may be retried (e.g. after the package is installed)
      throw error;
    });
    return loading;
  };
}

export const loadExcel: () => Promise<typeof ExcelJSModule> = once(async () => (await import("exceljs")).default);
export const loadMailParser: () => Promise<typeof MailParserModule> = once(() => import("mailparser"));
export const loadMailAuth: () => Promise<typeof MailAuthModule> = once(() => import("mailauth"));
export const loadNodemailer: () => Promise<typeof NodemailerModule> = once(async () => (await import("nodemailer")).default);
export const loadSmtpServer: () => Promise<typeof SmtpServerModule> = once(() => import("smtp-server"));
