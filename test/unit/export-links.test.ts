import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../adapters/http/files.ts';
import { checkFileLink, fileLinkKey, fileLinkUrl, signFileLink } from '../../src/domain/csv/export/export-files.ts';
import { parseExport } from '../../src/domain/csv/export/export.grammar.ts';

const KEY = fileLinkKey('unit-test-file-secret-0123456789abcdef');
const ID = '3f1c2b7a-9d4e-4c1a-8f00-123456789abc';
const NOW = new Date('2026-11-18T10:00:00Z');
const LATER = new Date('2026-11-19T10:00:00Z');
const EXP = String(LATER.getTime() / 1000);

describe('download links', () => {
  it('are signed over the id and the expiry, under Pacer\'s public address (with or without a path or slash)', () => {
    const url = new URL(fileLinkUrl('https://pacer.example.com', KEY, ID, LATER));
    expect(`${url.origin}${url.pathname}`).toBe(`https://pacer.example.com/files/${ID}`);
    expect(url.searchParams.get('exp')).toBe(EXP);
    expect(url.searchParams.get('sig')).toBe(signFileLink(KEY, ID, Number(EXP)));
    expect(fileLinkUrl('https://example.com/pacer/', KEY, ID, LATER)).toBe(fileLinkUrl('https://example.com/pacer', KEY, ID, LATER));
    expect(new URL(fileLinkUrl('https://example.com/pacer', KEY, ID, LATER)).pathname).toBe(`/pacer/files/${ID}`);
    // An expiry between seconds is rounded down: a link never outlives its file.
    expect(new URL(fileLinkUrl('https://pacer.example.com', KEY, ID, new Date(LATER.getTime() + 999))).searchParams.get('exp')).toBe(EXP);
  });

  it('hold only for the id, expiry and key they were signed with, until they expire', () => {
    const sig = signFileLink(KEY, ID, Number(EXP));
    expect(checkFileLink(KEY, ID, EXP, sig, NOW)).toBe('ok');
    expect(checkFileLink(KEY, ID, EXP, sig, new Date(LATER.getTime() - 1))).toBe('ok');
    expect(checkFileLink(KEY, ID, EXP, sig, LATER)).toBe('expired');
    expect(checkFileLink(KEY, ID, String(Number(EXP) + 1), sig, NOW)).toBe('forged');
    expect(checkFileLink(KEY, ID.replace(/c$/, 'd'), EXP, sig, NOW)).toBe('forged');
    expect(checkFileLink(fileLinkKey('another-secret-0123456789abcdef012345'), ID, EXP, sig, NOW)).toBe('forged');
    expect(checkFileLink(KEY, ID, EXP, sig.slice(0, -1), NOW)).toBe('forged');
    expect(checkFileLink(KEY, ID, EXP, `${sig}A`, NOW)).toBe('forged');
    expect(checkFileLink(KEY, ID, EXP, undefined, NOW)).toBe('forged');
    expect(checkFileLink(KEY, ID, undefined, sig, NOW)).toBe('forged');
    // Query strings can repeat a parameter: an array is not a signature or an expiry.
    expect(checkFileLink(KEY, ID, [EXP, EXP], sig, NOW)).toBe('forged');
    expect(checkFileLink(KEY, ID, EXP, [sig], NOW)).toBe('forged');
    expect(checkFileLink(KEY, ID, `${EXP}.5`, sig, NOW)).toBe('forged');
    expect(checkFileLink(KEY, '../etc/passwd', EXP, signFileLink(KEY, '../etc/passwd', Number(EXP)), NOW)).toBe('forged');
  });

  it('derive a 32-byte key from the secret, the same every time, not containing it', () => {
    expect(KEY).toHaveLength(32);
    expect(fileLinkKey('unit-test-file-secret-0123456789abcdef').equals(KEY)).toBe(true);
    expect(KEY.includes(Buffer.from('unit-test'))).toBe(false);
  });

  it('download as an attachment named as exported, with a plain-ASCII fallback name', () => {
    expect(contentDisposition('deals-2026-Q3.csv')).toBe('attachment; filename="deals-2026-Q3.csv"; filename*=UTF-8\'\'deals-2026-Q3.csv');
    expect(contentDisposition('feedback-2026-10-01_2026-12-31.csv')).toBe('attachment; filename="feedback-2026-10-01_2026-12-31.csv"; filename*=UTF-8\'\'feedback-2026-10-01_2026-12-31.csv');
    expect(contentDisposition("it's (all).csv")).toBe('attachment; filename="it_s__all_.csv"; filename*=UTF-8\'\'it%27s%20%28all%29.csv');
    expect(contentDisposition('izvoz "šumi".csv')).toBe('attachment; filename="izvoz___umi_.csv"; filename*=UTF-8\'\'izvoz%20%22%C5%A1umi%22.csv');
  });
});

describe('/pacer export grammar', () => {
  it('reads the kind (any case, `deal` forgiven) and keeps the range as typed', () => {
    expect(parseExport('deals quarter')).toEqual({ ok: true, value: { kind: 'deals', range: 'quarter' } });
    expect(parseExport('  Deal   last   month ')).toEqual({ ok: true, value: { kind: 'deals', range: 'last month' } });
    expect(parseExport('attainment 2026-Q3')).toEqual({ ok: true, value: { kind: 'attainment', range: '2026-Q3' } });
    expect(parseExport('feedback')).toEqual({ ok: true, value: { kind: 'feedback', range: '' } });
    expect(parseExport('deals 2026-10-01..2026-12-31')).toEqual({ ok: true, value: { kind: 'deals', range: '2026-10-01..2026-12-31' } });
  });

  it('asks what to export, with an example, for a missing or unknown kind, and refuses an overlong text', () => {
    const kind = { ok: false, error: { kind: 'usage', key: 'exports.error.kind', params: {}, example: '/pacer export deals quarter' } };
    expect(parseExport('')).toEqual(kind);
    expect(parseExport('pipeline quarter')).toEqual(kind);
    expect(parseExport('posli mesec')).toEqual(kind);
    expect(parseExport(`deals ${'x'.repeat(600)}`)).toEqual({ ok: false, error: { kind: 'usage', key: 'pacer.error.too_long', params: { max: 500 }, example: '/pacer export deals quarter' } });
  });
});
