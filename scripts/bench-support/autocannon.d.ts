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
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
