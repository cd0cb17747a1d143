// Writing a broadcast in the console: the form (audience as chat and the CLI allow it, text, optional send time),
// its checks with every problem named in both languages, and the preview of exactly who gets it and who cannot be
// reached (planBroadcast, chat's and the CLI's dry run). broadcast-page.ts sends it.
import type { Request } from "express";
import { html } from "hono/html";
import type { Audience, BroadcastChannel } from "../../domain/broadcasts/audience.ts";
import { effectiveSendTime, MAX_BROADCAST_LENGTH } from "../../domain/broadcasts/create-broadcast.ts";
import { planBroadcast, type BroadcastPlan } from "../../domain/broadcasts/plan-broadcast.ts";
import { parseDateTime } from "../../domain/calendar/parse-date-time.ts";
import { formatInstant } from "../../domain/calendar/zoned-time.ts";
import { field } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, table, type Html } from "../layout.ts";
import { inBothLanguages, problemList } from "../problems.ts";

/** Every value of a repeated field (checkboxes): the body parser gives a string for one, an array for several. */
export function fieldList(http: Request, name: string): string[] {
  const value = (http.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export interface Draft {
  audience: Audience;
  channels: BroadcastChannel[];
  text: string;
  at?: Date;
  urgent: boolean;
}

/** The form as posted, echoed back into the form when it has problems. */
export interface Posted {
  kind: string;
  organ: string;
  bodies: string[];
  deadline: string;
  group: boolean;
  text: string;
  at: string;
  urgent: boolean;
}

export function posted(http: Request): Posted {
  return {
    kind: field(http, "audience"),
    organ: field(http, "organ"),
    bodies: fieldList(http, "bodies"),
    deadline: field(http, "deadline"),
    group: field(http, "group") === "yes",
    text: field(http, "text"),
    at: field(http, "at").trim(),
    urgent: field(http, "urgent") === "yes",
  };
}

async function choices(req: ConsoleRequest) {
  const [organs, bodies, deadlines] = await Promise.all([
    req.db.organ.findMany({ where: { councilId: req.councilId, dissolvedAt: null }, orderBy: { createdAt: "asc" } }),
    req.db.body.findMany({ where: { councilId: req.councilId, active: true }, orderBy: [{ code: "asc" }, { name: "asc" }] }),
    req.db.deadline.findMany({ where: { councilId: req.councilId, cancelledAt: null, dueAt: { gt: req.now } }, orderBy: { dueAt: "asc" } }),
  ]);
  return { organs, bodies, deadlines };
}

/** Checks the form the way chat's flow does; every problem is named, in both languages. */
export async function read(req: ConsoleRequest, form: Posted): Promise<{ ok: true; draft: Draft } | { ok: false; problems: string[] }> {
  const problems: string[] = [];
  const say = (key: string, vars: Record<string, unknown> = {}) => problems.push(inBothLanguages(req, key, vars));
  let audience: Audience | undefined;
  let channels: BroadcastChannel[] = ["dm"];
  const { organs, bodies, deadlines } = await choices(req);
  if (form.kind === "all") audience = { kind: "all" };
  else if (form.kind === "organ") {
    const organ = organs.find((o) => o.id === form.organ);
    if (organ) {
      audience = { kind: "organ", organId: organ.id };
      if (form.group) channels = ["dm", "group"];
    } else say("webmore.broadcast.pickOrgan");
  } else if (form.kind === "bodies") {
    const known = new Set(bodies.map((b) => b.id));
    const chosen = form.bodies.filter((id) => known.has(id));
    if (chosen.length > 0) audience = { kind: "bodies", bodyIds: chosen };
    else say("webmore.broadcast.pickBodies");
  } else if (form.kind === "pending") {
    const deadline = deadlines.find((d) => d.id === form.deadline);
    if (deadline) audience = { kind: "pending", deadlineId: deadline.id };
    else say("webmore.broadcast.pickDeadline");
  } else say("webmore.broadcast.pickAudience");
  const text = form.text.trim();
  if (text.length === 0) say("broadcasts.emptyText");
  else if (text.length > MAX_BROADCAST_LENGTH) say("broadcasts.tooLong", { max: MAX_BROADCAST_LENGTH, length: text.length });
  let at: Date | undefined;
  if (form.at) {
    at = parseDateTime(form.at.replace("T", " "), req.zone, { hour: 9, minute: 0 });
    if (!at || at <= req.now) say("broadcasts.badAt", { value: form.at });
  }
  if (problems.length > 0 || !audience) return { ok: false, problems };
  return { ok: true, draft: { audience, channels, text, at, urgent: form.urgent } };
}

const checked = (on: boolean) => (on ? html` checked` : "");
const selected = (on: boolean) => (on ? html` selected` : "");

export async function composeForm(req: ConsoleRequest, form: Posted, problems: string[] = []): Promise<Html> {
  const { t } = req;
  const { organs, bodies, deadlines } = await choices(req);
  const radio = (value: string, label: string) =>
    html`<label><input type="radio" name="audience" value="${value}" required${checked(form.kind === value)} /> ${label}</label>`;
  return html`${problemList(req, problems)}
    <form method="post" action="/console/broadcasts/preview" class="stack">
      ${csrfField(req.view)}
      <fieldset>
        <legend>${t("webmore.broadcast.audience")}</legend>
        <p>${radio("all", t("broadcasts.choice.all"))}</p>
        <p>
          ${radio("organ", t("broadcasts.choice.organ"))}
          <label for="bc-organ" class="sr-only">${t("webmore.broadcast.organ")}</label>
          <select id="bc-organ" name="organ">
            <option value="">—</option>
            ${organs.map((o) => html`<option value="${o.id}" ${selected(form.organ === o.id)}>${o.name}</option>`)}
          </select>
          <label><input type="checkbox" name="group" value="yes" ${checked(form.group)} /> ${t("webmore.broadcast.group")}</label>
        </p>
        <p>
          ${radio("pending", t("broadcasts.choice.pending"))}
          <label for="bc-deadline" class="sr-only">${t("webmore.broadcast.deadline")}</label>
          <select id="bc-deadline" name="deadline">
            <option value="">—</option>
            ${deadlines.map(
              (d) =>
                html`<option value="${d.id}" ${selected(form.deadline === d.id)}>
                  ${d.title} (${formatInstant(d.dueAt, req.zone, req.locale)})
                </option>`,
            )}
          </select>
        </p>
        <div>
          ${radio("bodies", t("webmore.broadcast.someBodies"))}
          <fieldset class="columns">
            <legend>${t("webmore.broadcast.bodies")}</legend>
            ${bodies.map(
              (b) =>
                html`<label
                  ><input type="checkbox" name="bodies" value="${b.id}" ${checked(form.bodies.includes(b.id))} /> ${b.name}</label
                >`,
            )}
          </fieldset>
        </div>
      </fieldset>
      <p>
        <label for="bc-text">${t("webmore.broadcast.text", { max: MAX_BROADCAST_LENGTH })}</label>
        <textarea id="bc-text" name="text" required maxlength="${MAX_BROADCAST_LENGTH}">${form.text}</textarea>
      </p>
      <p>
        <label for="bc-at">${t("webmore.broadcast.at")}</label>
        <input id="bc-at" name="at" value="${form.at}" placeholder="2026-12-01 09:00" />
        <label><input type="checkbox" name="urgent" value="yes" ${checked(form.urgent)} /> ${t("webmore.broadcast.urgent")}</label>
      </p>
      <button type="submit">${t("webmore.broadcast.previewButton")}</button>
    </form>`;
}

/** The draft again as hidden fields, so the confirmation sends what was previewed (and it is checked again). */
function hiddenDraft(form: Posted): Html {
  return html`<input type="hidden" name="audience" value="${form.kind}" />
    <input type="hidden" name="organ" value="${form.organ}" />
    ${form.bodies.map((id) => html`<input type="hidden" name="bodies" value="${id}" />`)}
    <input type="hidden" name="deadline" value="${form.deadline}" />
    <input type="hidden" name="group" value="${form.group ? "yes" : ""}" />
    <input type="hidden" name="text" value="${form.text}" />
    <input type="hidden" name="at" value="${form.at}" />
    <input type="hidden" name="urgent" value="${form.urgent ? "yes" : ""}" />`;
}

function recipientRows(req: ConsoleRequest, plan: BroadcastPlan): string[][] {
  const { t } = req;
  return [
    ...plan.recipients.map((r) => [r.bodyName, r.name, r.platforms.join(" ")]),
    ...plan.unreachable.map((r) => [
      r.bodyName,
      r.name,
      r.reason ? t("reach.cannotOpenDirect", { reason: r.reason }) : t("broadcasts.notLinked"),
    ]),
    ...plan.bodiesWithoutReach.filter((b) => !plan.unreachable.some((u) => u.bodyName === b)).map((b) => [b, "—", t("broadcasts.noStaff")]),
  ];
}

/** "slack 3、line 2": how many recipients each platform reaches, as chat's preview says it. */
function viaText(plan: BroadcastPlan): string {
  const platforms = new Map<string, number>();
  for (const r of plan.recipients) for (const p of r.platforms) platforms.set(p, (platforms.get(p) ?? 0) + 1);
  return [...platforms].map(([p, n]) => `${p} ${n}`).join("、") || "—";
}

export async function preview(req: ConsoleRequest, form: Posted, draft: Draft): Promise<Html> {
  const { t } = req;
  const plan = await planBroadcast(req.db, req.councilId, draft.audience, draft.channels, req.trackers, req.now);
  const requested = draft.at ?? req.now;
  const sendAt = await effectiveSendTime(req.db, req.councilId, requested, draft.urgent);
  return html`<section aria-labelledby="h-preview">
    <h2 id="h-preview">${t("broadcasts.preview.title")}</h2>
    <dl class="fields">
      <dt>${t("broadcasts.preview.audience")}</dt>
      <dd>${t(plan.label.key, plan.label.vars)}</dd>
      <dt>${t("broadcasts.preview.recipients")}</dt>
      <dd>${t("broadcasts.preview.recipientCount", { people: plan.recipients.length, bodies: plan.bodies, via: viaText(plan) })}</dd>
      <dt>${t("broadcasts.preview.unreachable")}</dt>
      <dd>${t("broadcasts.preview.unreachableCount", { people: plan.unreachable.length, bodies: plan.bodiesWithoutReach.length })}</dd>
      ${
        plan.groups.length > 0
          ? html`<dt>${t("broadcasts.preview.groups")}</dt>
              <dd>${plan.groups.length}</dd>`
          : ""
      }
      <dt>${t("broadcasts.preview.when")}</dt>
      <dd>
        ${formatInstant(sendAt, req.zone, req.locale)}
        ${sendAt.getTime() !== requested.getTime() ? t("broadcasts.preview.movedToOfficeHours") : ""}
      </dd>
    </dl>
    <h3>${t("webmore.broadcast.message")}</h3>
    <p class="pre">${draft.text}</p>
    ${table(
      t("broadcasts.listTitle"),
      [t("broadcasts.columns.body"), t("broadcasts.columns.person"), t("broadcasts.columns.platform")],
      recipientRows(req, plan),
    )}
    <form method="post" action="/console/broadcasts/send" class="inline">
      ${csrfField(req.view)} ${hiddenDraft(form)}
      <button type="submit">${t("webmore.broadcast.send")}</button>
    </form>
    <a href="/console/broadcasts">${t("webmore.broadcast.cancel")}</a>
  </section>`;
}

export const EMPTY_FORM: Posted = { kind: "", organ: "", bodies: [], deadline: "", group: false, text: "", at: "", urgent: false };
