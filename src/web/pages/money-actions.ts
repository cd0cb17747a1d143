// Cost shares and settlements from the console, with the same inputs as `kyodo shares compute <spec>` and
// `kyodo settlement create <spec>`: a YAML (or JSON) spec pasted or read from a file, checked and computed without
// writing (the use cases' dryRun), previewed as chat's own message — each body's amount, and that they add up to
// the total to the yen — then recorded on confirmation by the same use case, audited with channel web.
import { html } from "hono/html";
import type { Request } from "express";
import { createCostShare, unsavedShareView } from "../../domain/money/create-cost-share.ts";
import { computedSettlementView, createSettlement } from "../../domain/money/create-settlement.ts";
import { settlementMessage } from "../../domain/money/settlement-message.ts";
import { validateSettlementSpec, type SettlementSpec } from "../../domain/money/settlement-spec.ts";
import { shareMessage } from "../../domain/money/share-message.ts";
import { parseSpecText, validateShareSpec, type ShareSpec } from "../../domain/money/share-spec.ts";
import type { OutboundMessage } from "../../engine/messages.ts";
import { UserError } from "../../lib/user-error.ts";
import { Dec, formatYen } from "../../lib/yen.ts";
import { field, refuseUnless, sendPage, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, type Html } from "../layout.ts";
import { inBothLanguages } from "../problems.ts";
import { renderMessage } from "../render-blocks.ts";
import { yamlUploadForm, type YamlUploadForm } from "./yaml-upload-form.ts";

const MAX_SPEC = 200_000;
const SECRETARIAT_VIEW = { bodyIds: [] as string[], secretariat: true };

type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Reads and validates a spec, then runs `compute`; any UserError on the way is a problem in both languages. */
async function check<S, T>(
  req: ConsoleRequest,
  text: string,
  validate: (raw: unknown) => S,
  compute: (spec: S) => Promise<T>,
): Promise<Checked<T>> {
  if (text.trim().length === 0) return { ok: false, problems: [inBothLanguages(req, "webmore.money.empty")] };
  if (text.length > MAX_SPEC) return { ok: false, problems: [inBothLanguages(req, "webmore.money.tooLong")] };
  try {
    return { ok: true, value: await compute(validate(parseSpecText(text))) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ok: false, problems: [inBothLanguages(req, error.key, error.vars)] };
  }
}

/** Chat's message of a share or settlement not saved yet: its heading would call it number 0, so it names the title. */
function unsaved(req: ConsoleRequest, message: OutboundMessage, title: string): OutboundMessage {
  const first = message.blocks.findIndex((b) => b.type === "header");
  if (first < 0) return message;
  const blocks = [...message.blocks];
  blocks[first] = { type: "header", text: req.t("webmore.money.unsavedHeading", { title }) };
  return { ...message, blocks };
}

function confirmForm(req: ConsoleRequest, action: string, yaml: string, button: string, back: string): Html {
  return html`<form method="post" action="${action}" class="inline">
      ${csrfField(req.view)}
      <input type="hidden" name="yaml" value="${yaml}" />
      <button type="submit">${req.t(button)}</button>
    </form>
    <a href="${back}">${req.t("webmore.broadcast.cancel")}</a>`;
}

interface Kind<S, T> {
  path: string;
  form: YamlUploadForm;
  titleKey: string;
  validate: (raw: unknown) => S;
  compute: (req: ConsoleRequest, spec: S, dryRun: boolean) => Promise<T>;
  preview: (req: ConsoleRequest, computed: T) => Html;
  saved: (computed: T) => string;
}

function register<S, T>(routes: ConsoleRoutes, kind: Kind<S, T>): void {
  const page = (req: ConsoleRequest, yaml: string, problems: string[] = []) => yamlUploadForm(req, kind.form, yaml, problems);
  const run = (req: ConsoleRequest, http: Request, dryRun: boolean) =>
    check(req, field(http, "yaml"), kind.validate, (spec) => kind.compute(req, spec, dryRun));
  routes.get(`${kind.path}/new`, async (req, _http, res) => {
    if (await refuseUnless(req, res, "money.record")) return;
    await sendPage(res, req, { title: req.t(kind.titleKey), body: page(req, "") });
  });
  // Checking computes without writing (dryRun); a POST only because the spec can be long.
  routes.post(`${kind.path}/new`, async (req, http, res) => {
    if (await refuseUnless(req, res, "money.record")) return;
    const yaml = field(http, "yaml");
    const checked = await run(req, http, true);
    if (!checked.ok) return void (await sendPage(res, req, { title: req.t(kind.titleKey), body: page(req, yaml, checked.problems) }, 422));
    await sendPage(res, req, {
      title: req.t(kind.titleKey),
      body: html`<section aria-labelledby="h-preview">
        <h2 id="h-preview">${req.t("webmore.money.preview")}</h2>
        ${kind.preview(req, checked.value)}
        ${confirmForm(req, `/console${kind.path}/create`, yaml, "webmore.money.save", `/console${kind.path}/new`)}
      </section>`,
    });
  });
  routes.post(`${kind.path}/create`, async (req, http, res) => {
    if (await refuseUnless(req, res, "money.record")) return;
    const checked = await run(req, http, false);
    if (!checked.ok)
      return void (await sendPage(res, req, { title: req.t(kind.titleKey), body: page(req, field(http, "yaml"), checked.problems) }, 422));
    res.redirect(303, kind.saved(checked.value));
  });
}

export function registerMoneyActionRoutes(routes: ConsoleRoutes): void {
  register(routes, {
    path: "/money/shares",
    titleKey: "webmore.money.shareTitle",
    form: {
      action: "/console/money/shares/new",
      idPrefix: "share",
      introKey: "webmore.money.shareIntro",
      fileKey: "webmore.money.file",
      yamlKey: "webmore.money.yaml",
    },
    validate: validateShareSpec,
    compute: (req, spec: ShareSpec, dryRun) => createCostShare(req.db, req.councilId, spec, req.actor, { dryRun }),
    preview: (req, computed) => {
      const view = unsavedShareView(computed, req.now);
      const sum = view.lines.reduce((acc, l) => acc.plus(l.amount), new Dec(0));
      const adds = sum.eq(view.total);
      return html`<p class="notice ${adds ? "ok" : "error"}" role="${adds ? "status" : "alert"}">
          ${req.t(adds ? "webmore.money.addsUp" : "webmore.money.doesNotAddUp", {
            count: view.lines.length,
            sum: formatYen(sum),
            total: formatYen(view.total),
          })}
        </p>
        ${renderMessage(unsaved(req, shareMessage(view, req.locale, SECRETARIAT_VIEW), view.title))}`;
    },
    saved: (computed) => `/console/money/shares/${computed.number}?done=shareSaved`,
  });
  register(routes, {
    path: "/money/settlements",
    titleKey: "webmore.money.settlementTitle",
    form: {
      action: "/console/money/settlements/new",
      idPrefix: "settlement",
      introKey: "webmore.money.settlementIntro",
      fileKey: "webmore.money.file",
      yamlKey: "webmore.money.yaml",
    },
    validate: validateSettlementSpec,
    compute: (req, spec: SettlementSpec, dryRun) => createSettlement(req.db, req.councilId, spec, req.actor, { dryRun }),
    preview: (req, computed) => {
      const view = computedSettlementView(computed);
      return renderMessage(unsaved(req, settlementMessage(view, req.locale, SECRETARIAT_VIEW), view.title));
    },
    saved: (computed) => `/console/money/settlements/${computed.number}?done=settlementSaved`,
  });
}
