/**
 * The Teams app package: the manifest must pass the Teams schema (checked offline), offer exactly
 * the commands the bot serves in every scope it is installed in, and ship icons Teams accepts; the
 * packaging script must zip exactly those three files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../src/commands.ts';
import { COLOR_SIZE, OUTLINE_SIZE, renderColorIcon, renderOutlineIcon, type Rgba } from '../../scripts/make-teams-icons.ts';
import { MANIFEST_DIR, PackageError, PLACEHOLDER_ID, packageTeams, validateTeamsManifest } from '../../scripts/package-teams.ts';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'package-teams.ts');
const APP_ID = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const CLIENT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const IDS = { TEAMS_APP_ID: APP_ID, TEAMS_CLIENT_ID: CLIENT_ID };

interface BotCommand {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: BotCommand[];
}
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  isNotificationOnly?: boolean;
  commandLists: CommandList[];
}

const manifestText = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${what} is not a list of strings`);
  return value;
}

/** The manifest's fields this test reads, shape-checked (the schema test covers the rest). */
function readManifest(text: string): { id: unknown; bots: Bot[] } {
  const manifest: unknown = JSON.parse(text);
  if (!isRecord(manifest) || !Array.isArray(manifest.bots)) throw new Error('manifest has no bots');
  const bots = manifest.bots.map((bot: unknown): Bot => {
    if (!isRecord(bot) || typeof bot.botId !== 'string' || !Array.isArray(bot.commandLists)) throw new Error('bot lacks botId/commandLists');
    const commandLists = bot.commandLists.map((list: unknown): CommandList => {
      if (!isRecord(list) || !Array.isArray(list.commands)) throw new Error('command list lacks commands');
      const commands = list.commands.map((c: unknown): BotCommand => {
        if (!isRecord(c) || typeof c.title !== 'string') throw new Error(`command lacks a title: ${JSON.stringify(c)}`);
        return { title: c.title, ...(typeof c.description === 'string' && { description: c.description }) };
      });
      return { scopes: strings(list.scopes, 'commandLists[].scopes'), commands };
    });
    return {
      botId: bot.botId,
      scopes: strings(bot.scopes, 'bots[].scopes'),
      ...(typeof bot.supportsFiles === 'boolean' && { supportsFiles: bot.supportsFiles }),
      ...(typeof bot.isNotificationOnly === 'boolean' && { isNotificationOnly: bot.isNotificationOnly }),
      commandLists,
    };
  });
  return { id: manifest.id, bots };
}

/**
 * A PNG decoder for what the icon script writes and anything like it: 8-bit RGBA, not interlaced,
 * any of the five row filters. Checks every chunk's CRC on the way.
 */
function decodePng(bytes: Uint8Array): Rgba {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    expect(buf.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(buf.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8, 13)], 'bit depth 8, RGBA, no interlace').toEqual([8, 6, 0, 0, 0]);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (pixels[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (pixels[(y - 1) * stride + x - 4] ?? 0) : 0;
      const paeth = (): number => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter ?? -1];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

function pixelAt(image: Rgba, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.pixels.subarray(i, i + 4)];
}

describe('manifest/teams/manifest.json', () => {
  const manifest = readManifest(manifestText);

  it('validates offline against the Teams schema of its manifestVersion', async () => {
    expect(await validateTeamsManifest(manifestText)).toEqual([]);
  });

  it('is checked for real: a broken copy fails validation', async () => {
    const broken: unknown = JSON.parse(manifestText);
    if (!isRecord(broken) || !Array.isArray(broken.bots) || !isRecord(broken.bots[0])) throw new Error('unexpected manifest shape');
    delete broken.developer;
    broken.bots[0].botId = 'not-a-guid';
    broken.accentColor = 'blue';
    const errors = await validateTeamsManifest(JSON.stringify(broken));
    expect(errors.some((e) => e.includes("'developer'")), errors.join('\n')).toBe(true);
    expect(errors.some((e) => e.startsWith('/bots/0/botId')), errors.join('\n')).toBe(true);
    expect(errors.some((e) => e.startsWith('/accentColor')), errors.join('\n')).toBe(true);
    expect(await validateTeamsManifest('{ not json')).toEqual([expect.stringContaining('not JSON')]);
  });

  it('commits only placeholder ids: the packaging script puts the real ones in', () => {
    expect(manifest.id).toBe(PLACEHOLDER_ID);
    expect(manifest.bots.map((b) => b.botId)).toEqual([PLACEHOLDER_ID]);
  });

  it('has one conversational bot for personal chat, teams and group chats, that takes files (chat imports)', () => {
    expect(manifest.bots).toHaveLength(1);
    const [bot] = manifest.bots;
    expect(bot?.scopes.toSorted()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot?.supportsFiles).toBe(true);
    expect(bot?.isNotificationOnly).toBe(false);
  });

  it('lists the registry commands plus help in every bot scope, within the menu\'s ten', () => {
    // Teams shows at most ten commands per scope; these are typed rather than picked from the menu.
    const typedOnly = ['recognition'];
    const expected = [...createCommandRegistry().names().filter((name) => !typedOnly.includes(name)), 'help'];
    expect(expected.length).toBeLessThanOrEqual(10);
    for (const bot of manifest.bots) {
      for (const scope of bot.scopes) {
        const lists = bot.commandLists.filter((l) => l.scopes.includes(scope));
        expect(lists, scope).toHaveLength(1);
        expect(lists[0]?.commands.map((c) => c.title), scope).toEqual(expected);
      }
      for (const list of bot.commandLists) for (const scope of list.scopes) expect(bot.scopes, 'a command list for a scope the bot lacks').toContain(scope);
    }
  });

  it('gives every command a description within the Teams command menu limits', () => {
    for (const list of manifest.bots.flatMap((b) => b.commandLists)) {
      for (const c of list.commands) {
        expect(c.title.length, c.title).toBeLessThanOrEqual(32);
        expect(c.description?.trim().length ?? 0, c.title).toBeGreaterThan(0);
        expect(c.description?.length ?? 0, c.title).toBeLessThanOrEqual(128);
      }
    }
  });
});

describe('Teams icons', () => {
  const color = decodePng(readFileSync(join(MANIFEST_DIR, 'color.png')));
  const outline = decodePng(readFileSync(join(MANIFEST_DIR, 'outline.png')));

  it('color.png is 192×192: an opaque Pacer-blue square with a white glyph', () => {
    expect([color.width, color.height]).toEqual([COLOR_SIZE, COLOR_SIZE]);
    expect(pixelAt(color, 20, 96), 'background').toEqual([0x1f, 0x3a, 0x5f, 255]);
    expect(pixelAt(color, 96, 58), 'glyph').toEqual([255, 255, 255, 255]);
  });

  it('outline.png is 32×32 and holds only white and transparency', () => {
    expect([outline.width, outline.height]).toEqual([OUTLINE_SIZE, OUTLINE_SIZE]);
    let opaque = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) continue;
      expect([r, g, b], `pixel ${i / 4}`).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(opaque).toBeGreaterThan(100);
  });

  it('are what scripts/make-teams-icons.ts draws (rerun it after changing the drawing)', () => {
    expect(Buffer.from(color.pixels).equals(Buffer.from(renderColorIcon().pixels))).toBe(true);
    expect(Buffer.from(outline.pixels).equals(Buffer.from(renderOutlineIcon().pixels))).toBe(true);
  });
});

describe('scripts/package-teams.ts', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'pacer-teams-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** A manifest folder in the temp dir: the real icons, and the manifest as `edit` leaves it. */
  function manifestDir(name: string, edit: (manifest: Record<string, unknown>) => void, icons = { color: 'color.png', outline: 'outline.png' }): string {
    const dir = join(tmp, name);
    rmSync(dir, { recursive: true, force: true });
    const manifest: unknown = JSON.parse(manifestText);
    if (!isRecord(manifest)) throw new Error('manifest is not an object');
    edit(manifest);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(dir, 'color.png'), readFileSync(join(MANIFEST_DIR, icons.color)));
    writeFileSync(join(dir, 'outline.png'), readFileSync(join(MANIFEST_DIR, icons.outline)));
    return dir;
  }

  it('zips exactly manifest.json, color.png and outline.png at the root, with the ids from the environment', async () => {
    const outFile = join(tmp, 'nested', 'dir', 'pacer-teams.zip');
    const result = await packageTeams({ outFile, env: IDS });
    expect(result).toMatchObject({ outFile, warnings: [] });
    const files = unzipSync(new Uint8Array(readFileSync(outFile)));
    expect(Object.keys(files).toSorted()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const zipped = new TextDecoder().decode(files['manifest.json']);
    expect(await validateTeamsManifest(zipped)).toEqual([]);
    const parsed = readManifest(zipped);
    expect(parsed.id).toBe(APP_ID);
    expect(parsed.bots.map((b) => b.botId)).toEqual([CLIENT_ID]);
    for (const icon of ['color.png', 'outline.png']) {
      expect(Buffer.from(files[icon] ?? []).equals(readFileSync(join(MANIFEST_DIR, icon))), icon).toBe(true);
    }
  });

  it('keeps the placeholders, with a warning each, when the ids are not set', async () => {
    const outFile = join(tmp, 'placeholder.zip');
    const result = await packageTeams({ outFile, env: {} });
    expect(result.warnings).toEqual([expect.stringContaining('TEAMS_APP_ID'), expect.stringContaining('TEAMS_CLIENT_ID')]);
    const parsed = readManifest(new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(outFile)))['manifest.json']));
    expect(parsed.id).toBe(PLACEHOLDER_ID);
  });

  it('refuses an id that is not a GUID', async () => {
    await expect(packageTeams({ outFile: join(tmp, 'bad-id.zip'), env: { ...IDS, TEAMS_CLIENT_ID: 'my-bot' } })).rejects.toThrow(/TEAMS_CLIENT_ID must be a GUID/);
    expect(existsSync(join(tmp, 'bad-id.zip'))).toBe(false);
  });

  it('refuses an invalid manifest and says why', async () => {
    const dir = manifestDir('invalid', (m) => {
      m.name = { short: 'Pacer, the sales-management bot for teams' };
    });
    const outFile = join(tmp, 'invalid.zip');
    const failure = packageTeams({ manifestDir: dir, outFile, env: IDS });
    await expect(failure).rejects.toBeInstanceOf(PackageError);
    await expect(failure).rejects.toThrow(/is not a valid Teams manifest:\n {2}- \/name\/short must NOT have more than 30 characters/);
    expect(existsSync(outFile)).toBe(false);
  });

  it('refuses an icon of the wrong size', async () => {
    const dir = manifestDir('wrong-icon', () => {}, { color: 'color.png', outline: 'color.png' });
    await expect(packageTeams({ manifestDir: dir, outFile: join(tmp, 'wrong-icon.zip'), env: IDS })).rejects.toThrow(/outline\.png is 192×192, Teams requires 32×32/);
  });

  it('runs as a script with --out, printing the path', () => {
    const outFile = join(tmp, 'cli', 'pacer-teams.zip');
    const run = spawnSync(process.execPath, [SCRIPT, '--out', outFile], { encoding: 'utf8', env: { ...process.env, ...IDS }, timeout: 15_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(`wrote ${outFile}`);
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(outFile)))).toSorted()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const failed = spawnSync(process.execPath, [SCRIPT, '--out', join(tmp, 'cli', 'x.zip')], { encoding: 'utf8', env: { ...process.env, TEAMS_APP_ID: 'nope' }, timeout: 15_000 });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('TEAMS_APP_ID must be a GUID, got "nope"');
  });
});
