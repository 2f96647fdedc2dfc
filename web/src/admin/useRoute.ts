import { useCallback, useEffect, useState, type MouseEvent as ReactMouseEvent } from 'react';

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

const SETTINGS = '/admin/settings';

/** `/admin/settings/agents` → `agents`; `/admin/settings` → `''`; anywhere else null (the inbox). */
export function settingsSectionOf(path: string): string | null {
  if (path !== SETTINGS && !path.startsWith(`${SETTINGS}/`)) return null;
  return decodeURIComponent(path.slice(SETTINGS.length + 1));
}

export const settingsPath = (section: string) => (section ? `${SETTINGS}/${encodeURIComponent(section)}` : SETTINGS);

/**
 * Whether the settings are open, and which section (the URL says: reload and back work). `go(null)` returns
 * to the inbox.
 */
export function useSettingsRoute(): { section: string | null; go(section: string | null): void } {
  const [section, setSection] = useState(() => settingsSectionOf(location.pathname));
  useEffect(() => {
    const onPop = () => setSection(settingsSectionOf(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: string | null) => {
    const path = next === null ? '/admin' : settingsPath(next);
    if (path !== location.pathname) history.pushState(null, '', path);
    setSection(next);
  }, []);
  return { section, go };
}

export const ANALYTICS_PATH = '/admin/analytics';

/**
 * Whether the analytics dashboard is open (`/admin/analytics`: reload and back work). `go(false)` returns
 * to the inbox.
 */
export function useAnalyticsRoute(): { open: boolean; go(open: boolean): void } {
  const [open, setOpen] = useState(() => location.pathname === ANALYTICS_PATH);
  useEffect(() => {
    const onPop = () => setOpen(location.pathname === ANALYTICS_PATH);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: boolean) => {
    const path = next ? ANALYTICS_PATH : '/admin';
    if (path !== location.pathname) history.pushState(null, '', path);
    setOpen(next);
  }, []);
  return { open, go };
}

/** A link's click handled inside the page; a click meant for a new tab or window is left to the browser. */
export function inPage(go: () => void) {
  return (event: ReactMouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go();
  };
}
