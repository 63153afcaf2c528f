import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * `src/` is platform-blind (ARCHITECTURE.md): only adapters/ may know Slack or Teams, and only jobs/
 * may know the queue. This scan keeps that true without anyone having to remember it.
 */
const FORBIDDEN: readonly RegExp[] = [/^@slack\//, /^@microsoft\//, /^bullmq(\/|$)/, /^ioredis(\/|$)/];
const SOURCE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Module specifiers a file imports: static, type-only, re-exports, dynamic `import()` and `require()`. */
function importsOf(source: string): string[] {
  // The TypeScript pre-processor reads real syntax, so comments and strings that merely mention a
  // package do not count, and unusual formatting (multi-line imports) does not slip through.
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

function forbiddenImportsOf(source: string): string[] {
  return importsOf(source).filter((specifier) => FORBIDDEN.some((rule) => rule.test(specifier)));
}

async function listSourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && SOURCE_FILE.test(e.name)).map((e) => join(e.parentPath, e.name));
}

async function scan(dir: string): Promise<{ files: number; imports: number; violations: string[] }> {
  const files = await listSourceFiles(dir);
  let imports = 0;
  const violations: string[] = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    imports += importsOf(source).length;
    for (const specifier of forbiddenImportsOf(source)) violations.push(`${relative(dir, file)} imports ${specifier}`);
  }
  return { files: files.length, imports, violations };
}

describe('architecture: src/ is platform-blind', () => {
  it('no file under src/ imports @slack/*, @microsoft/*, bullmq or ioredis', async () => {
    const result = await scan(SRC);
    // A scan that read nothing would pass vacuously.
    expect(result.files).toBeGreaterThan(0);
    expect(result.imports).toBeGreaterThan(0);
    expect(result.violations).toEqual([]);
  });

  it('the scanner catches every import form', () => {
    const planted = [
      `import { App } from '@slack/bolt';`,
      `import type { Activity } from '@microsoft/teams.api';`,
      `import {\n  Queue,\n  Worker,\n} from "bullmq";`,
      `export { Redis } from 'ioredis';`,
      `export * from '@slack/web-api';`,
      `import '@microsoft/teams.apps';`,
      `const q = await import('bullmq');`,
      `type R = typeof import('ioredis');`,
      `const r = require('ioredis');`,
    ];
    for (const line of planted) expect(forbiddenImportsOf(line), line).toHaveLength(1);
  });

  it('the scanner ignores mentions that are not imports, and allowed look-alikes', () => {
    const harmless = [
      `// import { App } from '@slack/bolt';`,
      `/* require('bullmq') */`,
      `const text = "import x from 'ioredis'";`,
      `import { z } from 'zod';`,
      `import { thing } from './slack/bolt.ts';`,
      `import x from 'bullmq-like';`,
    ];
    for (const line of harmless) expect(forbiddenImportsOf(line), line).toEqual([]);
  });

  it('the directory walk finds a planted file in a nested folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pacer-arch-'));
    try {
      await mkdir(join(dir, 'domain', 'deals'), { recursive: true });
      await writeFile(join(dir, 'ok.ts'), `import { sql } from 'kysely';\n`);
      await writeFile(join(dir, 'domain', 'deals', 'leak.ts'), `import { Queue } from 'bullmq';\n`);
      const result = await scan(dir);
      expect(result.files).toBe(2);
      expect(result.violations).toEqual([`${join('domain', 'deals', 'leak.ts')} imports bullmq`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
