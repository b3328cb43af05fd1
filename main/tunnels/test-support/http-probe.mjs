// Runs inside a network namespace (ip netns exec … node http-probe.mjs …).
// `agent`: reads {"id","url","timeoutMs"} lines on stdin, answers {"id","ok"} lines (one process per
//   namespace for many requests: starting node is the slow part).
// `URL TIMEOUT_MS 1`: one GET, prints `{"ok":true,"status":200}` or the error, exit 0 either way.
// `URL INTERVAL_MS`: a GET every INTERVAL_MS until SIGTERM, one JSON line per answer: {"at":ms,"ok":bool}.
// Each request has a timeout of 1 s, so a cut tunnel shows as failures rather than a hang.
const [url, intervalText = '50', countText = '0'] = process.argv.slice(2);
const interval = Number(intervalText);
const count = Number(countText);

async function once(timeoutMs, target = url) {
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return { ok: res.ok, status: res.status };
  } catch (err) {
    return { ok: false, error: String(err?.cause?.code ?? err?.name ?? err) };
  }
}

if (url === 'agent') {
  let buffer = '';
  process.stdin.setEncoding('utf8').on('data', (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const { id, url: target, timeoutMs } = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      void once(timeoutMs, target).then((r) => process.stdout.write(`${JSON.stringify({ id, ok: r.ok })}\n`));
    }
  });
} else if (count === 1) {
  process.stdout.write(`${JSON.stringify(await once(interval))}\n`);
} else {
  let running = true;
  process.on('SIGTERM', () => (running = false));
  while (running) {
    const started = Date.now();
    const result = await once(1000);
    process.stdout.write(`${JSON.stringify({ at: Date.now(), ok: result.ok })}\n`);
    const wait = interval - (Date.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
