// An error that is the user's to fix, not a fault: it carries an i18n key and values so the chat answers
// in the person's language and the CLI in both. Shared by the domain (which throws it) and the engine
// and CLI (which render it), so neither has to import the other.
export class UserError extends Error {
  readonly key: string;
  readonly vars: Record<string, unknown>;

  constructor(key: string, vars: Record<string, unknown> = {}) {
    super(`${key} ${JSON.stringify(vars)}`);
    this.key = key;
    this.vars = vars;
    this.name = "UserError";
  }
}
