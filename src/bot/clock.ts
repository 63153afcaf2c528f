/** Where "now" comes from, so tests can fix time instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move: `fixedClock(new Date('2026-11-30T09:00:00Z'))`. */
export function fixedClock(at: Date): Clock & { set(at: Date): void; advance(ms: number): void } {
  let current = at.getTime();
  return {
    now: () => new Date(current),
    set: (next) => { current = next.getTime(); },
    advance: (ms) => { current += ms; },
  };
}
