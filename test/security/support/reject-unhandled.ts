// A process that lets a promise reject with nobody listening, as a request or job once did, and then
// reports whether it is still alive. Run by process-guards.test.ts as a real child process.
import pino from "pino";
import { installProcessGuards } from "../../../src/config/process-guards.ts";

installProcessGuards(pino({ base: undefined }, process.stdout));
void Promise.reject(new Error("a request handler forgot to catch this"));
setTimeout(() => {
  process.stdout.write("still serving\n");
}, 100);
