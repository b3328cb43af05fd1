import { describe, expect, it } from 'vitest';
import { ROLES } from '../contract/index.js';
import { DEFAULT_HELPER_GROUP, DEFAULT_HELPER_SOCKET } from '../tunnel-helper/index.js';
import { buildProgram } from './program.js';
import { HELPER_DEFAULTS_HELP } from './tunnel-helper-command.js';
import { ROLE_HELP } from './user-command.js';

/** `--help` loads no contract and no helper, so it names their values itself: these must not drift. */
function helpOf(...path: string[]): string {
  let command = buildProgram();
  for (const name of path) command = command.commands.find((c) => c.name() === name)!;
  return command.helpInformation();
}

describe('what --help names without loading the modules it describes', () => {
  it('lists every role of the contract for `user add --role`', () => {
    expect(ROLE_HELP).toBe(ROLES.join(', '));
    expect(helpOf('user', 'add')).toContain(`one of: ${ROLES.join(', ')}`);
  });

  it("shows the tunnel helper's own default socket and group", () => {
    expect(HELPER_DEFAULTS_HELP).toEqual({ socket: DEFAULT_HELPER_SOCKET, group: DEFAULT_HELPER_GROUP });
    const help = helpOf('tunnel-helper').replace(/\s+/g, ' ');
    expect(help).toContain(`(default: "${DEFAULT_HELPER_SOCKET}")`);
    expect(help).toContain(`(default: "${DEFAULT_HELPER_GROUP}")`);
  });
});
