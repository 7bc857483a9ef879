import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const out = await build({ entryPoints: ['src/card/index.ts'], bundle: true, format: 'esm', target: 'es2022', write: false, minify: true, metafile: true, tsconfig: 'tsconfig.json', conditions: ['production'] });
const o = Object.values(out.metafile.outputs)[0]!;
const rows = Object.entries(o.inputs).map(([k, v]) => [k, v.bytesInOutput] as const).sort((a, b) => b[1] - a[1]);
const by: Record<string, number> = {};
for (const [k, b] of rows) { const key = k.startsWith('node_modules') ? k.split('/').slice(0, k.includes('@') ? 3 : 2).join('/') : k; by[key] = (by[key] ?? 0) + b; }
console.log(Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, b]) => `${String(b).padStart(7)} ${k}`).join('\n'));
console.log('total', o.bytes, 'gz', gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length);
