// The console's multipart reading (Node's own parser) on the bodies browsers send: fields and a file whose bytes (Shift_JIS, CRLF line
// ends, text that looks like a boundary) come out exactly as they went in, and a malformed body reads as nothing.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseMultipart } from "../../src/web/multipart.ts";

async function encode(form: FormData): Promise<{ body: Buffer; type: string }> {
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return { body: Buffer.from(await request.arrayBuffer()), type: request.headers.get("content-type")! };
}

describe("parseMultipart", () => {
  it("keeps a file's bytes as sent, beside the text fields", async () => {
    const csv = iconv.encode("団体,値\r\n千葉市,1\r\n--not-a-boundary\r\n", "Shift_JIS");
    const form = new FormData();
    form.append("_csrf", "token-1");
    form.append("kind", "人口");
    form.append("file", new Blob([new Uint8Array(csv)]), "統計.csv");
    const { body, type } = await encode(form);
    const parsed = await parseMultipart(body, type);
    expect(parsed?.fields).toEqual({ _csrf: "token-1", kind: "人口" });
    expect(parsed?.files.file?.filename).toBe("統計.csv");
    expect(parsed?.files.file?.data.equals(csv)).toBe(true);
  });

  it("reads a quoted boundary and an empty file", async () => {
    const body = Buffer.from(
      '--b1\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b1\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--b1--\r\n',
    );
    const parsed = await parseMultipart(body, 'multipart/form-data; boundary="b1"');
    expect(parsed?.fields).toEqual({ a: "x" });
    expect(parsed?.files.file?.data.length).toBe(0);
  });

  it("reads a truncated or boundary-less body as nothing", async () => {
    expect(
      await parseMultipart(Buffer.from('--b1\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'), "multipart/form-data; boundary=b1"),
    ).toBeUndefined();
    expect(await parseMultipart(Buffer.from("a=1"), "multipart/form-data")).toBeUndefined();
  });
});
