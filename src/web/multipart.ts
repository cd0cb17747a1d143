// Reads the console's file uploads (multipart/form-data): the text fields and the files' bytes. CSV files from
// Excel in Japan are often Shift_JIS, so the bytes are kept as they came and decoded by the import itself (UTF-8,
// with or without BOM, or Shift_JIS), never by the browser. Small and strict: the console's own forms only.
import type { Request } from "express";

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** The form's parts, or undefined when the body is not a well-formed multipart body. */
export function parseMultipart(body: Buffer, contentType: string): MultipartForm | undefined {
  const boundary = boundaryOf(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { fields: {}, files: {} };
  let start = body.indexOf(delimiter);
  if (start < 0) return undefined;
  for (;;) {
    start += delimiter.length;
    // "--" after a delimiter ends the body.
    if (body.subarray(start, start + 2).toString() === "--") return form;
    const next = body.indexOf(delimiter, start);
    if (next < 0) return undefined;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) return undefined;
    const headers = part.subarray(0, split).toString("utf8");
    const content = part.subarray(split + 4);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      if (filename !== undefined) form.files[name] = { filename, data: Buffer.from(content) };
      else form.fields[name] = content.toString("utf8");
    }
    start = next;
  }
}

/** The file a multipart form carried in `name`, if any (console.ts keeps the parsed files on res.locals). */
export function uploadedFile(locals: Record<string, unknown>, name: string): UploadedFile | undefined {
  const files = locals.uploads as Record<string, UploadedFile> | undefined;
  return files?.[name];
}

export function isMultipart(req: Request): boolean {
  return (req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
