// Who may do what: one table for every entry point — chat commands and flows, the secretariat CLI's
// `--as`, and the coming web console. Before it, the CLI checked `--as` for broadcasts and inquiries
// only, and `ballot close` with `--as <member>` wrote that member into the audit log as the actor.
// Entry points ask `may(action, roles)`; adding an action here (and its row in the matrix test,
// test/security/authorization-matrix.test.ts) is how a new capability gets its rule.

/** anyone: even an unlinked chat account; member: a linked person; secretariat: the secretariat or an admin. */
export type Access = "anyone" | "member" | "secretariat";

export const SECRETARIAT_ROLES: readonly string[] = ["secretariat", "admin"];

export const POLICY = {
  // chat basics
  "help.show": "anyone",
  "identity.link": "anyone",
  "home.show": "member",
  "bodies.list": "member",
  // ballots and motions
  "ballot.vote": "member",
  "ballot.results": "member",
  "ballot.status": "secretariat",
  "ballot.create": "secretariat",
  "ballot.extend": "secretariat",
  "ballot.close": "secretariat",
  "motion.edit": "secretariat",
  "motion.recuse": "secretariat",
  // surveys, inquiries, broadcasts
  "survey.answer": "member",
  "survey.create": "secretariat",
  "survey.manage": "secretariat",
  "inquiry.list": "member",
  "inquiry.send": "secretariat",
  "broadcast.send": "secretariat",
  "broadcast.cancel": "secretariat",
  // organs, candidates, email review
  "organ.linkGroup": "secretariat",
  "candidate.recordForOthers": "secretariat",
  "candidate.manage": "secretariat",
  "email.resolve": "secretariat",
  // chat events parked after every attempt: put one back to run again (the web console's inbox page; the CLI's operator)
  "inbox.retry": "secretariat",
  // usage figures and cost shares
  "usage.record": "secretariat",
  "money.estimateForAnyBody": "secretariat",
  "money.record": "secretariat",
  // setting the council up from files: bodies, people, seats (the web console's CSV uploads)
  "council.setUp": "secretariat",
  // the web console: a sign-in link from chat (members reach their own tasks through chat)
  "console.link": "secretariat",
} as const satisfies Record<string, Access>;

export type Action = keyof typeof POLICY;

export const ACTIONS = Object.keys(POLICY) as Action[];

/** `roles` undefined means nobody is linked (an unknown chat account). */
export function accessAllows(access: Access, roles: readonly string[] | undefined): boolean {
  if (access === "anyone") return true;
  if (!roles) return false;
  if (access === "member") return true;
  return roles.some((r) => SECRETARIAT_ROLES.includes(r));
}

export function may(action: Action, roles: readonly string[] | undefined): boolean {
  return accessAllows(POLICY[action], roles);
}

export function accessFor(action: Action): Access {
  return POLICY[action];
}
