// Imported first by the harness: libraries read NODE_ENV when they load (graphql-js,
// for one, swaps in its cheaper production checks), and the benchmarks measure the
// system as it runs in production. The harness's own config says the same to bootSystem.
process.env.NODE_ENV = 'production';

/**
 * The V8 flags `npm start` runs the server with (package.json). The server lives in the
 * harness process, so the harness runs with them too. A GraphQL request allocates
 * hundreds of short-lived objects per resolved field; with V8's default 16 MiB young
 * generation halves, the scavenger ran so often that it took a fifth of the nested
 * list's CPU time (docs/benchmarks.md, benchmark 3).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
