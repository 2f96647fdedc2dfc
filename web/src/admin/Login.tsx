import { useState, type FormEvent } from 'react';
import { ApiError } from '../shared/api';
import { adminApi } from './client';
import type { Me } from '@contract/auth';

function loginProblem(err: unknown): string {
  if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') return 'Wrong email or password.';
  if (err instanceof ApiError && err.httpStatus === 429) return 'Too many attempts. Wait a minute, then try again.';
  return (err as Error).message;
}

/** The admin API's session login; the server sets an HttpOnly cookie the rest of the inbox rides on. */
export function Login({ onLoggedIn }: { onLoggedIn(agent: Me): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { agent } = await adminApi.login(email.trim(), password);
      onLoggedIn(agent);
    } catch (err) {
      setError(loginProblem(err));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">wadesk inbox</h1>
        <p className="muted">Sign in to answer your WhatsApp chats.</p>
        <label className="field">
          <span>Email</span>
          <input className="input" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? <p className="alert" role="alert">{error}</p> : null}
        <button type="submit" className="btn primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
