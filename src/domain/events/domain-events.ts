// Domain events: a use case says what happened; other areas react to it without the use case knowing them
// (Loomio's and documenso's shape). Casting a vote publishes "a vote was cast"; the email area, which sends
// receipts to seat holders who chose email, subscribes. The publisher imports only this file, so areas do not
// import each other in a cycle. Subscriptions are made once by the composition root (src/features.ts).
import type { Db } from "../../storage/database.ts";

export type EventHandler<T> = (db: Db, event: T) => Promise<unknown>;

export interface DomainEvent<T> {
  readonly name: string;
  /** adds a handler; adding the same handler again changes nothing */
  subscribe(handler: EventHandler<T>): void;
  /**
   * Runs every handler after the change has committed. A handler's failure is reported to `onError` and never
   * undoes or hides the change: the vote is recorded whether or not its receipt could be queued.
   */
  publish(db: Db, event: T, onError?: (error: unknown, handler: string) => void): Promise<void>;
}

export function defineEvent<T>(name: string): DomainEvent<T> {
  const handlers = new Set<EventHandler<T>>();
  return {
    name,
    subscribe: (handler) => void handlers.add(handler),
    async publish(db, event, onError) {
      for (const handler of handlers) {
        try {
          await handler(db, event);
        } catch (error) {
          onError?.(error, handler.name || name);
        }
      }
    },
  };
}
