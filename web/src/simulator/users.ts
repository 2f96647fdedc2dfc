/** Who the phone belongs to (the API's shapes are in `src/contract/simulator.ts`). */
export interface PhoneUser {
  waId: string;
  name: string;
}

export const PRESET_USERS: PhoneUser[] = [
  { waId: '2348012345678', name: 'John' },
  { waId: '2348023456789', name: 'Ada' },
  { waId: '447700900123', name: 'Tolu' },
];
