/**
 * Draws the two icons a Teams app package needs and writes them next to the Teams manifest:
 *
 *   manifest/teams/color.png    192×192, full colour: a Pacer-blue rounded square with a white
 *                               double chevron pointing up ("pace")
 *   manifest/teams/outline.png  32×32, the same glyph in white on transparent (Teams tints it, so
 *                               it must hold nothing but white and transparency)
 *
 * Run with `node scripts/make-teams-icons.ts` after changing the drawing; the PNGs are committed, so
 * packaging needs no image tooling. Only node:zlib is used: the encoder below is the whole PNG format
 * a static RGBA image needs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

/** Pacer blue, the same as the Slack app's background colour and the Teams `accentColor`. */
const BLUE = { r: 0x1f, g: 0x3a, b: 0x5f } as const;

/** An RGBA image, 8 bits per channel, rows top to bottom, no padding. */
export interface Rgba {
  width: number;
  height: number;
  pixels: Uint8Array;
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  // The CRC covers the type and the data, not the length.
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes an RGBA image as a PNG (colour type 6, bit depth 8, no interlace, filter 0 on every row). */
export function encodePng(image: Rgba): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * 4) throw new Error(`expected ${width * height * 4} bytes of RGBA, got ${pixels.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth, colour type RGBA, compression, filter method, interlace
  // Each scanline starts with its filter type byte; 0 (none) is plenty for icons this small.
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

type Point = readonly [number, number];

/** Distance from p to the segment a–b; a stroke is every point within half its width (round caps). */
function segmentDistance(p: Point, a: Point, b: Point): number {
  const [px, py] = p;
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Signed distance to a rounded square centred at (0.5, 0.5) in unit coordinates: negative inside. */
function roundedSquare(p: Point, half: number, radius: number): number {
  const qx = Math.abs(p[0] - 0.5) - (half - radius);
  const qy = Math.abs(p[1] - 0.5) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/**
 * The glyph: two stacked upward chevrons, in a box of side `size` centred at (0.5, 0.5), unit
 * coordinates with y down. Two chevrons rather than one read as "speeding up", not just "up".
 */
function inGlyph(p: Point, size: number): boolean {
  const at = (x: number, y: number): Point => [0.5 + x * size, 0.5 + y * size];
  const half = 0.105 * size;
  const chevrons: Array<[Point, Point, Point]> = [
    [at(-0.38, -0.02), at(0, -0.4), at(0.38, -0.02)],
    [at(-0.38, 0.38), at(0, 0), at(0.38, 0.38)],
  ];
  return chevrons.some(([a, b, c]) => segmentDistance(p, a, b) <= half || segmentDistance(p, b, c) <= half);
}

/**
 * Renders a square image by supersampling: each pixel averages SAMPLES² points, so edges are
 * anti-aliased without any drawing library. `shade` gives the colour and opacity at a point.
 */
function render(size: number, shade: (p: Point) => { r: number; g: number; b: number; a: number }): Rgba {
  const SAMPLES = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = shade([(x + (sx + 0.5) / SAMPLES) / size, (y + (sy + 0.5) / SAMPLES) / size]);
          // Premultiplied sums, so transparent samples do not darken the colour of an edge pixel.
          r += c.r * c.a;
          g += c.g * c.a;
          b += c.b * c.a;
          a += c.a;
        }
      }
      const i = (y * size + x) * 4;
      if (a > 0) {
        pixels[i] = Math.round(r / a);
        pixels[i + 1] = Math.round(g / a);
        pixels[i + 2] = Math.round(b / a);
      }
      pixels[i + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return { width: size, height: size, pixels };
}

const WHITE = { r: 255, g: 255, b: 255, a: 1 };
const CLEAR = { r: 0, g: 0, b: 0, a: 0 };

/** The colour icon: the glyph sits inside the central 120 px, the safe area Teams keeps uncropped. */
export function renderColorIcon(): Rgba {
  return render(COLOR_SIZE, (p) => {
    if (roundedSquare(p, 0.5, 0.2) > 0) return CLEAR;
    return inGlyph(p, 0.6) ? WHITE : { ...BLUE, a: 1 };
  });
}

/** The outline icon: white only, so Teams can tint it for light, dark and high-contrast themes. */
export function renderOutlineIcon(): Rgba {
  return render(OUTLINE_SIZE, (p) => (inGlyph(p, 0.84) ? WHITE : CLEAR));
}

/** Where the committed icons live. */
export const TEAMS_MANIFEST_DIR = join(import.meta.dirname, '..', 'manifest', 'teams');

export function writeIcons(dir: string = TEAMS_MANIFEST_DIR): string[] {
  const files = [
    [join(dir, 'color.png'), encodePng(renderColorIcon())],
    [join(dir, 'outline.png'), encodePng(renderOutlineIcon())],
  ] as const;
  for (const [path, png] of files) writeFileSync(path, png);
  return files.map(([path]) => path);
}

if (import.meta.main) {
  for (const path of writeIcons()) console.log(`wrote ${path}`);
}
