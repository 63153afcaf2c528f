import { describe, expect, it } from 'vitest';
import { errorForLog, redactTeamsSecrets } from '../../adapters/teams/create-teams-adapter.ts';

describe('Teams logging', () => {
  it('redacts bearer tokens and anything JWT-shaped', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl';
    expect(redactTeamsSecrets(`JWT validation failed for ${jwt}`)).toBe('JWT validation failed for [redacted]');
    expect(redactTeamsSecrets('{"authorization":"Bearer abc.def.ghi"}')).toBe('{"authorization":"[redacted]"}');
  });

  it('logs an error as safe text, with the HTTP status of a failed connector call', () => {
    const error = Object.assign(new Error('Request failed: Bearer eyJhbGciOi.eyJzdWIi.sig'), { response: { status: 429, config: { headers: { authorization: 'Bearer secret' } } } });
    const logged = errorForLog(error);
    expect(logged).toMatchObject({ type: 'Error', message: 'Request failed: [redacted]', status: 429 });
    expect(JSON.stringify(logged)).not.toContain('secret');
  });
});
