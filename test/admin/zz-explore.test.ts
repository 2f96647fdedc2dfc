import { it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';

it('explore', async () => {
  for (let i = 0; i < 3; i++) {
    let t0 = Date.now();
    const d = await freshDatabase();
    console.log('db', Date.now() - t0); t0 = Date.now();
    const t = await startTestApp({ database: d });
    console.log('start', Date.now() - t0); t0 = Date.now();
    for (let k = 0; k < 3; k++) {
      await t.fake.simulator.sendUserMessage({ from: '2348012345678', name: 'John', text: 'hello' + k });
      await t.settle();
      console.log('msg', Date.now() - t0); t0 = Date.now();
    }
    await t.close();
    await d.close();
    console.log('close', Date.now() - t0); t0 = Date.now();
  }
}, 120000);
