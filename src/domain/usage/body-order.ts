// The order bodies are listed in everywhere (reports, tables, exports, rounding tie-breaks): by local
// government code, bodies without a code (一部事務組合) last by name. Compared by code point, not by
// locale rules, so the order is the same on every machine.
export function bodyOrderKey(body: { code: string | null; name: string }): string {
  return body.code ?? `~${body.name}`;
}

export function compareBodies(a: { code: string | null; name: string }, b: { code: string | null; name: string }): number {
  const x = bodyOrderKey(a);
  const y = bodyOrderKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
