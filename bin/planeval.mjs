#!/usr/bin/env node
// Entry point of the `planeval` command: runs the program as one bundle of its TypeScript
// sources, made when they change (program.mjs).
process.env.TZ ??= 'Asia/Shanghai';
// --debug prints stacks: their places in the sources, not in the bundle
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { loadProgram } = await import('./program.mjs');
const { main } = await loadProgram();
process.exitCode = await main(process.argv.slice(2));
