// What the forms on a person's console page do (person-forms.ts), each through the use case the CLI runs:
// editPerson, addStaffMembership / endStaffMembership, grantRole / revokeRole, addEmailAlias / removeEmailAlias,
// retirePerson. Each asks first, is CSRF-checked by the console and audited with channel "web"; a retired person
// is refused by the use cases (their record stays as it was).
import { isPlausibleAddress, normalizeAddress } from "../../domain/email/addresses.ts";
import { addEmailAlias, removeEmailAlias } from "../../domain/email/email-aliases.ts";
import { ROLES } from "../../domain/people/add-person.ts";
import { addStaffMembership, endStaffMembership } from "../../domain/people/add-staff-membership.ts";
import { cleanPersonChanges, editPerson, quoted } from "../../domain/people/edit-person.ts";
import { grantRole } from "../../domain/people/grant-role.ts";
import { activePerson, retirePerson } from "../../domain/people/retire-person.ts";
import { revokeRole } from "../../domain/people/revoke-role.ts";
import { UserError } from "../../lib/user-error.ts";
import { askToConfirm, field, refuseUnless, type ConsoleRoutes } from "../console.ts";
import type { ConsoleRequest } from "../console-request.ts";
import { DIRECTORY_ACTION, personFor } from "./people-page.ts";

type Role = (typeof ROLES)[number];

function roleOf(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) throw new UserError("consolePeople.badRole", { role: text });
  return text as Role;
}

async function bodyOf(req: ConsoleRequest, id: string) {
  const body = id ? await req.db.body.findFirst({ where: { id, councilId: req.councilId } }) : null;
  if (!body) throw new UserError("consolePeople.pickBody", {});
  return body;
}

export function registerPersonActionRoutes(routes: ConsoleRoutes): void {
  const back = (handle: string, done: string) => `/console/people/${handle}?done=${done}`;

  routes.post("/people/:handle/edit", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await activePerson(req.db, req.councilId, (await personFor(req, http)).id);
    const typed = { displayName: field(http, "displayName"), email: field(http, "email") };
    const after = cleanPersonChanges(typed);
    const changed = (["displayName", "email"] as const).filter((name) => person[name] !== after[name]);
    if (changed.length === 0) return void res.redirect(303, back(person.handle, "personUnchanged"));
    const fields = changed.map((name) => req.t(`consolePeople.field.${name}`)).join(req.locale === "ja" ? "・" : ", ");
    const question = req.t("consolePeople.confirmEdit", { name: person.displayName, fields });
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.save"), carry: typed })) return;
    await editPerson(req.db, { councilId: req.councilId, personId: person.id, changes: typed, actor: req.actor }, req.now);
    res.redirect(303, back(person.handle, "personEdited"));
  });

  routes.post("/people/:handle/membership", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await activePerson(req.db, req.councilId, (await personFor(req, http)).id);
    const body = await bodyOf(req, field(http, "body"));
    const primary = field(http, "primary") === "1";
    const question = req.t(primary ? "consolePeople.confirmJoinPrimary" : "consolePeople.confirmJoin", {
      name: person.displayName,
      body: body.name,
    });
    const carry = { body: body.id, ...(primary ? { primary: "1" } : {}) };
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.join"), carry })) return;
    await addStaffMembership(req.db, person.id, body.id, primary, req.actor);
    res.redirect(303, back(person.handle, "membershipAdded"));
  });

  routes.post("/people/:handle/leave", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await activePerson(req.db, req.councilId, (await personFor(req, http)).id);
    const body = await bodyOf(req, field(http, "body"));
    const question = req.t("consolePeople.confirmLeave", { name: person.displayName, body: body.name });
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.leave"), carry: { body: body.id } })) return;
    await endStaffMembership(req.db, person.id, body.id, req.actor, req.now);
    res.redirect(303, back(person.handle, "membershipEnded"));
  });

  routes.post("/people/:handle/grant", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await activePerson(req.db, req.councilId, (await personFor(req, http)).id);
    const role = roleOf(field(http, "role"));
    const question = req.t("consolePeople.confirmGrant", { name: person.displayName, role: req.t(`roles.${role}`) });
    if (
      await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.grant", { role: req.t(`roles.${role}`) }), carry: { role } })
    )
      return;
    await grantRole(req.db, person.id, role, req.actor);
    res.redirect(303, back(person.handle, "roleGranted"));
  });

  routes.post("/people/:handle/revoke", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await activePerson(req.db, req.councilId, (await personFor(req, http)).id);
    const role = roleOf(field(http, "role"));
    const question = req.t("consolePeople.confirmRevoke", { name: person.displayName, role: req.t(`roles.${role}`) });
    if (
      await askToConfirm(req, http, res, question, {
        yes: req.t("consolePeople.revoke", { role: req.t(`roles.${role}`) }),
        carry: { role },
      })
    )
      return;
    const revoked = await revokeRole(req.db, { councilId: req.councilId, personId: person.id, role, actor: req.actor });
    res.redirect(303, back(person.handle, revoked ? "roleRevoked" : "roleUnchanged"));
  });

  routes.post("/people/:handle/alias", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await activePerson(req.db, req.councilId, (await personFor(req, http)).id);
    const address = field(http, "address").trim();
    if (!address) throw new UserError("email.cli.addressMissing", {});
    if (!isPlausibleAddress(normalizeAddress(address))) throw new UserError("consolePeople.badEmail", { address: quoted(address) });
    const question = req.t("consolePeople.confirmAlias", { name: person.displayName, address });
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.addAlias"), carry: { address } })) return;
    // The use case checks the address (malformed, someone else's) and says so in both languages through the console.
    const added = await addEmailAlias(req.db, { personId: person.id, address, actor: req.actor }, req.now);
    res.redirect(303, back(person.handle, added.added ? "aliasAdded" : "aliasExists"));
  });

  routes.post("/people/:handle/unalias", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await activePerson(req.db, req.councilId, (await personFor(req, http)).id);
    const address = field(http, "address").trim();
    const question = req.t("consolePeople.confirmUnalias", { name: person.displayName, address });
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.removeAlias"), carry: { address } })) return;
    const removed = await removeEmailAlias(req.db, { personId: person.id, address, actor: req.actor }, req.now);
    res.redirect(303, back(person.handle, removed ? "aliasRemoved" : "aliasMissing"));
  });

  routes.post("/people/:handle/retire", async (req, http, res) => {
    if (await refuseUnless(req, res, DIRECTORY_ACTION)) return;
    const person = await activePerson(req.db, req.councilId, (await personFor(req, http)).id);
    const question = req.t("consolePeople.confirmRetire", { name: person.displayName });
    if (await askToConfirm(req, http, res, question, { yes: req.t("consolePeople.retire") })) return;
    await retirePerson(req.db, { councilId: req.councilId, personId: person.id, actor: req.actor }, req.now);
    res.redirect(303, back(person.handle, "personRetired"));
  });
}
