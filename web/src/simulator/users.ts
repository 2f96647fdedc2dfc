/** The simulator's user API shapes (the server's `src/simulator/schemas.ts`). */

export interface Choice {
  id: string;
  title: string;
}

export interface ListRow extends Choice {
  description?: string;
}

export interface TranscriptEntry {
  seq: number;
  /** 'in': the user wrote it; 'out': the business sent it (or, for 'read', read the user's message). */
  direction: 'in' | 'out';
  wamid: string;
  at: string;
  kind: 'text' | 'buttons' | 'list' | 'read';
  text: string;
  footer?: string;
  buttons?: Choice[];
  list?: { button: string; sections: Array<{ title?: string; rows: ListRow[] }> };
}

export interface PhoneUser {
  waId: string;
  name: string;
}

export const PRESET_USERS: PhoneUser[] = [
  { waId: '2348012345678', name: 'John' },
  { waId: '2348023456789', name: 'Ada' },
  { waId: '447700900123', name: 'Tolu' },
];
