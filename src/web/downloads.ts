// Files the console hands to the browser: the exports chat and the CLI write (XLSX, CSV in UTF-8 with a BOM or
// Shift_JIS), with a filename the browser keeps.
import type { Response } from "express";

const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv",
} as const;

export function sendDownload(
  res: Response,
  buffer: Buffer,
  filename: string,
  format: keyof typeof TYPES,
  encoding: "utf8" | "sjis" = "utf8",
): void {
  const type = format === "csv" ? `${TYPES.csv}; charset=${encoding === "sjis" ? "Shift_JIS" : "utf-8"}` : TYPES.xlsx;
  res
    .status(200)
    .type(type)
    .setHeader(
      "Content-Disposition",
      `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    )
    .send(buffer);
}
