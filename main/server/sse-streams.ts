import { PassThrough } from 'node:stream';

/** A client that stops reading is cut off once this much is waiting for it, rather than buffering forever. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The open Server-Sent Events streams of one server, so shutdown can end them all. */
export class SseStreams {
  readonly #open = new Set<SseStream>();

  get size(): number {
    return this.#open.size;
  }

  open(onEnd: () => void): SseStream {
    const stream = new SseStream(() => {
      this.#open.delete(stream);
      onEnd();
    });
    this.#open.add(stream);
    return stream;
  }

  endAll(): void {
    for (const stream of [...this.#open]) stream.end();
  }
}

export class SseStream {
  readonly body = new PassThrough();
  #ended = false;

  constructor(private readonly onEnd: () => void) {
    this.body.on('close', () => this.end());
  }

  /** `event: <name>\ndata: <json>\n\n`; JSON has no raw newlines, so one data line is enough. */
  send(event: string, data: unknown): void {
    this.#write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** A comment line: ignored by clients, keeps proxies and NAT from dropping an idle connection. */
  comment(text: string): void {
    this.#write(`: ${text}\n\n`);
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.body.end();
    this.onEnd();
  }

  #write(chunk: string): void {
    if (this.#ended) return;
    if (this.body.writableLength > MAX_BUFFERED_BYTES) {
      this.end();
      return;
    }
    this.body.write(chunk);
  }
}
