import { useEffect, useState } from 'react';

/** `value` once it has stayed the same for `ms` (what a search box asks the server for while typing pauses). */
export function usePaused<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
