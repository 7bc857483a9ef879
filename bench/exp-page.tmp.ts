import { buildHass, nextHass, balanceEntity } from './page/fake-hass.js';
declare const window: any;
async function main() {
  const stage = document.createElement('div'); stage.style.width = '500px'; document.body.append(stage);
  let { hass, specs } = buildHass(5000, 50);
  const fresh = () => nextHass(hass, Object.fromEntries(specs.map((s) => { const e = balanceEntity(s); return [e.entity_id, e]; })));
  const card: any = document.createElement('plaid-balance-card');
  card.setConfig({ type: 'custom:plaid-balance-card', trend: '30d' }); card.hass = hass; stage.append(card);
  for (let i = 0; i < 100; i++) { await Promise.resolve(); await card.updateComplete; }
  const markup = card.shadowRoot.innerHTML;
  const nodes = card.shadowRoot.querySelectorAll('*').length;
  card.remove();
  const variants: Record<string, string> = {
    full: markup,
    noD: markup.replace(/ d="[^"]*"/g, ' d=""'),
    noTrend: markup.replace(/<div class="trend[^]*?<\/div>/g, ''),
    noComments: markup.replace(/<!--[^]*?-->/g, ''),
  };
  const times: Record<string, number[]> = { naive: [] };
  for (const k in variants) times[k] = [];
  for (let i = 0; i < 230; i++) {
    hass = fresh();
    let t0 = performance.now();
    const n: any = document.createElement('naive-balance-card'); n.setConfig({}); n.hass = hass; stage.append(n); await n.updateComplete;
    const a = performance.now() - t0; n.remove();
    if (i >= 30) times.naive!.push(a);
    for (const k in variants) {
      t0 = performance.now();
      const host = document.createElement('div'); const root = host.attachShadow({ mode: 'open' });
      root.innerHTML = variants[k]!; stage.append(host);
      const b = performance.now() - t0; host.remove();
      if (i >= 30) times[k]!.push(b);
    }
  }
  const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1];
  window.result = { nodes, chars: markup.length, ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, med(v)])) };
}
main().catch((e) => (window.result = { error: String(e) }));
