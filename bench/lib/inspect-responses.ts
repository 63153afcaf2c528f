/**
 * Lets the benchmark read the answers `runLoad` (load.ts) receives, which it counts but does not
 * return: while `run` is going, every `fetch` answer is cloned and its body handed to `inspect`.
 * That is how the `/deal` run knows how many answers *confirmed a deal* (a 200 may also carry
 * "try again"), to check against the rows in the database.
 *
 * The clone tees the body stream, so the load generator still reads the original to the end and
 * times it as before; reading the copy costs the client a few microseconds per answer.
 * If load.ts grows a per-answer hook, this wrapper should go.
 *
 *   const r = await withResponseInspection((status, body) => { … }, () => runLoad(options))
 */
export async function withResponseInspection<T>(inspect: (status: number, body: string) => void, run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  const reading: Promise<void>[] = [];
  const inspecting: typeof fetch = async (input, init) => {
    const res = await original(input, init);
    const copy = res.clone();
    reading.push(
      copy.text().then(
        (body) => inspect(res.status, body),
        // A body cut off (timeout, reset) is the load generator's to count as an error.
        () => undefined,
      ),
    );
    return res;
  };
  globalThis.fetch = inspecting;
  try {
    const result = await run();
    await Promise.all(reading);
    return result;
  } finally {
    globalThis.fetch = original;
  }
}
