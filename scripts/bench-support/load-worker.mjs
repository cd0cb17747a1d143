// autocannon in a thread of its own, for bench-ack (issue #15). In the bench's main thread the load
// generator shared its event loop with the fake Slack, which answers Kyodo's replies (response URLs,
// conversations.open) while the load runs: Kyodo's own replies then slowed the requests sent to it, and
// to bare Bolt in the next run, by a third from run to run. Here nothing but the load runs. Plain
// JavaScript so that it starts without a TypeScript loader. The bodies come ready; each is signed as it is sent.
import { createHmac } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import autocannon from "autocannon";

const { url, bodies, connections, secret } = workerData;
let next = 0;
const sign = (body, contentType) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "content-type": contentType, "x-slack-request-timestamp": timestamp, "x-slack-signature": signature };
};
let started = performance.now();
let lastResponse = started;
const options = {
  url,
  method: "POST",
  connections: Math.min(connections, bodies.length),
  amount: bodies.length,
  timeout: 30,
  requests: [
    {
      setupRequest: (req) => {
        const { body, contentType } = bodies[next++ % bodies.length];
        return { ...req, method: "POST", body, headers: { ...req.headers, ...sign(body, contentType) } };
      },
    },
  ],
};
const run = autocannon(options);
run.on("start", () => (started = performance.now()));
run.on("response", () => (lastResponse = performance.now()));
// In a worker thread autocannon hands back its raw histograms (it expects to be one of its own workers).
const result = autocannon.aggregateResult([await run], { url, connections: options.connections, amount: options.amount });
parentPort.postMessage({
  total: result.requests.total,
  // autocannon stops only at its next 1-second sample, so a run of a fixed amount lasts whole seconds
  // whatever the server's speed: the rate is taken from the first request to the last response instead.
  seconds: (lastResponse - started) / 1000,
  latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
});
