/** The `outpost` command: serve, demo, migrate, user, tenant, tunnel-helper. */
export { buildProgram, runCli } from './program.js';
