// An unhandled rejection in a request or a job is logged as an error; it does not stop the server.
// A real child process: Node's default for an unhandled rejection is to exit with code 1.
import { describe, expect, it } from "vitest";
import { runTs } from "../support/run-command.ts";

describe("process guards", () => {
  it("logs an unhandled rejection and keeps the process running", async () => {
    const result = await runTs("test/security/support/reject-unhandled.ts", [], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("still serving");
    const logged = result.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } });
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 50,
        err: expect.objectContaining({ message: "a request handler forgot to catch this" }) as unknown,
      }),
    );
  }, 60_000);
});
