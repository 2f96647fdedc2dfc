import { useEffect, useRef } from 'react';
import type { CollisionCheck } from './useCollisionCheck';

interface QuestionProps {
  check: CollisionCheck;
  /** "Send anyway": the send again, confirmed. */
  onSend(): void;
  /** Cancel or Esc: back to where the agent was writing. */
  onBack(): void;
}

/** "Assigned to Grace — send anyway?" with Send anyway (focused: Enter sends) and Cancel, where the send is. */
export function CollisionQuestion({ check, onSend, onBack }: QuestionProps) {
  if (!check.asking) return null;
  return <Question heldBy={check.asking} attempt={check.attempt} onSend={onSend} onBack={() => {
    check.dismiss();
    onBack();
  }} />;
}

function Question({ heldBy, attempt, onSend, onBack }: { heldBy: string; attempt: number; onSend(): void; onBack(): void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), [attempt]);
  return (
    <span className="confirm collision" role="group" aria-label={`Assigned to ${heldBy} — send anyway?`} onKeyDown={(e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      onBack();
    }}>
      <span className="confirm-question">Assigned to {heldBy} — send anyway?</span>
      <button ref={confirm} type="button" className="btn primary" onClick={onSend}>Send anyway</button>
      <button type="button" className="btn" onClick={onBack}>Cancel</button>
    </span>
  );
}
