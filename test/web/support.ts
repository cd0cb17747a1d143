// Helpers for the web console tests: a real Kyodo with its HTTP server on loopback and a clock the test moves,
// sign-in through a one-time link exactly as a browser does it (open the link, press the button), and forms posted
// with the page's own CSRF token.
import { issueConsoleLink } from "../../src/domain/access/console-sign-in.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";

export interface Clock {
  now: Date;
}

/** Tuesday 24 November 2026, 10:00 in Tokyo: a business day before the examples' deadlines. */
export async function startWebKyodo(start = new Date("2026-11-24T01:00:00Z")): Promise<{ kyodo: TestKyodo; clock: Clock }> {
  const clock: Clock = { now: start };
  const kyodo = await startTestKyodo({}, { clock: () => clock.now });
  return { kyodo, clock };
}

/** A Kyodo with the web console, and a browser signed in as `handle` (the demo's secretariat by default). */
export async function startSignedInConsole(handle = "yamada") {
  const { kyodo, clock } = await startWebKyodo();
  const browser = await Browser.signIn(kyodo, handle, clock.now);
  const personId = (await findPerson(kyodo.db, kyodo.council.id, handle)).id;
  return { kyodo, clock, browser, personId };
}

/** The newest audit entry of `action`, with its payload read (what a console action recorded). */
export async function lastAuditEntry(kyodo: TestKyodo, action: string) {
  const entry = await kyodo.db.auditEntry.findFirst({ where: { action }, orderBy: { seq: "desc" } });
  return entry ? { ...entry, payload: JSON.parse(entry.payload) as Record<string, unknown> } : undefined;
}

export async function linkTokenFor(kyodo: TestKyodo, handle: string, now: Date): Promise<string> {
  const person = await findPerson(kyodo.db, kyodo.council.id, handle);
  return (await issueConsoleLink(kyodo.db, { personId: person.id, createdBy: "test:operator" }, now)).token;
}

export async function redeem(kyodo: TestKyodo, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${kyodo.baseUrl}/console/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token }).toString(),
  });
}

/** The session cookie ("name=value") a response set. */
export function sessionCookie(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith("kyodo_console="));
  if (!header) throw new Error(`no session cookie (status ${response.status})`);
  return header.split(";")[0]!;
}

export class Browser {
  private readonly kyodo: TestKyodo;
  readonly cookie: string;

  constructor(kyodo: TestKyodo, cookie: string) {
    this.kyodo = kyodo;
    this.cookie = cookie;
  }

  static async signIn(kyodo: TestKyodo, handle: string, now: Date): Promise<Browser> {
    return new Browser(kyodo, sessionCookie(await redeem(kyodo, await linkTokenFor(kyodo, handle, now))));
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.kyodo.baseUrl}${path}`, { headers: { cookie: this.cookie }, redirect: "manual" });
  }

  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.get(path);
    return { status: response.status, html: await response.text() };
  }

  /** The CSRF token the console put into the forms of a page. */
  async csrf(path = "/console/"): Promise<string> {
    const { html } = await this.page(path);
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error(`no CSRF token on ${path}`);
    return match[1]!;
  }

  /** A form with a file, as the browser sends it (multipart/form-data). */
  upload(path: string, fields: Record<string, string>, file?: { name: string; data: Buffer; field?: string }): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append(file.field ?? "file", new Blob([new Uint8Array(file.data)], { type: "text/csv" }), file.name);
    return fetch(`${this.kyodo.baseUrl}${path}`, { method: "POST", redirect: "manual", headers: { cookie: this.cookie }, body: form });
  }

  /** A form post; URLSearchParams when a field repeats (checkboxes). */
  post(path: string, fields: Record<string, string> | URLSearchParams): Promise<Response> {
    return fetch(`${this.kyodo.baseUrl}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: this.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }
}
