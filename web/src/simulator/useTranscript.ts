import { useEffect, useState } from 'react';
import { simulatorApi } from './client';
import type { TranscriptEntry } from '@contract/simulator';

/**
 * What the phone of `waId` shows, live: the simulator's event stream sends the whole transcript, then
 * each new entry. After a lost connection EventSource reconnects by itself with `Last-Event-ID` (the
 * last seq seen), so the stream resumes where it stopped; entries are also deduplicated by seq.
 */
export function useTranscript(waId: string): { entries: TranscriptEntry[]; online: boolean } {
  // Entries are kept with the phone they belong to: another phone starts empty, without a reset in the effect.
  const [transcript, setTranscript] = useState<{ waId: string; entries: TranscriptEntry[] }>({ waId, entries: [] });
  const [online, setOnline] = useState(true);

  useEffect(() => {
    const source = new EventSource(simulatorApi.eventsUrl(waId, 0));
    source.addEventListener('entry', (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as TranscriptEntry;
      setTranscript((current) => {
        const entries = current.waId === waId ? current.entries : [];
        if (entry.seq <= (entries.at(-1)?.seq ?? 0)) return current;
        return { waId, entries: [...entries, entry] };
      });
    });
    source.onopen = () => setOnline(true);
    source.onerror = () => setOnline(false);
    return () => source.close();
  }, [waId]);

  return { entries: transcript.waId === waId ? transcript.entries : [], online };
}
