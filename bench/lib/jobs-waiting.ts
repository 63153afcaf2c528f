/** Waiting in the jobs benchmark: a plain sleep, and a condition re-checked at every worker event until it holds. */

export const sleep = (msToWait: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, msToWait)));

export interface Condition {
  check(): void;
  wait(timeoutMs: number): Promise<void>;
}

/** A condition checked at every event: `wait` resolves once it holds, or fails after the timeout. */
export function until(done: () => boolean, what: string): Condition {
  let reach: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const check = (): void => {
    if (done()) reach();
  };
  return {
    check,
    async wait(timeoutMs) {
      check();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)), timeoutMs)));
      try {
        await Promise.race([reached, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
