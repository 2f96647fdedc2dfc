/**
 * A worker loop's sleep that a wake-up cuts short: a wake-up that comes while the worker is busy is kept,
 * so the next sleep returns at once instead of waiting a whole poll for work that is already there.
 */
export class Alarm {
  private ring: (() => void) | null = null;
  private rung = false;

  /** Work arrived (or the loop should stop): the current or next sleep ends now. */
  wake(): void {
    if (this.ring) this.ring();
    else this.rung = true;
  }

  /** Forgets an earlier wake-up: what is committed from now on is seen by the next look or wakes it again. */
  reset(): void {
    this.rung = false;
  }

  sleep(ms: number): Promise<void> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.ring = null;
        this.rung = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.ring = done;
    });
  }
}
