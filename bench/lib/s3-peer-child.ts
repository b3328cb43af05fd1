import { startS3Peer } from '../../main/media/test-support/index.js';

// The child side of s3-peer-process.ts: starts the peer, answers CPU questions, closes on request.
const peer = await startS3Peer();
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') {
    const used = process.cpuUsage();
    process.send!({ type: 'cpu', micros: used.user + used.system });
  } else if (m.type === 'close') {
    void peer.close().finally(() => process.exit(0));
  }
});
process.send!({ type: 'ready', endpoint: peer.endpoint, bucket: peer.bucket });
