import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** `all`: one for the describe block (or file); `each`: a fresh one for every test. */
export type Scope = 'all' | 'each';

/**
 * Something the tests of a describe block use (an app, a browser, a database): started before its tests
 * (`each`: before every test) and stopped after. The value stands for whichever one is running, so tests
 * read `t.url` or call `browser.newPage()` as with a variable. Hooks a file adds after this call run
 * after the start and before the stop.
 */
export function useResource<T extends object>(
  what: string,
  start: () => Promise<T>,
  stop: (value: T) => Promise<void>,
  scope: Scope = 'all',
): T {
  let current: T | undefined;
  const [before, after] = scope === 'all' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    current = await start();
  });
  after(async () => {
    const running = current;
    current = undefined;
    if (running) await stop(running);
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (!current) throw new Error(`${what} runs only inside the tests of its describe block`);
      const value = Reflect.get(current, key, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
