import { generateKeyPair } from '../../../native/wireguard/index.js';
import { createHelperHost } from '../helper-client.js';

/**
 * Run by helper-privileges.test.ts in a child with dropped privileges (uid nobody, one group):
 * what the desktop app does through the helper. Prints one JSON line: each step's outcome, or the
 * error sentence where the helper (or the kernel, at connect) refused.
 */
const [socketPath, name] = process.argv.slice(2) as [string, string];
const host = createHelperHost({ socketPath, version: 'child' });
const keys = generateKeyPair();
const peer = generateKeyPair();
const steps: Record<string, unknown> = {
  uid: process.getuid?.(),
  gid: process.getgid?.(),
  groups: process.getgroups?.(),
};
try {
  steps.implementation = await host.up({
    name,
    addresses: ['198.18.0.1/15'],
    device: {
      privateKey: keys.privateKey,
      listenPort: 51821,
      peers: [{ publicKey: peer.publicKey, allowedIps: ['198.18.0.2/32'], persistentKeepalive: 5 }],
    },
    routes: [],
  });
  steps.netns = host.netns;
  steps.publicKey = keys.publicKey;
  steps.peerKey = peer.publicKey;
  steps.dump = await host.dump(name);
  steps.existsAfterUp = await host.exists(name);
  await host.down(name);
  steps.existsAfterDown = await host.exists(name);
} catch (err) {
  steps.error = { name: (err as Error).name, message: (err as Error).message, kind: (err as { kind?: string }).kind };
}
process.stdout.write(`${JSON.stringify(steps)}\n`);
