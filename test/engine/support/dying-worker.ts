// A worker thread that dies as it starts (a broken build, a fault at load): test/engine/inbox-thread.test.ts.
process.exit(3);
export {};
