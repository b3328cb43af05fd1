import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from './command-runner.js';
import { syncAddresses, syncRoutes } from './ip-state.js';
import { createTestNetwork, namespacesUnavailable, type TestNetwork } from './test-support/index.js';

const unavailable = namespacesUnavailable();

/** Two interfaces (veth pairs) in a namespace of their own: one holds a route, the other must not take it. */
describe.skipIf(unavailable !== null)(`routes of a tunnel${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let net: TestNetwork;
  let ns = '';
  const run = (tool: string, args: readonly string[]) => runTool(tool, args, { netns: ns });
  const routes = (family: '-4' | '-6') => net.exec(ns, ['ip', family, 'route', 'show']);

  beforeAll(() => {
    net = createTestNetwork();
    ns = net.namespace('iproute');
    for (const dev of ['lan', 'tun']) {
      net.exec(ns, ['ip', 'link', 'add', `${dev}0`, 'type', 'veth', 'peer', 'name', `${dev}1`]);
      for (const end of [`${dev}0`, `${dev}1`]) net.exec(ns, ['ip', 'link', 'set', end, 'up']);
    }
    net.exec(ns, ['ip', 'route', 'add', '10.77.0.0/24', 'dev', 'lan0']);
    net.exec(ns, ['ip', '-6', 'route', 'add', 'fd77::/64', 'dev', 'lan0']);
  });
  afterAll(() => net?.cleanup());

  it('refuses a route another interface holds, naming it, and leaves that route where it was', async () => {
    await expect(syncRoutes(run, 'tun0', ['10.77.0.0/24'])).rejects.toThrow(
      "The route to 10.77.0.0/24 belongs to interface lan0, and Outpost does not take over another interface's route",
    );
    await expect(syncRoutes(run, 'tun0', ['fd77::/64'])).rejects.toThrow('belongs to interface lan0');
    expect(routes('-4')).toMatch(/^10\.77\.0\.0\/24 dev lan0/m);
    expect(routes('-6')).toMatch(/^fd77::\/64 dev lan0/m);
    expect(routes('-4')).not.toMatch(/tun0/);
  });

  it('adds its own routes and removes them again, the other interface untouched', async () => {
    await syncRoutes(run, 'tun0', ['10.78.0.5/32', 'fd78::5/128']);
    expect(routes('-4')).toMatch(/^10\.78\.0\.5 dev tun0/m);
    expect(routes('-6')).toMatch(/^fd78::5 dev tun0/m);
    await syncRoutes(run, 'tun0', ['10.78.0.5/32', 'fd78::5/128']); // already there: no change, no error
    await syncRoutes(run, 'tun0', []);
    expect(routes('-4')).not.toMatch(/tun0/);
    expect(routes('-4')).toMatch(/^10\.77\.0\.0\/24 dev lan0/m);
  });

  it("changes an address's prefix in place, in both families (a hub's second device becoming its first)", async () => {
    const addresses = () => net.exec(ns, ['ip', '-br', 'address', 'show', 'dev', 'tun0']);
    await syncAddresses(run, 'tun0', ['10.79.0.1/32', 'fd79::1/128']);
    expect(addresses()).toMatch(/10\.79\.0\.1\/32 fd79::1\/128/);
    await syncAddresses(run, 'tun0', ['10.79.0.1/24', 'fd79::1/64']);
    expect(addresses()).toMatch(/10\.79\.0\.1\/24 fd79::1\/64/);
    expect(addresses()).not.toMatch(/\/32|\/128/);
    await syncAddresses(run, 'tun0', []);
  });
});
