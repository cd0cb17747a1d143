// MAIL_TRUSTED_RELAYS: the council's own mail relays (addresses or CIDR ranges) that hand replies to
// Kyodo. Mail inside LGWAN is often unsigned; when the council names its relays, unsigned mail counts
// only when it came through one of them, and other unsigned mail is held for the secretariat's review.
import { BlockList, isIP } from "node:net";

export type TrustedRelays = BlockList;

/** The entries that are not an IP address or a CIDR range (for the config check). */
export function badRelayEntries(spec: string): string[] {
  return entriesOf(spec).filter((entry) => !parseEntry(entry));
}

export function parseTrustedRelays(spec: string | undefined): TrustedRelays | undefined {
  if (!spec?.trim()) return undefined;
  const list = new BlockList();
  for (const entry of entriesOf(spec)) {
    const parsed = parseEntry(entry);
    if (!parsed) continue;
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

export function relayTrusted(relays: TrustedRelays, remoteAddress: string): boolean {
  const address = remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  const version = isIP(address);
  if (version === 0) return false;
  return relays.check(address, version === 4 ? "ipv4" : "ipv6");
}

function entriesOf(spec: string): string[] {
  return spec
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseEntry(entry: string): { address: string; prefix?: number; family: "ipv4" | "ipv6" } | undefined {
  const [address = "", prefixText, extra] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return undefined;
  const family = version === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix: Number(prefixText), family };
}
