import { build } from 'esbuild';
const out = await build({ entryPoints: ['src/card/index.ts'], bundle: true, format: 'esm', target: 'es2022', write: false, tsconfig: 'tsconfig.json' });
const lines = out.outputFiles[0]!.text.split('\n');
for (const n of process.argv.slice(2)) console.log(n, lines.slice(Number(n) - 3, Number(n) + 12).join('\n'), '\n----');
