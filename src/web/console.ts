// The secretariat's web console under /console/ on Kyodo's HTTP server (issue #20). Sign-in is by a one-time
// link from chat or the CLI (never a password); every page checks the session and the person's role on the server,
// every form carries the session's CSRF token, and every change runs the same domain use case chat and the CLI
// run, inside withAuditChannel("web") so its audit entry names the console.
import { readFileSync } from "node:fs";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { html } from "hono/html";
import type { Logger } from "pino";
import { endConsoleSession, findConsoleSession, redeemConsoleLink } from "../domain/access/console-sign-in.ts";
import { SECRETARIAT_ROLES, type Action } from "../domain/access/policy.ts";
import { withAuditChannel } from "../domain/audit/audit-channel.ts";
import type { TrackerRegistry } from "../domain/reminders/response-tracker.ts";
import { isLocale, translator, type Translate } from "../engine/i18n.ts";
import { StoredJsonError } from "../lib/json-column.ts";
import { UserError } from "../lib/user-error.ts";
import type { Db } from "../storage/database.ts";
import { clearSessionCookie, csrfMatches, csrfToken, readCookie, SESSION_COOKIE, setSessionCookie } from "./console-session.ts";
import { permitted, type ConsoleRequest } from "./console-request.ts";
import { csrfField, page, type Html, type PageContent, type PageView } from "./layout.ts";
import { memberHome, secretariatHome } from "./pages/home.ts";
import { registerSurveyRoutes } from "./pages/survey-page.ts";
import { registerSurveyCreateRoutes } from "./pages/survey-create.ts";
import { registerBallotRoutes } from "./pages/ballot-page.ts";
import { registerBallotCreateRoutes } from "./pages/ballot-create.ts";
import { registerAuditRoutes } from "./pages/audit-page.ts";
import { registerCandidateActionRoutes } from "./pages/candidate-actions.ts";
import { registerChatViews } from "./pages/chat-views.ts";
import { registerUsageActionRoutes } from "./pages/usage-actions.ts";
import { registerMailReviewRoutes } from "./pages/mail-review.ts";
import { registerInboxRoutes } from "./pages/inbox-page.ts";
import { registerInquiryCreateRoutes } from "./pages/inquiry-create.ts";
import { registerInquiryRoutes } from "./pages/inquiry-page.ts";
import { registerBroadcastRoutes } from "./pages/broadcast-page.ts";
import { MAX_UPLOAD_BYTES, registerImportRoutes } from "./pages/imports-page.ts";
import { registerCodesRoutes } from "./pages/codes-page.ts";
import { registerPeopleRoutes } from "./pages/people-page.ts";
import { registerPersonActionRoutes } from "./pages/person-actions.ts";
import { registerOrganRoutes } from "./pages/organs-page.ts";
import { registerMoneyActionRoutes } from "./pages/money-actions.ts";
import { isMultipart, parseMultipart } from "./multipart.ts";
import { inBothLanguages } from "./problems.ts";
import { UnreadableRows } from "./unreadable.ts";

export interface ConsoleDeps {
  db: Db;
  logger: Logger;
  trackers: TrackerRegistry;
  clock?: () => Date;
  defaultLocale: "ja" | "en";
}

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  "console.css": { type: "text/css; charset=utf-8", body: readFileSync(new URL("./assets/console.css", import.meta.url)) },
  "console.js": { type: "text/javascript; charset=utf-8", body: readFileSync(new URL("./assets/console.js", import.meta.url)) },
};

/** A text field of a posted form ("" when absent): the body parser gives untyped values. */
export function field(http: Request, name: string): string {
  const body = http.body as Record<string, unknown> | undefined;
  const value = body?.[name];
  return typeof value === "string" ? value : "";
}

/** Kinds of "done" notices a redirect after an action may show, with their text (anything else in ?done= is ignored). */
const DONE = new Map<string, string>([
  ...["extended", "closed", "reminded", "created", "surveyCreated"].map((kind): [string, string] => [kind, `web.done.${kind}`]),
  ...["broadcastCreated", "broadcastCancelled", "broadcastRetried", "imported", "shareSaved", "settlementSaved"].map(
    (kind): [string, string] => [kind, `webmore.done.${kind}`],
  ),
  ...[
    "inquiryCreated",
    "answerRecorded",
    "candidateProposed",
    "candidateEdited",
    "candidateUnchanged",
    "candidateArchived",
    "candidateRestored",
    "candidateShortlisted",
    "candidateWithdrawn",
    "interestRecorded",
    "systemSaved",
    "mailRecorded",
    "mailDismissed",
    "inboxRetried",
    "usageRecorded",
  ].map((kind): [string, string] => [kind, `console2.done.${kind}`]),
  ...[
    ...["personAdded", "personEdited", "personUnchanged", "membershipAdded", "membershipEnded", "roleGranted", "roleRevoked"],
    ...["roleUnchanged", "aliasAdded", "aliasExists", "aliasRemoved", "aliasMissing", "personRetired", "seatAssigned", "seatRemoved"],
  ].map((kind): [string, string] => [kind, `consolePeople.done.${kind}`]),
]);

export type ConsoleHandler = (req: ConsoleRequest, http: Request, res: Response) => Promise<void>;

export interface ConsoleRoutes {
  get(path: string, handler: ConsoleHandler): void;
  post(path: string, handler: ConsoleHandler): void;
}

export async function sendPage(res: Response, req: Pick<ConsoleRequest, "view">, content: PageContent, status = 200): Promise<void> {
  res
    .status(status)
    .type("html")
    .send(String(await page(req.view, content)));
}

function anonymousView(t: Translate, locale: string): PageView {
  return { t, locale, csrf: "", secretariat: false };
}

/** A "done" notice from the redirect after an action, when it is one we know. */
export function doneNotice(req: ConsoleRequest, http: Request): PageContent["notice"] {
  const done = typeof http.query.done === "string" ? http.query.done : "";
  const key = DONE.get(done);
  return key ? { kind: "ok", text: req.t(key) } : undefined;
}

export function mountConsole(app: Express, deps: ConsoleDeps): void {
  const router = express.Router();
  const now = () => deps.clock?.() ?? new Date();
  const anonT = translator(deps.defaultLocale);
  const unreadable = new UnreadableRows(deps.logger);

  router.use((_req, res, next) => {
    res.setHeader(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });
  router.get("/assets/:file", (req, res) => {
    const asset = ASSETS[req.params.file ?? ""];
    if (!asset) return void res.status(404).end();
    res.type(asset.type).setHeader("Cache-Control", "public, max-age=3600").send(asset.body);
  });
  // Large bodies only where a file comes: the upload itself (multipart), and its confirmation, which carries the
  // file back as base64 in a hidden field. Every other form keeps the small limit (a parser skips a parsed body).
  router.use("/imports/check", express.raw({ type: "multipart/form-data", limit: "6mb" }));
  router.use("/imports/confirm", express.urlencoded({ extended: false, limit: "8mb" }));
  router.use(express.urlencoded({ extended: false, limit: "2mb" }));
  router.use(async (req, res, next) => {
    if (!isMultipart(req) || !Buffer.isBuffer(req.body)) return next();
    const form = await parseMultipart(req.body, req.header("content-type") ?? "");
    req.body = form?.fields ?? {};
    res.locals.uploads = form?.files ?? {};
    next();
  });
  // A body over the parsers' limits never reaches a page: say so here, before the session is read.
  router.use(async (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((error as { type?: string } | undefined)?.type !== "entity.too.large") return next(error);
    const locale = { locale: deps.defaultLocale };
    await sendPage(
      res,
      { view: anonymousView(anonT, deps.defaultLocale) },
      {
        title: anonT("webmore.import.title"),
        notice: { kind: "error", text: inBothLanguages(locale, "webmore.import.tooLarge", { max: MAX_UPLOAD_BYTES / 1024 / 1024 }) },
        body: html``,
      },
      413,
    );
  });
  router.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  // Opening the link shows a button; only pressing it uses the link. Link previews (Slack unfurling, mail
  // scanners) fetch the address with GET and would otherwise spend the one-time link before the person does.
  router.get("/sign-in", async (req, res) => {
    const token = typeof req.query.token === "string" ? req.query.token : "";
    await sendPage(
      res,
      { view: anonymousView(anonT, deps.defaultLocale) },
      {
        title: anonT("web.signIn.title"),
        body: html`<form method="post" action="/console/sign-in">
          <input type="hidden" name="token" value="${token}" />
          <p>${anonT("web.signIn.intro")}</p>
          <button type="submit">${anonT("web.signIn.button")}</button>
        </form>`,
      },
    );
  });
  router.post("/sign-in", async (req, res) => {
    const token = field(req, "token");
    const signedIn = await redeemConsoleLink(deps.db, token, now());
    if (!signedIn) {
      await sendPage(
        res,
        { view: anonymousView(anonT, deps.defaultLocale) },
        { title: anonT("web.signIn.title"), notice: { kind: "error", text: anonT("web.signIn.invalid") }, body: html`` },
        400,
      );
      return;
    }
    setSessionCookie(req, res, signedIn.sessionToken);
    res.redirect(303, "/console/");
  });

  // Everything below needs a session.
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const token = readCookie(req, SESSION_COOKIE) ?? "";
    const person = token ? await findConsoleSession(deps.db, token, now()) : undefined;
    if (!person) {
      await sendPage(
        res,
        { view: anonymousView(anonT, deps.defaultLocale) },
        { title: anonT("web.signIn.title"), notice: { kind: "error", text: anonT("web.signIn.needed") }, body: html`` },
        401,
      );
      return;
    }
    if (req.method === "POST" && !csrfMatches(token, field(req, "_csrf"))) {
      deps.logger.warn({ path: req.path, person: person.personId }, "console form without a valid CSRF token refused");
      await sendPage(
        res,
        { view: anonymousView(anonT, deps.defaultLocale) },
        { title: anonT("web.csrf.title"), notice: { kind: "error", text: anonT("web.csrf.refused") }, body: html`` },
        403,
      );
      return;
    }
    const locale = isLocale(person.locale) ? person.locale : deps.defaultLocale;
    const t = translator(locale);
    const council = await deps.db.council.findUniqueOrThrow({ where: { id: person.councilId } });
    const secretariat = person.roles.some((r) => SECRETARIAT_ROLES.includes(r));
    const consoleRequest: ConsoleRequest = {
      db: deps.db,
      logger: deps.logger,
      trackers: deps.trackers,
      person,
      councilId: person.councilId,
      zone: council.timezone,
      locale,
      t,
      now: now(),
      view: { t, locale, csrf: csrfToken(token), who: person.displayName, secretariat },
      actor: `person:${person.personId}`,
      unreadable,
    };
    res.locals.console = consoleRequest;
    next();
  });

  const wrap =
    (handler: ConsoleHandler, post: boolean) =>
    async (req: Request, res: Response): Promise<void> => {
      const consoleRequest = res.locals.console as ConsoleRequest;
      try {
        if (post) await withAuditChannel("web", () => handler(consoleRequest, req, res));
        else await handler(consoleRequest, req, res);
      } catch (error) {
        if (error instanceof StoredJsonError) return unreadablePage(consoleRequest, res, error);
        if (!(error instanceof UserError)) throw error;
        await sendPage(
          res,
          consoleRequest,
          {
            title: consoleRequest.t("web.error.title"),
            // In the person's language, then the other: what was sent may be someone else's file or draft.
            notice: { kind: "error", text: inBothLanguages(consoleRequest, error.key, error.vars) },
            body: html``,
          },
          400,
        );
      }
    };
  const routes: ConsoleRoutes = {
    get: (path, handler) => void router.get(path, wrap(handler, false)),
    post: (path, handler) => void router.post(path, wrap(handler, true)),
  };

  routes.get("/", async (req, _http, res) => {
    const body: Html = req.view.secretariat ? await secretariatHome(req) : await memberHome(req);
    await sendPage(res, req, { title: req.t("web.home.title"), body });
  });
  routes.post("/sign-out", async (req, http, res) => {
    await endConsoleSession(req.db, req.person, req.now);
    clearSessionCookie(http, res);
    await sendPage(
      res,
      { view: anonymousView(req.t, req.locale) },
      { title: req.t("web.signOut"), body: html`<p>${req.t("web.signedOut")}</p>` },
    );
  });
  // /surveys/new before /surveys/:number.
  registerSurveyCreateRoutes(routes);
  registerSurveyRoutes(routes);
  // /ballots/new before /ballots/:number, which would take "new" for a number.
  registerBallotCreateRoutes(routes);
  registerBallotRoutes(routes);
  registerAuditRoutes(routes);
  // /money/shares/new before chat's /money/shares/:number.
  registerMoneyActionRoutes(routes);
  // /inquiries/new before /inquiries/:number.
  registerInquiryCreateRoutes(routes);
  registerInquiryRoutes(routes);
  // /candidates/new before chat's /candidates/:number.
  registerCandidateActionRoutes(routes);
  registerUsageActionRoutes(routes);
  registerMailReviewRoutes(routes);
  registerInboxRoutes(routes);
  registerChatViews(routes);
  registerBroadcastRoutes(routes);
  registerImportRoutes(routes);
  registerCodesRoutes(routes);
  // /people/new before /people/:handle.
  registerPeopleRoutes(routes);
  registerPersonActionRoutes(routes);
  registerOrganRoutes(routes);

  app.use("/console", router);
}

/**
 * Closing cannot be undone, so the first press only asks: the page says what will happen and a second form,
 * carrying confirm=yes, does it ("no" goes back to the page the action is on, …/close → …). True when the
 * confirmation was shown (the caller does nothing yet).
 */
export async function askToConfirm(
  req: ConsoleRequest,
  http: Request,
  res: Response,
  question: string,
  options: { yes?: string; carry?: Record<string, string> } = {},
): Promise<boolean> {
  if (field(http, "confirm") === "yes") return false;
  // What the first form said (which body, which note) goes back with the confirmation, so what is done is what was asked.
  const carried = Object.entries(options.carry ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`);
  await sendPage(res, req, {
    title: req.t("web.confirm.title"),
    body: html`<p>${question}</p>
      <form method="post" action="${http.originalUrl}" class="inline">
        ${csrfField(req.view)}<input type="hidden" name="confirm" value="yes" />${carried}
        <button type="submit" class="danger">${options.yes ?? req.t("web.confirm.yes")}</button>
      </form>
      <a href="${http.originalUrl.replace(/\/[a-z]+$/, "")}">${req.t("web.confirm.no")}</a>`,
  });
  return true;
}

/**
 * A page whose own record cannot be read (a ballot's damaged rules, a survey's damaged questions): nothing sensible
 * can be shown or done with it, so the page says which stored row it is, in both languages, and the log names it
 * once. Rows inside a page (one body's answer, one vote) are flagged by the page itself and the rest still shows.
 */
async function unreadablePage(req: ConsoleRequest, res: Response, error: StoredJsonError): Promise<void> {
  req.unreadable.report(error.where, error.message);
  await sendPage(
    res,
    req,
    {
      title: req.t("console2.unreadable.title"),
      notice: { kind: "error", text: inBothLanguages(req, "console2.unreadable.record", { where: error.where }) },
      body: html`<p><a href="/console/audit">${req.t("web.nav.audit")}</a></p>`,
    },
    500,
  );
}

/** Refuses a page or action to someone the policy does not allow it (the same rule as chat); true when refused. */
export async function refuseUnless(req: ConsoleRequest, res: Response, action: Action): Promise<boolean> {
  if (permitted(req, action)) return false;
  await sendPage(
    res,
    req,
    { title: req.t("web.forbidden.title"), notice: { kind: "error", text: req.t("errors.forbidden") }, body: html`` },
    403,
  );
  return true;
}
