// Button actions kept on the server for platforms whose buttons carry only a little data (LINE postback
// data holds 300 characters). The button carries a random key; pressing it looks the action up here.
// Keys are unguessable, so a key is as good as the button that carries it, and no better.
import { randomBytes } from "node:crypto";
import type { Db } from "./database.ts";

export interface StoredActionPayload {
  actionId: string;
  value: string;
}

/** Expired rows are swept at most this often, on a save, so the table never needs a separate job. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export class DbActionPayloadStore {
  private readonly db: Db;
  private lastSweep = 0;

  constructor(db: Db) {
    this.db = db;
  }

  async save(payload: StoredActionPayload, expiresAt: Date): Promise<string> {
    const now = Date.now();
    if (now - this.lastSweep > SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      await this.db.actionPayload.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
    }
    // 96 random bits, URL-safe: 16 characters, far below the postback limit.
    const key = randomBytes(12).toString("base64url");
    await this.db.actionPayload.create({ data: { key, actionId: payload.actionId, value: payload.value, expiresAt } });
    return key;
  }

  async load(key: string, now: Date): Promise<StoredActionPayload | undefined> {
    const row = await this.db.actionPayload.findUnique({ where: { key } });
    if (!row || row.expiresAt < now) return undefined;
    return { actionId: row.actionId, value: row.value };
  }
}
