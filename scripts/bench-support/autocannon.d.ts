// The part of autocannon's API the benchmarks use (the package ships no types; @types/autocannon would be
// one more dependency for two scripts).
declare module "autocannon" {
  namespace autocannon {
    interface Request {
      method?: string;
      body?: string;
      headers?: Record<string, string>;
      setupRequest?: (request: { headers?: Record<string, string> }) => Record<string, unknown>;
    }
    interface Options {
      url: string;
      method?: string;
      connections?: number;
      duration?: number;
      amount?: number;
      overallRate?: number;
      timeout?: number;
      requests?: Request[];
    }
    interface Result {
      duration: number;
      requests: { total: number; average: number };
      latency: { p50: number; p99: number; max: number; average: number };
      non2xx: number;
      errors: number;
      timeouts: number;
    }
  }
  /** The run: a promise of its result that also emits "start" and "response" (statusCode, bytes, ms) as it goes. */
  interface Run extends Promise<autocannon.Result> {
    on(event: "start", listener: () => void): void;
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  }
  function autocannon(options: autocannon.Options): Run;
  export default autocannon;
}
