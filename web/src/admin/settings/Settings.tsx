import { useEffect, useRef } from 'react';
import type { Me } from '@contract/auth';
import { inPage, settingsPath } from '../useRoute';
import { sectionsFor } from './sections';
import './settings.css';

interface Props {
  agent: Me;
  /** The section in the URL ('' for the first one). */
  section: string;
  /** null: back to the inbox. */
  onNavigate(section: string | null): void;
  onLogout(): void;
  onProfileChanged(agent: Me): void;
}

/** The settings: a menu of sections (admins see more) beside the open one. */
export function Settings({ agent, section, onNavigate, onLogout, onProfileChanged }: Props) {
  const sections = sectionsFor(agent);
  const open = sections.find((s) => s.id === section) ?? sections[0]!;
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  // Moving to another section puts focus on its title, so keyboard and screen-reader users land there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [open.id]);

  // On a narrow screen the menu is one row that scrolls sideways: keep the open section's link in sight
  // (opened from a link or the command palette, it may be far to the right).
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const current = nav.current?.querySelector<HTMLElement>('[aria-current="page"]');
    const row = current?.closest('ul');
    if (!current || !row || row.scrollWidth <= row.clientWidth) return;
    const link = current.getBoundingClientRect();
    row.scrollLeft += link.left - row.getBoundingClientRect().left - (row.clientWidth - link.width) / 2;
  }, [open.id]);

  useEffect(() => {
    document.title = `${open.label} · Settings · wadesk`;
    return () => {
      document.title = 'wadesk';
    };
  }, [open.label]);

  const { Component } = open;
  return (
    <div className="settings">
      <header className="topbar">
        <span className="brand">wadesk</span>
        <a className="btn" href="/admin" onClick={inPage(() => onNavigate(null))}>← Back to the inbox</a>
        <span className="spacer" />
        <span className="muted who">{agent.name}</span>
        <button type="button" className="btn" onClick={onLogout}>Sign out</button>
      </header>
      <div className="settings-body">
        <nav className="settings-nav" aria-label="Settings" ref={nav}>
          <h1 className="settings-nav-title">Settings</h1>
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <a href={settingsPath(s.id)} aria-current={s.id === open.id ? 'page' : undefined} onClick={inPage(() => onNavigate(s.id))}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="settings-main" aria-labelledby="settings-section-title">
          <h2 id="settings-section-title" ref={heading} tabIndex={-1}>{open.label}</h2>
          <Component me={agent} onProfileChanged={onProfileChanged} />
        </main>
      </div>
    </div>
  );
}
