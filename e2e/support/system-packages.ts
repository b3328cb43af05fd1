/**
 * End-to-end tests that need a system package call `requireSystemCommand(command, aptPackage)` first:
 * the test fails (it does not skip) with `<command> is not installed. Fix: apt-get install -y <package>`.
 */
export {
  findSystemCommand,
  missingPackageMessage,
  requireSystemCommand,
} from '../../scripts/require-system-package.js';

/** Debian's Chromium, used by the Playwright `chromium` project (never a downloaded browser);
 * `OUTPOST_CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.OUTPOST_CHROMIUM_PATH ?? '/usr/bin/chromium';
