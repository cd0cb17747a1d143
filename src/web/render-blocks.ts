// Chat's neutral messages as HTML: the console shows the very messages chat builds for the secretariat (survey
// status and results, ballot turnout and tallies), so the two cannot show different numbers. Headers become h2
// (the page has its own h1), tables keep their caption and header cells, and a table that carries chart data gets
// the same ECharts chart Slack shows, as inline SVG (drawn on the server; no script, no CDN).
import { html, raw } from "hono/html";
import { chartAltText, chartSvg } from "../adapters/shared/chart-png.ts";
import type { Context } from "../engine/context.ts";
import type { Block, ChartData, OutboundMessage } from "../engine/messages.ts";
import type { ConsoleRequest } from "./console-request.ts";
import { progress, table, type Html } from "./layout.ts";

/** The chart as inline SVG with a text alternative; the browser draws the labels with its own Japanese fonts. */
export function chartFigure(chart: ChartData): Html {
  const { svg } = chartSvg(chart, { path: "", family: "sans-serif" });
  return html`<figure class="chart" role="img" aria-label="${chartAltText(chart)}">${raw(svg)}</figure>`;
}

function isNumeric(rows: string[][], column: number): boolean {
  return rows.length > 0 && rows.every((r) => /^[-△]?[\d,.]+%?$/.test(r[column] ?? "") || r[column] === "");
}

export function renderBlock(block: Block, headingId?: string): Html {
  switch (block.type) {
    case "header":
      return headingId ? html`<h2 id="${headingId}">${block.text}</h2>` : html`<h2>${block.text}</h2>`;
    case "text":
      return html`<p class="pre">${block.text}</p>`;
    case "context":
      return html`<p class="muted">${block.text}</p>`;
    case "divider":
      return html`<hr />`;
    case "fields":
      return html`<dl class="fields">
        ${block.fields.map(
          (f) =>
            html`<dt>${f.label}</dt>
              <dd>${f.value}</dd>`,
        )}
      </dl>`;
    case "progress":
      return html`<p>${progress(block.label, block.done, block.total)}</p>`;
    case "table": {
      const numeric = block.columns.map((_, i) => i).filter((i) => i > 0 && isNumeric(block.rows, i));
      return html`${block.chart ? chartFigure(block.chart) : ""}${table(block.caption ?? "", block.columns, block.rows, numeric)}`;
    }
    // Buttons and forms are chat's way to act; the console has its own forms beside these messages.
    case "choices":
    case "form":
      return html``;
  }
}

/** A chat message as HTML; its first header gets `headingId`, so the section around it is labelled by it. */
export function renderMessage(message: OutboundMessage, options: { headingId?: string } = {}): Html {
  const first = message.blocks.findIndex((b) => b.type === "header");
  return html`${message.blocks.map((block, i) => renderBlock(block, i === first ? options.headingId : undefined))}`;
}

/** The signed-in person as chat's Context, for reusing chat's renderers (they read t, locale, now). */
export function chatContext(req: ConsoleRequest): Context {
  const actor = {
    personId: req.person.personId,
    councilId: req.councilId,
    handle: req.person.handle,
    displayName: req.person.displayName,
    locale: req.locale,
    roles: req.person.roles,
  };
  return {
    db: req.db,
    logger: req.logger,
    now: req.now,
    ref: { platform: "web", workspace: "console", conversationId: req.person.personId, isDirect: true },
    user: { externalId: req.person.personId, displayName: req.person.displayName },
    actor,
    locale: req.locale,
    t: req.t,
    refreshActor: () => Promise.resolve(actor),
  };
}
