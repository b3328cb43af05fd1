/** Real tunnels between outpost serve processes in namespaces (tests, benchmarks), and the Core's tunnels service. */
export * from './tunnel-lab.js';
export { tunnelsOf } from './tunnels-of.js';
