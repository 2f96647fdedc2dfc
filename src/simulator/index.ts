/** Dev mode's fake WhatsApp: register `graphApiPlugin` under /simulator/graph and `userApiPlugin` under /simulator/api. */
export { createSimulator } from './simulator.js';
export { startFakeGraphApi, type FakeGraphApi } from './fake-server.js';
export type * from './types.js';
