// Which addresses the inbound receiver takes mail for: only vote+<token>@<mail domain>. Anything else is
// refused during the SMTP conversation, so a misrouted message bounces at the council's mail server with
// a clear reason instead of disappearing into Kyodo.

/** The token of a ballot reply address, or undefined when the address is not one of ours at all. */
export function ballotReplyToken(address: string, domain: string): string | undefined {
  const at = address.lastIndexOf("@");
  if (at < 0) return undefined;
  const local = address.slice(0, at).toLowerCase();
  if (address.slice(at + 1).toLowerCase() !== domain.toLowerCase() || !local.startsWith("vote+")) return undefined;
  // A mangled token (case changed by a relay, a stray character) is still "ours": it is kept and answered
  // as an unknown token rather than refused, so the secretariat can see it.
  return local.slice("vote+".length);
}
