import { useCallback, useEffect, useRef, useState } from 'react';
import { simulatorApi } from './client';
import type { TranscriptEntry } from './types';

const POLL_MS = 700;

/** What the phone of `waId` shows, polled from the simulator; `pollNow` after the user acts. */
export function useTranscript(waId: string): { entries: TranscriptEntry[]; online: boolean; pollNow(): void } {
  const [entries, setEntries] = useState<TranscriptEntry[]>([]);
  const [online, setOnline] = useState(true);
  const pollRef = useRef<() => void>(() => {});

  useEffect(() => {
    let after = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    setEntries([]);

    const poll = async () => {
      if (inFlight) return;
      inFlight = true;
      clearTimeout(timer);
      try {
        const fresh = await simulatorApi.transcript(waId, after);
        if (stopped) return;
        const last = fresh.at(-1);
        if (last) {
          after = last.seq;
          setEntries((current) => [...current, ...fresh]);
        }
        setOnline(true);
      } catch {
        if (!stopped) setOnline(false);
      } finally {
        inFlight = false;
        if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
      }
    };
    pollRef.current = () => void poll();
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [waId]);

  const pollNow = useCallback(() => pollRef.current(), []);
  return { entries, online, pollNow };
}
