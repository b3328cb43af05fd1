/** Network namespaces joined by veth pairs, for tests and benchmarks of real tunnels. */
export * from './test-network.js';
