import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs`: live timers ("waiting 2m") without a re-render storm. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
