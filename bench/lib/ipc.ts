/**
 * A tiny request/answer protocol over the IPC channel of `child_process.fork`, and the parent's side of
 * starting and always stopping the benchmark's child processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Call { id: number; cmd: string; args: unknown }
interface Answer { id: number; ok: boolean; result?: unknown; error?: string }
interface Ready { ready: unknown }

// Each handler declares its own argument type; `never` accepts any of them (parameters are contravariant).
export type Handlers = Record<string, (args: never) => unknown>;

/** In a child: answers the parent's calls, announces `ready`, and dies with the parent. */
export function serveParent(handlers: Handlers, ready: unknown): void {
  if (!process.send) throw new Error('this file is started by bench/run.ts (it needs an IPC channel)');
  // The parent went away (crash, Ctrl-C, kill -9): nothing here may outlive it.
  process.on('disconnect', () => process.exit(1));
  process.on('message', (raw) => {
    const call = raw as Call;
    if (typeof call?.cmd !== 'string') return;
    const handler = handlers[call.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${call.cmd}`);
        // The parent sends what the handler declares (the IPC channel carries no types).
        return handler(call.args as never);
      })
      .then(
        (result) => process.send!({ id: call.id, ok: true, result } satisfies Answer),
        (err: unknown) => {
          const text = err instanceof Error ? err.stack ?? err.message : String(err);
          const cause = err instanceof Error && err.cause ? `\ncaused by: ${String(err.cause)}` : '';
          // Failed queries carry their whole text and parameters: keep the message readable.
          const error = text.length > 1_500 ? `${text.slice(0, 700)} … ${text.slice(-500)}` : text;
          process.send!({ id: call.id, ok: false, error: error + cause } satisfies Answer);
        },
      );
  });
  process.send({ ready } satisfies Ready);
}

/** Every child this process started; all are killed when it exits, whatever the reason. */
const children = new Set<ChildProcess>();

export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** Clean-ups to run when the benchmark is interrupted, after the children are killed (5 s at most). */
const onInterrupt = new Set<() => unknown>();
export function whenInterrupted(cleanup: () => unknown): () => void {
  onInterrupt.add(cleanup);
  return () => onInterrupt.delete(cleanup);
}

process.on('exit', killAllChildren);
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130); // a second Ctrl-C: leave now
    interrupted = true;
    console.error(`\nbench: ${signal}, stopping every child process`);
    killAllChildren();
    const cleanups = [...onInterrupt].map((cleanup) => Promise.resolve().then(cleanup).catch(() => undefined));
    const deadline = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    void Promise.race([Promise.all(cleanups), deadline]).then(() => process.exit(130));
  });
}

export class Child<R = unknown> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly exited: Promise<number | null>;

  private constructor(readonly name: string, readonly process: ChildProcess, readonly ready: R) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    process.on('message', (raw) => {
      const answer = raw as Answer;
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.result);
      else waiting.reject(new Error(`${name}: ${answer.error}`));
    });
    process.once('exit', (code, signal) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`${name} exited (${signal ?? code}) during a call`));
      this.pending.clear();
    });
  }

  /**
   * Starts `file` (TypeScript, through tsx) with its stdout and stderr in `logFile`, and waits for its
   * `ready` message. `nodeArgs` go to node itself (e.g. --cpu-prof).
   */
  static async start<R>(name: string, file: string, opts: { env?: NodeJS.ProcessEnv; logFile: string; nodeArgs?: string[]; timeoutMs?: number }): Promise<Child<R>> {
    const out = openSync(opts.logFile, 'a');
    const child = fork(fileURLToPath(new URL(`../${file}`, import.meta.url)), [], {
      execArgv: ['--import', 'tsx', ...(opts.nodeArgs ?? [])],
      env: opts.env ?? process.env,
      stdio: ['ignore', out, out, 'ipc'],
      serialization: 'advanced',
    });
    closeSync(out);
    children.add(child);
    child.once('exit', () => children.delete(child));
    const ready = await new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${(opts.timeoutMs ?? 60_000) / 1000} s (see ${opts.logFile})`)), opts.timeoutMs ?? 60_000);
      child.on('message', function onMessage(raw) {
        if (raw && typeof raw === 'object' && 'ready' in raw) {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve((raw as Ready).ready as R);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${signal ?? code}) before it was ready (see ${opts.logFile})`));
      });
    });
    return new Child<R>(name, child, ready);
  }

  call<T = unknown>(cmd: string, args?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.process.send({ id, cmd, args } satisfies Call);
    });
  }

  /** Asks the child to close cleanly (`stop`), then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    try {
      await Promise.race([this.call('stop').catch(() => undefined), this.exited]);
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
