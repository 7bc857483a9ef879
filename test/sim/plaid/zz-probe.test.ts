import { after, it } from 'node:test';
import { assertSpecClean, startCheckedSim } from './test-support.js';
const c = await startCheckedSim();
after(async () => { assertSpecClean(c); await c.close(); });
it('x', () => { c.violations.push('fake'); });
