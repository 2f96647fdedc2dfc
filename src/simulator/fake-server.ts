import Fastify from 'fastify';
import { createSimulator } from './simulator.js';
import type { Simulator, SimulatorOptions } from './types.js';

export interface FakeGraphApi {
  /** The Graph API base including the version, e.g. http://127.0.0.1:PORT/v23.0 (the client's WHATSAPP_API_URL). */
  url: string;
  /** The simulated users' API, e.g. http://127.0.0.1:PORT/simulator/api. */
  userApiUrl: string;
  simulator: Simulator;
  close(): Promise<void>;
}

/** The simulator as a standalone HTTP server on a free port, for tests of the Graph API client and the app. */
export async function startFakeGraphApi(opts: SimulatorOptions & { version?: string }): Promise<FakeGraphApi> {
  const simulator = createSimulator(opts);
  const app = Fastify({ logger: false });
  await app.register(simulator.graphApiPlugin);
  await app.register(simulator.userApiPlugin, { prefix: '/simulator/api' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${address}/${opts.version ?? 'v23.0'}`,
    userApiUrl: `${address}/simulator/api`,
    simulator,
    close: async () => {
      await simulator.close();
      await app.close();
    },
  };
}
