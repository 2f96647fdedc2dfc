import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SIMULATOR_CREDENTIALS, type Config } from '../config.js';
import { createSimulator } from './simulator.js';
import type { Simulator } from './types.js';

export const GRAPH_PREFIX = '/simulator/graph';
export const USER_API_PREFIX = '/simulator/api';
const SIMULATOR_LOG_LEVEL = 'warn';

/**
 * Dev mode: this process plays WhatsApp for itself. The Graph client posts to `<self>/simulator/graph/v23.0`
 * and the simulator posts signed webhooks back to `<self>/webhooks/whatsapp`, over real HTTP, so the app
 * runs the same code path as with Meta.
 */
export async function mountSimulator(
  app: FastifyInstance,
  options: { config: Config; selfUrl: () => string; now?: () => Date },
): Promise<Simulator> {
  const { whatsapp, dataDir } = options.config;
  const simulator = createSimulator({
    accessToken: whatsapp.accessToken,
    appSecret: whatsapp.appSecret,
    phoneNumberId: whatsapp.phoneNumberId,
    businessAccountId: whatsapp.businessAccountId ?? SIMULATOR_CREDENTIALS.businessAccountId,
    displayPhoneNumber: SIMULATOR_CREDENTIALS.displayPhoneNumber,
    webhookUrl: () => `${options.selfUrl()}/webhooks/whatsapp`,
    dataFile: join(dataDir, 'simulator.json'),
    now: options.now,
    logger: app.log.child({ part: 'simulator' }),
  });
  // The simulator's own traffic (the app's Graph API calls to it, the phone page) is not logged request
  // by request: it doubled every line of the app's own log. Its warnings and errors still are.
  await app.register(simulator.graphApiPlugin, { prefix: GRAPH_PREFIX, logLevel: SIMULATOR_LOG_LEVEL });
  await app.register(simulator.userApiPlugin, { prefix: USER_API_PREFIX, logLevel: SIMULATOR_LOG_LEVEL });
  app.addHook('onClose', () => simulator.close());
  return simulator;
}
