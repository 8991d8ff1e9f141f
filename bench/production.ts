// Imported first by the harness: libraries read NODE_ENV when they load (graphql-js,
// for one, swaps in its cheaper production checks), and the benchmarks measure the
// system as it runs in production. The harness's own config says the same to bootSystem.
process.env.NODE_ENV = 'production';

export {};
