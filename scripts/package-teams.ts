/**
 * Builds the Teams app package: `npm run package:teams [-- --out <file.zip>]`.
 *
 * It validates manifest/teams/manifest.json offline against the schema of its own manifestVersion
 * (the copy bundled in @microsoft/app-manifest: no download), checks the two icons, puts the real ids
 * in and zips manifest.json, color.png and outline.png at the zip root into dist/pacer-teams.zip.
 *
 * The committed manifest carries the nil GUID as its app id and bot id, because the schema accepts
 * only GUIDs there (a `${{TEAMS_APP_ID}}` token fails validation). The ids come from the environment:
 *
 *   TEAMS_APP_ID     the app's id in the Teams catalog (any GUID, kept stable across updates)
 *   TEAMS_CLIENT_ID  the bot's Microsoft Entra app (client) id, the one the bot authenticates with
 *
 * Either one unset leaves the nil GUID in place with a warning: such a package still shows what the
 * manifest holds, but Teams can only reach the bot through real ids.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppManifest, AppManifestUtils } from '@microsoft/app-manifest';
import { strToU8, zipSync } from 'fflate';

const ROOT = join(import.meta.dirname, '..');
export const MANIFEST_DIR = join(ROOT, 'manifest', 'teams');
export const DEFAULT_OUT = join(ROOT, 'dist', 'pacer-teams.zip');
export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

/** The icons the manifest must name, with their required side in pixels. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
// A fixed timestamp makes the zip a function of its inputs: the same manifest and icons give the
// same bytes, so a rebuilt package can be compared with an uploaded one.
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

/** Problems that stop packaging; the CLI prints each one on its own line. */
export class PackageError extends Error {
  readonly problems: string[];
  constructor(summary: string, problems: string[]) {
    super(`${summary}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
    this.problems = problems;
  }
}

/** A path for messages: relative inside the project, absolute elsewhere (a test's temp dir). */
function shown(path: string): string {
  const rel = relative(ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

const requireHere = createRequire(import.meta.url);
const APP_MANIFEST_ROOT = dirname(requireHere.resolve('@microsoft/app-manifest/package.json'));

/** The Teams schema @microsoft/app-manifest bundles for one manifestVersion. */
export function bundledSchemaPath(manifestVersion: string): string {
  return join(APP_MANIFEST_ROOT, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema type AppManifestUtils.validateAgainstSchema takes (ajv's JSONSchemaType, not re-exported). */
type LibrarySchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

/**
 * Schema errors for a manifest, in @microsoft/app-manifest's format (empty when valid). The library
 * needs `fs-extra` at load time without declaring it, hence that devDependency of ours.
 */
async function schemaErrors(manifest: Record<string, unknown>, schema: Record<string, unknown>): Promise<string[]> {
  const { AppManifestUtils } = await import('@microsoft/app-manifest');
  // The library types these as manifests and schemas; the schema check itself is what proves it.
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema as unknown as LibrarySchema);
}

/**
 * Everything wrong with a Teams manifest's JSON text: not JSON, no bundled schema for its version, a
 * `$schema` that names another version, or schema errors. Empty when it is valid. Offline: the
 * schema is read from @microsoft/app-manifest's bundled copy, never fetched from `$schema`.
 */
export async function validateTeamsManifest(text: string): Promise<string[]> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    return [`manifest.json is not JSON: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (!isRecord(manifest)) return ['manifest.json is not a JSON object'];
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion is missing'];
  const schemaFile = bundledSchemaPath(version);
  if (!existsSync(schemaFile)) return [`manifestVersion ${version} has no schema in @microsoft/app-manifest (${shown(schemaFile)})`];
  const problems: string[] = [];
  const schemaUrl = manifest.$schema;
  if (typeof schemaUrl !== 'string' || !schemaUrl.endsWith(`/teams/v${version}/MicrosoftTeams.schema.json`)) {
    problems.push(`$schema should be https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json to match manifestVersion ${version}`);
  }
  const schema: unknown = JSON.parse(readFileSync(schemaFile, 'utf8'));
  if (!isRecord(schema)) throw new Error(`${schemaFile} is not a JSON schema`);
  return [...problems, ...(await schemaErrors(manifest, schema))];
}

/** Width and height from a PNG's header, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // IHDR is always the first chunk: length (4), type (4), then width and height.
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Reads each icon the manifest names and checks it is a PNG of the size Teams requires. */
function readIcons(manifest: Record<string, unknown>, dir: string): { files: Record<string, Uint8Array>; problems: string[] } {
  const files: Record<string, Uint8Array> = {};
  const problems: string[] = [];
  const icons = isRecord(manifest.icons) ? manifest.icons : {};
  for (const [kind, side] of Object.entries(ICON_SIZES)) {
    const name = icons[kind];
    if (typeof name !== 'string') {
      problems.push(`icons.${kind} is missing`);
      continue;
    }
    // Teams reads icons from the zip root, so a path with folders would not match what is zipped.
    if (name.includes('/') || name.includes('\\')) {
      problems.push(`icons.${kind} must be a file name at the package root, not "${name}"`);
      continue;
    }
    const path = join(dir, name);
    if (!existsSync(path)) {
      problems.push(`icons.${kind}: ${shown(path)} does not exist (run node scripts/make-teams-icons.ts)`);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(path));
    const size = pngSize(bytes);
    if (!size) problems.push(`icons.${kind}: ${name} is not a PNG`);
    else if (size.width !== side || size.height !== side) problems.push(`icons.${kind}: ${name} is ${size.width}×${size.height}, Teams requires ${side}×${side}`);
    else files[name] = bytes;
  }
  return { files, problems };
}

/** An id from the environment, checked: the schema would reject it too, but less clearly. */
function idFromEnv(env: Record<string, string | undefined>, name: string, warnings: string[]): string {
  const value = env[name]?.trim();
  if (!value) {
    warnings.push(`${name} is not set: the package keeps the placeholder ${PLACEHOLDER_ID}; set it before uploading to Teams`);
    return PLACEHOLDER_ID;
  }
  if (!GUID.test(value)) throw new PackageError('Cannot build the Teams app package', [`${name} must be a GUID, got "${value}"`]);
  return value;
}

export interface PackageOptions {
  /** Where to write the zip; dist/pacer-teams.zip by default. */
  outFile?: string;
  /** Where manifest.json and the icons are; manifest/teams by default. */
  manifestDir?: string;
  /** Where TEAMS_APP_ID and TEAMS_CLIENT_ID come from; process.env by default. */
  env?: Record<string, string | undefined>;
}

export interface PackageResult {
  outFile: string;
  /** The manifest as zipped, ids substituted. */
  manifest: Record<string, unknown>;
  warnings: string[];
}

/** Validates, substitutes the ids and writes the zip. Throws PackageError on any problem. */
export async function packageTeams(options: PackageOptions = {}): Promise<PackageResult> {
  const dir = options.manifestDir ?? MANIFEST_DIR;
  const outFile = resolve(options.outFile ?? DEFAULT_OUT);
  const env = options.env ?? process.env;
  const warnings: string[] = [];

  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new PackageError('Cannot build the Teams app package', [`${shown(manifestPath)} does not exist`]);
  const source = readFileSync(manifestPath, 'utf8');
  const sourceProblems = await validateTeamsManifest(source);
  if (sourceProblems.length > 0) throw new PackageError(`${shown(manifestPath)} is not a valid Teams manifest`, sourceProblems);

  const parsed: unknown = JSON.parse(source);
  if (!isRecord(parsed)) throw new PackageError('Cannot build the Teams app package', ['manifest.json is not a JSON object']);
  const manifest = parsed;
  manifest.id = idFromEnv(env, 'TEAMS_APP_ID', warnings);
  const botId = idFromEnv(env, 'TEAMS_CLIENT_ID', warnings);
  for (const bot of Array.isArray(manifest.bots) ? manifest.bots : []) if (isRecord(bot)) bot.botId = botId;

  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  // Checked again after substitution, so what is zipped is exactly what was validated.
  const problems = await validateTeamsManifest(text);
  const icons = readIcons(manifest, dir);
  problems.push(...icons.problems);
  if (problems.length > 0) throw new PackageError('Cannot build the Teams app package', problems);

  const zip = zipSync({ 'manifest.json': strToU8(text), ...icons.files }, { level: 9, mtime: ZIP_MTIME });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zip);
  return { outFile, manifest, warnings };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  try {
    const result = await packageTeams(values.out === undefined ? {} : { outFile: values.out });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(`wrote ${result.outFile}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

if (import.meta.main) await main();
