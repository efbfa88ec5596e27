import { describe, expect, it } from 'vitest';
import { handlerLock } from '../../src/workflows/handler-lock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('handlerLock', () => {
  it('runs one work at a time, in arrival order', async () => {
    const locked = handlerLock();
    const log: string[] = [];
    const step = (name: string) =>
      locked(async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([step('a'), step('b'), step('c')]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('is released by a work that rejects and by one that throws before returning its promise', async () => {
    const locked = handlerLock();
    const rejected = locked(async () => {
      await tick();
      throw new Error('refused');
    });
    const thrown = locked(() => {
      throw new Error('thrown at once');
    });
    const after = locked(async () => 'ran');
    await expect(rejected).rejects.toThrow('refused');
    await expect(thrown).rejects.toThrow('thrown at once');
    await expect(after).resolves.toBe('ran');
    // Free again: the next work starts at once, without waiting behind anything.
    let started = false;
    const next = locked(async () => {
      started = true;
    });
    expect(started).toBe(true);
    await next;
  });
});
