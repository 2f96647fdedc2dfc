import { useState, type DragEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { remaining } from '../shared/time';
import type { Assignment } from './assignment';
import type { OpenConversation } from './useConversation';
import { ReplyBox, type ComposeMode } from './ReplyBox';
import type { Mentionable } from './mentions';
import { presenceLine, type Colleague } from './presence';
import { TemplatePicker } from './TemplatePicker';
import type { MessageItem } from '@contract/conversations';
import { useReact } from './actions';
import { contactAddress, displayName, STATE_LABELS } from './display';
import { refusal } from './media-limits';
import { MessageLog } from './MessageLog';
import { StatusActions } from './StatusActions';
import type { StatusActionsApi } from './useStatusActions';
import { LabelChips } from './team-display';
import { LabelPicker } from './LabelPicker';
import { ExportMenu } from './ExportMenu';
import type { LabelItem } from '@contract/team';

interface Props {
  phone: string;
  /** The signed-in agent's id: their own messages are labelled "You". */
  me: string | null;
  open: OpenConversation;
  assignment: Assignment;
  now: Date;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  onBack(): void;
  onEndChat(): void;
  onStartChat(): void;
  onToggleContact(): void;
  status: StatusActionsApi;
  labels: LabelItem[];
  mode: ComposeMode;
  onMode(mode: ComposeMode): void;
  mentionable: Mentionable[] | null;
  onError(message: string | null): void;
  /** My name: canned replies fill it in for `{agent}`. */
  agentName: string;
  /** Colleagues viewing or typing here now. */
  colleagues: Colleague[];
}

/** The whole history as bubbles, the chat's state and window, and the reply box or why there is none. */
export function ConversationView({ phone, me, open, assignment, now, replyRef, onBack, onEndChat, onStartChat, onToggleContact, status, labels, mode, onMode, mentionable, onError, agentName, colleagues }: Props) {
  const { detail, messages, hasOlder, error } = open;
  // What the next reply carries besides text: a quoted message, a file. Rendered with key={phone}, so per chat.
  const [quoting, setQuoting] = useState<MessageItem | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const react = useReact(phone);

  const c = detail?.conversation;
  const name = c ? displayName(c) : phone;
  const windowLeft = c?.window_closes_at ? remaining(c.window_closes_at, now) : null;
  const active = c?.chat_support_active ?? false;
  const canCompose = !!c && active && !!windowLeft;
  const assignedTo = !assignment.assigneeId ? 'unassigned'
    : assignment.assigneeId === me ? 'assigned to you' : `assigned to ${assignment.assigneeName ?? 'another agent'}`;

  // Before a reply, a file or a template goes into a chat someone else holds, the sender asks (useCollisionCheck.ts).
  const heldBy = active && assignment.assigneeId && assignment.assigneeId !== me ? (assignment.assigneeName ?? 'another agent') : null;
  const variables = { name, agent: agentName, phone: c?.phone_number ?? phone };
  const chooseFile = (chosen: File | null) => {
    const why = chosen ? refusal(chosen) : null;
    setFileError(why);
    setFile(why ? null : chosen);
  };
  const reply = (message: MessageItem) => {
    // A quote goes with a reply: from the Note tab, back to Reply.
    flushSync(() => {
      setQuoting(message);
      if (canCompose) onMode('reply');
    });
    replyRef.current?.focus();
  };
  const hasFiles = (event: DragEvent) => canCompose && event.dataTransfer.types.includes('Files');
  const drop = {
    onDragOver: (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      setDragging(false);
      if (!hasFiles(event)) return;
      event.preventDefault();
      const dropped = event.dataTransfer.files[0];
      if (dropped) chooseFile(dropped);
    },
  };

  return (
    <main className={`pane conversation-pane${dragging ? ' dropping' : ''}`} aria-labelledby="conversation-title" {...drop}>
      <header className="conversation-head">
        <button type="button" className="btn back" onClick={onBack} aria-label="Back to conversations">←</button>
        <div className="conversation-title">
          <h1 id="conversation-title">{name}</h1>
          <p className="muted">
            {c ? <>{contactAddress(c)} · <span className={`state${active ? ' active' : ''}`}>{active ? 'chat active' : STATE_LABELS[c.state]}</span> · </> : null}
            {c && active && detail?.chat ? <span className="assignee">{assignedTo} · </span> : null}
            {c ? (windowLeft ? `window closes in ${windowLeft}` : 'window closed') : 'loading…'}
          </p>
          <p className="presence" role="status">{presenceLine(colleagues) ?? ''}</p>
          {c && c.labels.length > 0 ? <p className="head-labels" aria-label="Labels"><LabelChips names={c.labels} labels={labels} /></p> : null}
        </div>
        <div className="conversation-actions">
          {c ? <StatusActions conversation={c} actions={status} /> : null}
          {c ? <LabelPicker phone={phone} current={c.labels} labels={labels} onError={onError} /> : null}
          {assignment.canTake ? (
            <button type="button" className="btn" onClick={() => void assignment.take()} aria-keyshortcuts="a" title="Assign to me (a)">Assign to me</button>
          ) : null}
          {assignment.canRelease ? <button type="button" className="btn" onClick={() => void assignment.release()}>Unassign</button> : null}
          {active ? <button type="button" className="btn danger" onClick={onEndChat} aria-keyshortcuts="e">End chat</button> : null}
          {c && !active && windowLeft ? <button type="button" className="btn" onClick={onStartChat}>Start chat</button> : null}
          {c && !canCompose ? (
            <button type="button" className="btn" aria-pressed={mode === 'note'} onClick={() => onMode(mode === 'note' ? 'reply' : 'note')}>Note</button>
          ) : null}
          {c ? <ExportMenu phone={phone} /> : null}
          <button type="button" className="btn contact-toggle" onClick={onToggleContact}>Contact</button>
        </div>
      </header>
      {error ? <p className="alert pad" role="alert">{error}</p> : null}
      <MessageLog
        phone={phone}
        name={name}
        me={me}
        now={now}
        messages={messages}
        hasOlder={hasOlder}
        canCompose={canCompose}
        onLoadOlder={() => void open.loadOlder()}
        onReply={reply}
        onReact={(message, emoji) => react.mutate({ messageId: message.id, emoji })}
      />
      {react.error ? <p className="alert pad" role="alert">The reaction was not sent: {react.error.message}</p> : null}
      {fileError ? <p className="alert pad" role="alert">{fileError}</p> : null}
      {dragging ? <p className="drop-hint" aria-hidden="true">Drop the file to send it to {name}</p> : null}
      {!c ? null : !canCompose && mode === 'note' ? (
        <ReplyBox
          key={`${phone}-note`}
          phone={phone}
          name={name}
          me={me}
          inputRef={replyRef}
          quoting={null}
          onCancelQuote={() => undefined}
          file={null}
          onChooseFile={() => undefined}
          mode="note"
          onMode={onMode}
          noteOnly
          mentionable={mentionable}
          variables={variables}
          heldBy={heldBy}
        />
      ) : !windowLeft ? (
        <TemplatePicker key={phone} phone={phone} name={name} heldBy={heldBy} />
      ) : !active ? (
        <p className="composer-note" role="note">
          The bot is handling this conversation. <button type="button" className="btn link" onClick={onStartChat}>Start a support chat</button> to reply.
        </p>
      ) : (
        <ReplyBox
          key={phone}
          phone={phone}
          name={name}
          me={me}
          inputRef={replyRef}
          quoting={quoting}
          onCancelQuote={() => setQuoting(null)}
          file={file}
          onChooseFile={chooseFile}
          mode={mode}
          onMode={onMode}
          mentionable={mentionable}
          variables={variables}
          heldBy={heldBy}
        />
      )}
    </main>
  );
}
