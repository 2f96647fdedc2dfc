/** Progress of long work, on stderr so that stdout stays clean for what scripts capture (a token, JSON). */
export function step(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/** A byte counter that rewrites its own line on a terminal and prints once at the end elsewhere. */
export function byteCounter(label: string): { add(bytes: number): void; done(): void } {
  let total = 0;
  let shownAt = 0;
  const render = () => `  ${label}: ${(total / 1024 / 1024).toFixed(1)} MB`;
  return {
    add(bytes) {
      total += bytes;
      if (process.stderr.isTTY && Date.now() - shownAt > 100) {
        shownAt = Date.now();
        process.stderr.write(`\r${render()}`);
      }
    },
    done() {
      process.stderr.write(process.stderr.isTTY ? `\r${render()}\n` : `${render()}\n`);
    },
  };
}
