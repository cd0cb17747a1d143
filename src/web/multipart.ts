// Reads the console's file uploads (multipart/form-data): the text fields and the files' bytes. Parsing is Node's
// own (undici's `Response.formData()`, the fetch standard's multipart reader), not ours. CSV files from Excel in
// Japan are often Shift_JIS, so the bytes are kept as they came and decoded by the import itself (UTF-8, with or
// without BOM, or Shift_JIS), never by the browser.
import type { Request } from "express";

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

/** The form's parts, or undefined when the body is not a well-formed multipart body. */
export async function parseMultipart(body: Buffer, contentType: string): Promise<MultipartForm | undefined> {
  let parsed: FormData;
  try {
    parsed = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    return undefined;
  }
  const form: MultipartForm = { fields: {}, files: {} };
  for (const [name, value] of parsed.entries()) {
    if (typeof value === "string") form.fields[name] = value;
    else form.files[name] = { filename: value.name, data: Buffer.from(await value.arrayBuffer()) };
  }
  return form;
}

/** The file a multipart form carried in `name`, if any (console.ts keeps the parsed files on res.locals). */
export function uploadedFile(locals: Record<string, unknown>, name: string): UploadedFile | undefined {
  const files = locals.uploads as Record<string, UploadedFile> | undefined;
  return files?.[name];
}

export function isMultipart(req: Request): boolean {
  return (req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
