/** Counts work in flight (timers, queued webhooks) so tests can wait until the simulator has gone quiet. */
export class PendingWork {
  private count = 0;
  private waiters: Array<() => void> = [];

  begin(): void {
    this.count++;
  }

  end(): void {
    this.count--;
    if (this.count > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  idle(): Promise<void> {
    if (this.count <= 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
