// Charts as images in Slack. Block Kit cannot draw a chart, and an image block needs an image Slack can
// fetch; Kyodo often runs where nothing is reachable from the internet (LGWAN), so each chart is drawn
// as a PNG here and uploaded to Slack itself with the external upload flow (files.getUploadURLExternal,
// the bytes to the upload URL, files.completeUploadExternal). The file is not shared to any channel: it
// would show up as a message of its own. Instead the image block names it (slack_file.id), which Slack
// allows for the file's uploader, the bot that posts the message.
//
// A chart is a nicety: the table beside it carries the same numbers. So a chart that cannot be drawn
// (no Japanese font) or uploaded is logged with the request id and the table is sent alone, and a
// message Slack refuses because of its image (the file not yet processed, or deleted) is sent again
// without it.
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { ChartData, OutboundMessage } from "../../engine/messages.ts";
import { chartAltText, renderChartPng } from "../shared/chart-png.ts";
import type { SlackBlock } from "./block-kit.ts";
import { BoundedCache } from "../shared/bounded-cache.ts";
import { SLACK_LIMITS as L, truncate } from "./limits.ts";
import type { SlackMessage } from "./messages.ts";
import { SlackApiError, type CallContext, type SlackApi } from "./slack-api.ts";

export interface ChartImage {
  fileId: string;
  altText: string;
}

/** The uploaded image of each chart of a reply, keyed by the chart object of its table block. */
export type ChartImages = Map<ChartData, ChartImage>;

export interface ChartUploaderOptions {
  api: SlackApi;
  logger: Logger;
  /** draws a chart as PNG bytes (tests replace it to simulate a missing font) */
  render?: (chart: ChartData) => Uint8Array;
}

/** The same chart posted again (a retry, one summary to several conversations) reuses its file. */
const REUSE_MS = 24 * 60 * 60 * 1000;

export function chartsOf(messages: OutboundMessage[]): ChartData[] {
  return messages.flatMap((m) =>
    m.blocks.flatMap((b) => (b.type === "table" && b.chart && b.chart.categories.length > 0 ? [b.chart] : [])),
  );
}

export class ChartUploader {
  private readonly options: ChartUploaderOptions;
  private readonly render: (chart: ChartData) => Uint8Array;
  /** file id by chart content */
  private readonly files = new BoundedCache<string>(500, REUSE_MS);

  constructor(options: ChartUploaderOptions) {
    this.options = options;
    this.render = options.render ?? ((chart) => renderChartPng(chart).png);
  }

  /** Draws and uploads every chart of these messages; a chart that fails is left out (and logged). */
  async uploadAll(messages: OutboundMessage[], context: CallContext): Promise<ChartImages> {
    const images: ChartImages = new Map();
    for (const chart of chartsOf(messages)) {
      const image = await this.upload(chart, context);
      if (image) images.set(chart, image);
    }
    return images;
  }

  /**
   * Sends a message through `send`; when Slack refuses it as invalid_blocks and it carries chart images,
   * sends it again without them, so the person still gets the table.
   */
  async sendWithFallback(message: SlackMessage, send: (message: SlackMessage) => Promise<void>, context: CallContext): Promise<void> {
    try {
      await send(message);
    } catch (error) {
      const images = message.blocks.filter((b) => b.type === "image");
      if (!(error instanceof SlackApiError) || error.code !== "invalid_blocks" || images.length === 0) throw error;
      this.options.logger.warn(
        { requestId: context.requestId, error: error.code },
        "slack refused the chart image; sending the table alone",
      );
      // A file Slack no longer accepts must not be reused for the next summary.
      this.forget(images);
      await send({ ...message, blocks: message.blocks.filter((b) => b.type !== "image") });
    }
  }

  private async upload(chart: ChartData, context: CallContext): Promise<ChartImage | undefined> {
    const key = createHash("sha256").update(JSON.stringify(chart)).digest("hex");
    const altText = truncate(chartAltText(chart), L.imageAltText);
    const known = this.files.get(key);
    if (known) return { fileId: known, altText };
    try {
      const png = this.render(chart);
      const fileId = await this.send(png, `kyodo-chart-${key.slice(0, 12)}.png`, truncate(chart.title || "chart", 250), altText, context);
      this.files.set(key, fileId);
      return { fileId, altText };
    } catch (error) {
      // Slack's refusals were already logged by the API client with Slack's request id.
      const detail = error instanceof SlackApiError ? { error: error.code, method: error.method } : { err: error };
      this.options.logger.warn(
        { requestId: context.requestId, chart: chart.title, ...detail },
        "chart image not shown; sending the table alone",
      );
      return undefined;
    }
  }

  /** The external upload flow; resolves with the file id. */
  private async send(png: Uint8Array, filename: string, title: string, altText: string, context: CallContext): Promise<string> {
    const { api } = this.options;
    // The method's documented argument for the screen-reader text is alt_txt (sic).
    const target = await api.call<{ upload_url?: string; file_id?: string }>(
      "files.getUploadURLExternal",
      { filename, length: png.byteLength, alt_txt: altText },
      context,
    );
    if (!target.upload_url || !target.file_id) throw new SlackApiError("files.getUploadURLExternal", "no_upload_url");
    await api.upload(target.upload_url, png, context);
    const done = await api.call<{ files?: Array<{ id?: string }> }>(
      "files.completeUploadExternal",
      { files: [{ id: target.file_id, title }] },
      context,
    );
    if (!done.files?.some((f) => f.id === target.file_id)) throw new SlackApiError("files.completeUploadExternal", "file_not_completed");
    return target.file_id;
  }

  private forget(images: SlackBlock[]): void {
    const ids = new Set(images.flatMap((b) => (b.type === "image" && "slack_file" in b && "id" in b.slack_file ? [b.slack_file.id] : [])));
    for (const [key, id] of [...this.files.items()]) if (ids.has(id)) this.files.delete(key);
  }
}
