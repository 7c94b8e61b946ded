#!/usr/bin/env node
// Entry point of the `planeval` command: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
process.env.TZ ??= 'Asia/Shanghai';
const { main } = await import('../pipeline/cli.ts');
process.exitCode = await main(process.argv.slice(2));
