// Where in a definition file (a survey, a ballot) a problem is: questions[3].options[1]. Positions count from 1,
// as a person counts the entries in the file, the same in every validator.
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path.reduce<string>(
      (out, part) => (typeof part === "number" ? `${out}[${part + 1}]` : out ? `${out}.${String(part)}` : String(part)),
      "",
    ) || "(file)"
  );
}
