import { validate, is, type } from 'superstruct';
import { BalanceAttributesSchema } from '../src/protocol/index.ts';
import { balanceEntity, balanceSpecs } from './page/fake-hass.ts';
const ents = balanceSpecs(50).map(balanceEntity);
const T = type(BalanceAttributesSchema.schema);
for (let k = 0; k < 8; k++) {
  const t0 = performance.now();
  for (const e of ents) validate({ ...e.attributes }, BalanceAttributesSchema, { coerce: true, mask: true });
  const t1 = performance.now();
  for (const e of ents) is({ ...e.attributes }, T);
  const t2 = performance.now();
  for (const e of ents) validate({ ...e.attributes }, T);
  const t3 = performance.now();
  console.log('validate', (t1 - t0).toFixed(3), 'is(type)', (t2 - t1).toFixed(3), 'validate(type)', (t3 - t2).toFixed(3));
}
