#!/usr/bin/env node
import { runCli } from './cli/index.js';

// exitCode, not exit(): `serve` keeps the process alive through its open server.
process.exitCode = await runCli(process.argv);
