import { describe, expect, it } from 'vitest';
import { errorForLog, redactTeamsSecrets } from '../../adapters/teams/create-teams-adapter.ts';

describe('Teams logging', () => {
  it('redacts bearer tokens and anything JWT-shaped', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl';
    expect(redactTeamsSecrets(`JWT validation failed for ${jwt}`)).toBe('JWT validation failed for [redacted]');
    expect(redactTeamsSecrets('{"authorization":"Bearer abc.def.ghi"}')).toBe('{"authorization":"[redacted]"}');
  });

  it('redacts the signature of an export\'s download link, keeping the rest of the URL', () => {
    const card = '{"type":"Action.OpenUrl","title":"Download","url":"https://pacer.example.com/files/3f1c2b7a-9d4e-4c1a-8f00-123456789abc?exp=1795089600&sig=Qk3v_x-9aZ0tYl2mB8n4cD1eF6gH7iJ5kL0mN3oP2qR"}';
    const logged = redactTeamsSecrets(card);
    expect(logged).toBe('{"type":"Action.OpenUrl","title":"Download","url":"https://pacer.example.com/files/3f1c2b7a-9d4e-4c1a-8f00-123456789abc?exp=1795089600&[redacted]"}');
  });

  it('logs an error as safe text, with the HTTP status of a failed connector call', () => {
    const error = Object.assign(new Error('Request failed: Bearer eyJhbGciOi.eyJzdWIi.sig'), { response: { status: 429, config: { headers: { authorization: 'Bearer secret' } } } });
    const logged = errorForLog(error);
    expect(logged).toMatchObject({ type: 'Error', message: 'Request failed: [redacted]', status: 429 });
    expect(JSON.stringify(logged)).not.toContain('secret');
  });
});
