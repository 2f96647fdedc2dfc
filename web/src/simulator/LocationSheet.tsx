import { useRef, useState, type FormEvent } from 'react';
import { usePhoneSheet } from './phone-sheet';
import type { EntryLocation } from '@contract/simulator';

interface Props {
  onShare(location: EntryLocation): void;
  onClose(): void;
}

/** "Share location": a place typed in (the simulator has no GPS), in a sheet like the list's. */
export function LocationSheet({ onShare, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [latitude, setLatitude] = useState('6.4281');
  const [longitude, setLongitude] = useState('3.4219');
  const [name, setName] = useState('');
  usePhoneSheet(dialog);
  const share = (event: FormEvent) => {
    event.preventDefault();
    onShare({ latitude: Number(latitude), longitude: Number(longitude), ...(name.trim() ? { name: name.trim() } : {}) });
  };
  return (
    <dialog ref={dialog} className="sheet" aria-labelledby="location-title" onClose={onClose}>
      <div className="sheet-head">
        <h2 id="location-title">Share location</h2>
        <button type="button" className="btn link" onClick={() => dialog.current?.close()} aria-label="Close">✕</button>
      </div>
      <form className="location-form" onSubmit={share}>
        <label className="field">
          <span>Latitude</span>
          <input className="input" type="number" step="any" min={-90} max={90} required value={latitude} onChange={(e) => setLatitude(e.target.value)} />
        </label>
        <label className="field">
          <span>Longitude</span>
          <input className="input" type="number" step="any" min={-180} max={180} required value={longitude} onChange={(e) => setLongitude(e.target.value)} />
        </label>
        <label className="field">
          <span>Place name (optional)</span>
          <input className="input" maxLength={200} value={name} placeholder="Lekki Office" onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="btn primary">Send location</button>
      </form>
    </dialog>
  );
}
