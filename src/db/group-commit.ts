import { isDatabaseUnavailable } from './connection-errors.js';

interface Waiting<T, R> {
  items: readonly T[];
  resolve(results: R[]): void;
  reject(err: unknown): void;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop, or while a commit is in flight, are
 * written together by `writeAll` in one transaction of a few set-based statements, however many items they
 * carry; each caller's promise settles when the commit holding its items is done. Nothing waits on a
 * timer: alone, a write goes at once; under load the batches grow by themselves and the statements per
 * item fall.
 *
 * When a batch fails for a reason other than an unreachable database (an item the database refuses), its
 * items are written again one by one with `writeOne`, so that a bad item fails alone; what `writeOne`
 * throws for an item rejects only that item's caller. An unreachable database rejects every caller of the
 * batch (nothing of it is committed).
 */
export class GroupCommit<T, R> {
  private readonly waiting: Array<Waiting<T, R>> = [];
  private writing = false;

  constructor(
    private readonly writeAll: (items: readonly T[]) => Promise<R[]>,
    private readonly writeOne: (item: T) => Promise<R>,
    /** Items per transaction at most (one caller's items are never split). */
    private readonly maxPerCommit = 1000,
  ) {}

  /** Writes the items; resolves, in their order, with `writeAll`'s results for them once committed. */
  write(items: readonly T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<R[]>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      // One turn of the event loop first: the requests whose bytes have already arrived join this commit.
      // (PGlite answers within the same turn, so without it nothing would ever wait to be batched.)
      await new Promise((resolve) => setImmediate(resolve));
      while (this.waiting.length > 0) {
        const batch = [this.waiting.shift()!];
        let count = batch[0]!.items.length;
        while (this.waiting.length > 0 && count + this.waiting[0]!.items.length <= this.maxPerCommit) {
          const next = this.waiting.shift()!;
          count += next.items.length;
          batch.push(next);
        }
        await this.commit(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async commit(batch: Array<Waiting<T, R>>): Promise<void> {
    let results: R[];
    try {
      results = await this.writeAll(batch.flatMap((caller) => caller.items));
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        for (const caller of batch) caller.reject(err);
        return;
      }
      await Promise.all(batch.map((caller) => this.oneByOne(caller)));
      return;
    }
    let at = 0;
    for (const caller of batch) {
      caller.resolve(results.slice(at, at + caller.items.length));
      at += caller.items.length;
    }
  }

  /** The fallback after a failed batch: each item in its own transaction. */
  private async oneByOne(caller: Waiting<T, R>): Promise<void> {
    const results: R[] = [];
    try {
      for (const item of caller.items) results.push(await this.writeOne(item));
      caller.resolve(results);
    } catch (err) {
      caller.reject(err);
    }
  }
}
