import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../shared/api';
import { adminApi } from './client';
import { Inbox } from './Inbox';
import { Login } from './Login';
import { Settings } from './settings/Settings';
import { useAnalyticsRoute, useSettingsRoute } from './useRoute';
import type { Me } from '@contract/auth';

// The dashboard and its chart library load when it is opened, not with the inbox.
const AnalyticsPage = lazy(() => import('./analytics/AnalyticsPage').then((module) => ({ default: module.AnalyticsPage })));

type Session = { kind: 'checking' } | { kind: 'anonymous' } | { kind: 'agent'; agent: Me } | { kind: 'unreachable'; message: string };

/** Who is signed in decides the page: the login form, or the inbox, its settings or the analytics (by the URL). */
export function App() {
  const [session, setSession] = useState<Session>({ kind: 'checking' });
  const settings = useSettingsRoute();
  const analytics = useAnalyticsRoute();
  const queryClient = useQueryClient();

  const check = useCallback(async () => {
    try {
      const { agent } = await adminApi.me();
      setSession({ kind: 'agent', agent });
    } catch (err) {
      if (err instanceof ApiError && err.httpStatus === 401) setSession({ kind: 'anonymous' });
      // While the server is down or restarting the inbox stays as it is; its banner says so.
      else setSession((current) => (current.kind === 'agent' ? current : { kind: 'unreachable', message: (err as Error).message }));
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  const logout = async () => {
    await adminApi.logout().catch(() => {});
    setSession({ kind: 'anonymous' });
    // The next agent on this browser starts from nothing the previous one saw.
    queryClient.clear();
  };

  switch (session.kind) {
    case 'checking':
      return <p className="muted pad" role="status">Loading…</p>;
    case 'anonymous':
      return <Login onLoggedIn={(agent) => setSession({ kind: 'agent', agent })} />;
    case 'unreachable':
      return (
        <main className="login">
          <div className="login-card">
            <p className="alert" role="alert">{session.message}</p>
            <button type="button" className="btn" onClick={() => void check()}>Try again</button>
          </div>
        </main>
      );
    case 'agent':
      if (analytics.open) {
        return (
          <Suspense fallback={<p className="muted pad" role="status">Loading…</p>}>
            <AnalyticsPage agent={session.agent} onBack={() => analytics.go(false)} onLogout={() => void logout()} />
          </Suspense>
        );
      }
      return settings.section === null
        ? <Inbox agent={session.agent} onLogout={() => void logout()} onSessionCheck={() => void check()} onOpenSettings={(section = '') => settings.go(section)}
          onOpenAnalytics={() => analytics.go(true)}
          onProfileChanged={(agent) => setSession({ kind: 'agent', agent })} />
        : (
          <Settings
            agent={session.agent}
            section={settings.section}
            onNavigate={settings.go}
            onLogout={() => void logout()}
            onProfileChanged={(agent) => setSession({ kind: 'agent', agent })}
          />
        );
  }
}
