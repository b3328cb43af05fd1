// Throughput helper, run inside a network namespace:
//   node bulk-http.mjs serve PORT        answers every GET with ?bytes=N bytes (default 64 MiB) of zeros
//   node bulk-http.mjs get URL           downloads URL once, prints {"bytes":n,"ms":t}
import { createServer } from 'node:http';

const [mode, arg] = process.argv.slice(2);
const CHUNK = Buffer.alloc(256 * 1024);

if (mode === 'serve') {
  createServer((req, res) => {
    let left = Number(new URL(req.url, 'http://x').searchParams.get('bytes') ?? 64 * 1024 * 1024);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(left) });
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, CHUNK.length);
        left -= n;
        if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }).listen(Number(arg), '0.0.0.0', () => process.stdout.write('ready\n'));
} else if (mode === 'get') {
  const started = performance.now();
  const res = await fetch(arg);
  let bytes = 0;
  for await (const chunk of res.body) bytes += chunk.length;
  process.stdout.write(`${JSON.stringify({ bytes, ms: performance.now() - started })}\n`);
}
