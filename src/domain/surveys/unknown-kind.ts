/**
 * The `default:` branch of every switch over question kinds. Its parameter is `never`, so when a kind is added to
 * `QUESTION_KINDS` and a switch forgets it, `tsc` fails at that switch instead of the kind silently taking a default.
 */
export function unknownKind(question: never): never {
  throw new Error(`unknown question kind: ${JSON.stringify(question)}`);
}
