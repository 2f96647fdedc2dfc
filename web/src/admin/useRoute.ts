import { useCallback, useEffect, useState } from 'react';

const PREFIX = '/admin/c/';

const phoneFromPath = (path: string) => (path.startsWith(PREFIX) ? decodeURIComponent(path.slice(PREFIX.length)) || null : null);

/** The open conversation lives in the URL (`/admin/c/+2348012345678`), so reload and back work. */
export function useOpenPhone(): [string | null, (phone: string | null) => void] {
  const [phone, setPhone] = useState(() => phoneFromPath(location.pathname));
  useEffect(() => {
    const onPop = () => setPhone(phoneFromPath(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const open = useCallback((next: string | null) => {
    const path = next ? PREFIX + encodeURIComponent(next) : '/admin';
    if (path !== location.pathname) history.pushState(null, '', path);
    setPhone(next);
  }, []);
  return [phone, open];
}
