#!/usr/bin/env node
// Draws Outpost's icons without any image library: `node scripts/make-icons.mjs` writes
// resources/icons/icon.png (512×512, app and installers) and tray.png (32×32). The shapes match
// resources/icons/icon.svg: a map pin on a dark rounded square. Run it again after changing them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icons');

const BACKGROUND = [15, 23, 42]; // #0f172a
const PIN = [245, 158, 11]; // #f59e0b
const RING = [56, 189, 248]; // #38bdf8

/** Signed distance to a rounded square filling the unit box with `margin` and corner `radius`. */
function roundedSquare(x, y, margin, radius) {
  const half = 0.5 - margin;
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** A map pin: a circle whose sides run down to a point. Negative inside. */
function pin(x, y, cx, cy, r, tipY) {
  const circle = Math.hypot(x - cx, y - cy) - r;
  // Straight sides tangent to the circle, meeting at the tip; they touch it at `tangentY`.
  const d = tipY - cy;
  const tangentY = cy + (r * r) / d;
  if (y <= tangentY) return circle;
  const halfWidth = (r * (tipY - y)) / Math.sqrt(d * d - r * r);
  const side = y >= tipY ? y - tipY : Math.abs(x - cx) - halfWidth;
  return Math.min(circle, side * 0.9);
}

/** Colour of one point of the icon, or null where it is transparent. */
function shade(x, y, withBackground) {
  const hole = Math.hypot(x - 0.5, y - 0.42) - 0.075;
  if (pin(x, y, 0.5, 0.42, 0.19, 0.8) < 0 && hole > 0) return PIN;
  if (withBackground) {
    const ring = Math.abs(Math.hypot((x - 0.5) / 1.0, (y - 0.8) / 0.32) - 0.26);
    if (ring < 0.012 && y > 0.72) return RING;
    if (roundedSquare(x, y, 0.04, 0.2) < 0) return BACKGROUND;
  }
  return null;
}

function render(size, withBackground) {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, withBackground);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        pixels[i] = Math.round(r / a);
        pixels[i + 1] = Math.round(g / a);
        pixels[i + 2] = Math.round(b / a);
        pixels[i + 3] = Math.round((255 * a) / (samples * samples));
      }
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG; every scanline uses filter 0 (none). */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'icon.png'), encodePng(512, render(512, true)));
// Tray icons sit on the panel's own background: the pin alone reads best at 32 px.
writeFileSync(join(outDir, 'tray.png'), encodePng(32, render(32, false)));
console.log(`Wrote icon.png (512×512) and tray.png (32×32) to ${outDir}`);
