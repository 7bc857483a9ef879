// Draws the add-on's icon.png (128×128) and logo.png (250×100) for the
// add-on store: a bank (pediment, columns, base) on a rounded tile, and on the
// logo a rising balance line beside it. Plain shapes sampled 4×4 per pixel,
// written as PNG with node:zlib, so no image tool is needed.
//   node scripts/draw-addon-images.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Paints layers (shape test + colour) over a transparent canvas, 4×4 samples per pixel. */
function render(width, height, layers) {
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const { inside, colour } of layers) {
        let hits = 0;
        for (let sy = 0; sy < 4; sy++)
          for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++;
        if (!hits) continue;
        const [cr, cg, cb] = typeof colour === 'function' ? colour(x, y) : colour;
        const alpha = hits / 16;
        r = cr * alpha + r * (1 - alpha);
        g = cg * alpha + g * (1 - alpha);
        b = cb * alpha + b * (1 - alpha);
        a = alpha + a * (1 - alpha);
      }
      out.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (y * width + x) * 4);
    }
  }
  return out;
}

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1;
const roundRect = (x0, y0, x1, y1, radius) => (x, y) => {
  if (!rect(x0, y0, x1, y1)(x, y)) return false;
  const cx = Math.min(Math.max(x, x0 + radius), x1 - radius);
  const cy = Math.min(Math.max(y, y0 + radius), y1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const side = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by),
    d2 = side(bx, by, cx, cy),
    d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const thickLine = (points, width) => (x, y) =>
  points.slice(1).some(([bx, by], i) => {
    const [ax, ay] = points[i];
    const t = Math.max(
      0,
      Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    );
    return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= (width / 2) ** 2;
  });

const WHITE = [255, 255, 255];
const GREEN = [126, 231, 135];
/** HA's blue (#03a9f4) to a deeper blue, top to bottom. */
const tile = (top, bottom) => (x, y) => {
  const t = Math.max(0, Math.min(1, (y - top) / (bottom - top)));
  return [3 + (13 - 3) * t, 169 + (71 - 169) * t, 244 + (161 - 244) * t];
};

/** The bank glyph in a `size` box at (ox, oy). */
function bank(ox, oy, size) {
  const s = size / 128;
  const at = (x0, y0, x1, y1) => rect(ox + x0 * s, oy + y0 * s, ox + x1 * s, oy + y1 * s);
  const columns = [30, 50, 70, 90].map((x) => ({ inside: at(x, 56, x + 9, 92), colour: WHITE }));
  return [
    { inside: triangle(ox + 64 * s, oy + 18 * s, ox + 20 * s, oy + 46 * s, ox + 108 * s, oy + 46 * s), colour: WHITE },
    { inside: at(22, 48, 106, 54), colour: WHITE },
    ...columns,
    { inside: at(22, 94, 106, 100), colour: WHITE },
    { inside: at(16, 102, 112, 108), colour: WHITE },
  ];
}

const icon = render(128, 128, [{ inside: roundRect(0, 0, 128, 128, 24), colour: tile(0, 128) }, ...bank(0, 0, 128)]);
writeFileSync(new URL('../plaid-balance-companion/icon.png', import.meta.url), png(128, 128, icon));

const logo = render(250, 100, [
  { inside: roundRect(0, 0, 100, 100, 18), colour: tile(0, 100) },
  ...bank(0, 0, 100),
  { inside: roundRect(110, 0, 250, 100, 18), colour: tile(0, 100) },
  {
    inside: thickLine(
      [
        [124, 78],
        [152, 60],
        [176, 68],
        [204, 38],
        [234, 24],
      ],
      7,
    ),
    colour: GREEN,
  },
  { inside: rect(124, 84, 236, 87), colour: WHITE },
]);
writeFileSync(new URL('../plaid-balance-companion/logo.png', import.meta.url), png(250, 100, logo));
console.log('wrote plaid-balance-companion/icon.png and logo.png');
