import { useEffect, useState } from 'react';
import { simulatorApi } from './client';
import type { TranscriptEntry } from '@contract/simulator';

/**
 * What the phone of `waId` shows, live: the simulator's event stream sends the whole transcript, then
 * each new entry. After a lost connection EventSource reconnects by itself with `Last-Event-ID` (the
 * last seq seen), so the stream resumes where it stopped; entries are also deduplicated by seq.
 */
export function useTranscript(waId: string): { entries: TranscriptEntry[]; online: boolean } {
  const [entries, setEntries] = useState<TranscriptEntry[]>([]);
  const [online, setOnline] = useState(true);

  useEffect(() => {
    setEntries([]);
    let lastSeq = 0;
    const source = new EventSource(simulatorApi.eventsUrl(waId, 0));
    source.addEventListener('entry', (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as TranscriptEntry;
      if (entry.seq <= lastSeq) return;
      lastSeq = entry.seq;
      setEntries((current) => [...current, entry]);
    });
    source.onopen = () => setOnline(true);
    source.onerror = () => setOnline(false);
    return () => source.close();
  }, [waId]);

  return { entries, online };
}
