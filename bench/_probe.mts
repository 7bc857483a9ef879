import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu'] });
const p = await browser.newPage();
const r = await p.evaluate(() => {
  const base: Record<string, any> = {};
  for (let i = 0; i < 5050; i++) { const d = ['light','sensor','switch'][i%3]; base[`${d}.noise_${i}`] = { entity_id: `${d}.noise_${i}`, state: 'on', attributes: i % 3 ? { a: 1, friendly_name: 'x' } : { b: 2, icon: 'y', plaid_balance: i % 100 === 0 ? 1 : undefined } }; }
  const objs: any[] = []; let s = base;
  for (let i = 0; i < 60; i++) { s = { ...s, [`light.noise_${i*3}`]: { entity_id: 'x', state: 'off', attributes: {} } }; objs.push(s); }
  const out: Record<string, number[]> = { forin: [], values: [], keys: [], entries: [] };
  for (let rep = 0; rep < 3; rep++) {
    let t0 = performance.now(); let n = 0;
    for (const o of objs.slice(0, 20)) { const ids = []; let c = 0; for (const id in o) { c++; if (o[id]?.attributes?.plaid_balance === 1) ids.push(id); } n += ids.length + c; }
    out.forin.push((performance.now() - t0) / 20);
    t0 = performance.now();
    for (const o of objs.slice(20, 40)) { const ids = []; const vs = Object.values(o) as any[]; for (const e of vs) if (e?.attributes?.plaid_balance === 1) ids.push(e.entity_id); n += ids.length + vs.length; }
    out.values.push((performance.now() - t0) / 20);
    t0 = performance.now();
    for (const o of objs.slice(40, 60)) { const ids = []; const ks = Object.keys(o); for (const id of ks) if (o[id]?.attributes?.plaid_balance === 1) ids.push(id); n += ids.length + ks.length; }
    out.keys.push((performance.now() - t0) / 20);
  }
  return out;
});
console.log(r);
await browser.close();
