// Who acts in a CLI command. Without `--as` it is the operator at the terminal (who already holds the
// database) and the audit log says `cli:<login>`. With `--as <handle>` the named person becomes the actor
// of record, so they must be allowed the action by the same policy chat uses: a member without a
// secretariat role cannot close a ballot "as" themselves and appear in the audit log as having done it.
import { may, type Action } from "../domain/access/policy.ts";
import { findPerson } from "../domain/people/find-person.ts";
import { UserError } from "../lib/user-error.ts";
import type { CliContext } from "./cli-context.ts";

export async function actingPerson(ctx: CliContext, councilId: string, handle: string, action: Action) {
  const person = await findPerson(ctx.db, councilId, handle);
  const roles = await ctx.db.personRole.findMany({ where: { personId: person.id } });
  if (
    !may(
      action,
      roles.map((r) => r.role),
    )
  )
    throw new UserError("security.notPermitted", { name: person.displayName, handle: person.handle, action });
  return person;
}

/** The audit actor: the permitted person of `--as`, or the CLI operator. */
export async function actorFor(ctx: CliContext, councilId: string, handle: string | undefined, action: Action): Promise<string> {
  return handle ? `person:${(await actingPerson(ctx, councilId, handle, action)).id}` : ctx.actor;
}
