/**
 * The `start` and `restart` rows come from `bench/lib/start-time.ts` (`measureStart({dataDir, restart})`
 * → `{ms, rssMb}`): the time until a freshly started server answers, on an empty DATA_DIR and again on
 * the same one. That module is written separately; until it exists, the runner prints a note and leaves
 * those rows out. This adapter is the only place that knows its name and shape.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface StartTime {
  ms: number;
  rssMb: number;
}
export type MeasureStart = (options: { dataDir: string; restart: boolean }) => Promise<StartTime>;

export const START_TIME_MODULE = fileURLToPath(new URL('./start-time.ts', import.meta.url));

/**
 * `measureStart` from `file` (by default bench/lib/start-time.ts), or why there is none: the file is
 * missing, or it does not export a function of that name.
 */
export async function loadMeasureStart(file: string = START_TIME_MODULE): Promise<{ measureStart: MeasureStart } | { missing: string }> {
  if (!existsSync(file)) return { missing: `${file} does not exist yet` };
  const mod = (await import(pathToFileURL(file).href)) as { measureStart?: unknown };
  if (typeof mod.measureStart !== 'function') return { missing: `${file} exports no measureStart function` };
  const measureStart = mod.measureStart as MeasureStart;
  return {
    // Checked here, so that a changed shape shows as a clear error and not as NaN in the results.
    measureStart: async (options) => {
      const result = (await measureStart(options)) as Partial<StartTime> | undefined;
      if (typeof result?.ms !== 'number' || typeof result.rssMb !== 'number') {
        throw new Error(`measureStart returned ${JSON.stringify(result)}, not {ms, rssMb}`);
      }
      return { ms: result.ms, rssMb: result.rssMb };
    },
  };
}
