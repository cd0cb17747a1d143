// Domain rules report what to fix through UserError (see lib/user-error.ts).
export { UserError as DomainError } from "../lib/user-error.ts";
