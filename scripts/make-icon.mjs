// Draws the extension icon (128×128 PNG: a document with a check mark on NHS-like blue)
// with node's zlib only, so no image tool is needed. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const set = (x, y, [r, g, b, a = 255]) => {
  if (x < 0 || y < 0 || x >= size || y >= size) return;
  const i = (y * size + x) * 4;
  pixels[i] = r; pixels[i + 1] = g; pixels[i + 2] = b; pixels[i + 3] = a;
};
const blue = [0, 94, 184];
const white = [255, 255, 255];
const green = [0, 150, 57];
for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
  const dx = Math.max(0, Math.abs(x - 63.5) - 48), dy = Math.max(0, Math.abs(y - 63.5) - 48);
  if (dx * dx + dy * dy <= 16 * 16) set(x, y, blue); // rounded square
}
for (let y = 26; y < 102; y++) for (let x = 38; x < 90; x++) if (!(x > 76 && y < 26 + (x - 76))) set(x, y, white); // page with a folded corner
for (let i = 0; i < 4; i++) for (let x = 46; x < 82; x++) if (x < 58 || i > 0) set(x, 40 + i * 8, [180, 190, 200]); // text lines
const stroke = (x0, y0, x1, y1) => {
  for (let t = 0; t <= 1; t += 0.002) {
    const x = x0 + (x1 - x0) * t, y = y0 + (y1 - y0) * t;
    for (let oy = -5; oy <= 5; oy++) for (let ox = -5; ox <= 5; ox++) if (ox * ox + oy * oy <= 25) set(Math.round(x + ox), Math.round(y + oy), green);
  }
};
stroke(54, 78, 64, 88);
stroke(64, 88, 84, 64);

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const check = Buffer.alloc(4); check.writeUInt32BE(crc(body));
  return Buffer.concat([length, body, check]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4); header[8] = 8; header[9] = 6;
const raw = Buffer.concat(Array.from({ length: size }, (_, y) => Buffer.concat([Buffer.from([0]), pixels.subarray(y * size * 4, (y + 1) * size * 4)])));
writeFileSync('images/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
