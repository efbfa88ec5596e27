/**
 * One handler at a time, in arrival order, for a workflow's Updates and steps. Every promise created in workflow
 * context costs the SDK's promise hook a stack trace mapped through the bundle's source map, so the lock creates one
 * promise when it is free (the release) instead of a promise chain per call, and an extra one only when a caller has
 * to wait its turn. A `work` that throws before returning its promise still releases the lock.
 */
export function handlerLock(): <T>(work: () => Promise<T>) => Promise<T> {
  let busy = false;
  const waiting: (() => void)[] = [];
  function release() {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  }
  function guarded<T>(work: () => Promise<T>): Promise<T> {
    let run: Promise<T>;
    try {
      run = work();
    } catch (err) {
      run = Promise.reject(err as Error);
    }
    void run.then(release, release);
    return run;
  }
  return function locked<T>(work: () => Promise<T>): Promise<T> {
    if (!busy) {
      busy = true;
      return guarded(work);
    }
    return new Promise<void>((resolve) => waiting.push(resolve)).then(() => guarded(work));
  };
}
