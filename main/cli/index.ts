/** The `outpost` command: serve, demo, migrate, user, tenant. */
export { buildProgram, runCli } from './program.js';
