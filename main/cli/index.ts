/** The `outpost` command: serve, migrate, user. */
export { buildProgram, runCli } from './program.js';
