// Which entry point a change came through, for its audit entry. The web console runs each action inside
// `withAuditChannel("web", …)`, and every entry written meanwhile — by whichever use case, in whichever
// transaction — carries `channel: "web"`, without threading a parameter through every use case that chat and
// the CLI share with it.
import { AsyncLocalStorage } from "node:async_hooks";

const channelStore = new AsyncLocalStorage<string>();

export function withAuditChannel<T>(channel: string, work: () => Promise<T>): Promise<T> {
  return channelStore.run(channel, work);
}

export function currentAuditChannel(): string | undefined {
  return channelStore.getStore();
}
