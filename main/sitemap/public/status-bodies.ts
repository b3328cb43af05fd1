import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { PublicStatus } from '../../contract/index.js';

/** gzip member header: deflate, no flags, no mtime, no extra flags, OS unknown (RFC 1952 §2.3). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
const TAIL = Buffer.from('}');
/** The deflate of the closing brace, as the last (final) block of every stream. */
const TAIL_DEFLATED = deflateRawSync(TAIL);
/** Ends a piece on a byte boundary without closing the stream, so more pieces can follow. */
const SYNC = { finishFlush: constants.Z_SYNC_FLUSH };

interface ItemsText {
  json: Buffer;
  deflated: Buffer;
}

/**
 * Public status answers for large sites, made cheap: the items list (5,000 overlays are most of a
 * 240 KB answer, 13 KB gzipped) is serialised and compressed once for as long as the Core hands
 * out the same list (until the status or the release changes); only the few fields around it are
 * done per request, since the age changes every time. The gzip answer is the small per-request
 * head and the cached items as separately compressed pieces of one deflate stream (each piece
 * ends with a sync flush, so the next starts on a byte boundary and refers to nothing before it),
 * with the CRC of the whole.
 */
export class StatusBodies {
  readonly #items = new WeakMap<object, ItemsText>();

  /** `{…fields, "items": […]}` as UTF-8, and gzipped when `gzip` is set. */
  render(status: PublicStatus, gzip: boolean): Buffer {
    const { items, ...rest } = status;
    const text = this.#itemsText(items);
    const fields = JSON.stringify(rest);
    const head = Buffer.from(`${fields.slice(0, -1)}${fields.length > 2 ? ',' : ''}"items":`);
    if (!gzip) return Buffer.concat([head, text.json, TAIL]);

    const crc = crc32(TAIL, crc32(text.json, crc32(head)));
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE((head.length + text.json.length + TAIL.length) % 2 ** 32, 4);
    return Buffer.concat([GZIP_HEADER, deflateRawSync(head, SYNC), text.deflated, TAIL_DEFLATED, trailer]);
  }

  #itemsText(items: PublicStatus['items']): ItemsText {
    let text = this.#items.get(items);
    if (text === undefined) {
      const json = Buffer.from(JSON.stringify(items));
      text = { json, deflated: deflateRawSync(json, SYNC) };
      this.#items.set(items, text);
    }
    return text;
  }
}
