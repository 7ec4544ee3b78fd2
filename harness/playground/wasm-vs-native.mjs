// wasm-vs-native.mjs — the Playground's WebAssembly build against the native one: the same
// settings as native.c (XOR, seed 1, 4 tanh units, lr 0.03, 300 steps) in the wasm module, and the
// training and test losses every 50 steps compared with what the native program printed.
//
//     node harness/playground/wasm-vs-native.mjs build/playground/solution/playground.js NATIVE_OUTPUT
//
// The two builds run the same C in float32 arithmetic, which WebAssembly defines exactly as IEEE
// 754; what differs is libm (tanhf, expf: musl's in emscripten, glibc's natively, each within
// 1-2 ulp) and, natively, the sgemm kernel's order of summation (AVX2 with fused multiply-adds
// unless HARNESS_ISA=scalar). Those differences are ~1e-7 per operation and training amplifies
// them slowly, so 300 steps of a 2-4-2 network stay within a relative 1e-5 of each other (measured: 1e-7).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [jsFile, nativeFile] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const Playground = require(path.resolve(jsFile));
const TOL = 1e-5;

const M = await Playground();
// pg_setup(dataset XOR = 1, n 200, noise 0.1, train 50 %, features x|y, 1 hidden layer, 4 units,
//          tanh = 2, batch 10, seed 1), as native.c
if (M._pg_setup(1, 200, 0.1, 50, 3, 1, 4, 2, 10, 1) !== 0) { console.log('[FAIL] pg_setup refused the settings'); process.exit(1); }
const wasm = [];
for (let s = 0; s <= 300; s += 50) {
    if (s > 0) M._pg_train(50, 0.03, 0, 0);
    wasm.push([s, M._pg_loss(0), M._pg_loss(1)]);
}
const native = readFileSync(nativeFile, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
let worst = 0, ok = native.length === wasm.length;
for (let i = 0; ok && i < wasm.length; i++)
    for (const k of [1, 2]) worst = Math.max(worst, Math.abs(wasm[i][k] - native[i][k]) / Math.abs(native[i][k]));
const last = wasm[wasm.length - 1];
const msg = `losses every 50 steps to step 300 (last: train ${last[1].toFixed(6)}, test ${last[2].toFixed(6)}): ` +
    `largest relative difference wasm vs native ${worst.toExponential(2)} (tolerance ${TOL})`;
if (ok && worst <= TOL && Number.isFinite(last[1])) { console.log(`[PASS] ${msg}`); process.exit(0); }
console.log(`[FAIL] ${ok ? msg : `native printed ${native.length} lines, wasm has ${wasm.length}`}`);
process.exit(1);
