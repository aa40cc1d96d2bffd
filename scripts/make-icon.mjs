// Draws the extension's icon, images/icon.png (128 x 128): a trace waterfall of five spans on a dark
// rounded square, one bar per span kind in the colours of the Span Kinds view (SERVER green, INTERNAL
// grey, CLIENT blue, PRODUCER orange, CONSUMER purple). Deterministic: the same pixels on every run.
// Usage: node scripts/make-icon.mjs [output.png]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';

export const SIZE = 128;
const BACKGROUND = [0x1e, 0x24, 0x30];
const CORNER = 26;
const BAR_HEIGHT = 14;
const BAR_GAP = 8;
/** [kind, colour, start x, end x], top to bottom: an entry span and the work it waits for. */
const BARS = [
  ['SERVER', [0x89, 0xd1, 0x85], 14, 114],
  ['INTERNAL', [0x9d, 0xa5, 0xb4], 26, 78],
  ['CLIENT', [0x37, 0x94, 0xff], 38, 98],
  ['PRODUCER', [0xe0, 0x8a, 0x1e], 50, 90],
  ['CONSUMER', [0xb1, 0x80, 0xd7], 70, 114],
];
/** Samples per pixel side, for smooth edges. */
const SUPERSAMPLE = 4;

/** Is (x, y) inside the rounded rectangle [x0, x1) x [y0, y1) with corner radius r? */
function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The icon's pixels, RGBA, row by row. */
export function renderIcon() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  const top = (SIZE - (BARS.length * BAR_HEIGHT + (BARS.length - 1) * BAR_GAP)) / 2;
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = px + (sx + 0.5) / SUPERSAMPLE;
          const y = py + (sy + 0.5) / SUPERSAMPLE;
          if (!inRoundedRect(x, y, 0, 0, SIZE, SIZE, CORNER)) continue;
          let colour = BACKGROUND;
          BARS.forEach(([, barColour, x0, x1], i) => {
            const y0 = top + i * (BAR_HEIGHT + BAR_GAP);
            if (inRoundedRect(x, y, x0, y0, x1, y0 + BAR_HEIGHT, BAR_HEIGHT / 2)) colour = barColour;
          });
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const at = (py * SIZE + px) * 4;
      // Colour averaged over the covered samples (straight alpha), alpha from the coverage.
      pixels[at] = a ? Math.round(r / a) : 0;
      pixels[at + 1] = a ? Math.round(g / a) : 0;
      pixels[at + 2] = a ? Math.round(b / a) : 0;
      pixels[at + 3] = Math.round((a / samples) * 255);
    }
  }
  return pixels;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG file (8-bit RGBA, no filtering) of `pixels`. */
export function encodePng(pixels, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) rows.push(Buffer.from([0]), pixels.subarray(y * width * 4, (y + 1) * width * 4));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, encodePng(renderIcon(), SIZE, SIZE));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
