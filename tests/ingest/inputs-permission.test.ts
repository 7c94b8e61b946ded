/**
 * A folder of the input the build may not read, whoever runs the tests (root reads
 * everything): `readdirSync` refuses the folders named here with EACCES, as the system does
 * for a user without the permission. (inputs.test.ts does the same with real permissions.)
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const denied = new Set<string>();
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readdirSync = ((path: string, options?: unknown) => {
    if (denied.has(String(path))) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES', errno: -13, syscall: 'scandir', path });
    return (fs.readdirSync as (p: string, o?: unknown) => unknown)(path, options);
  }) as typeof fs.readdirSync;
  return { ...fs, readdirSync, default: { ...fs, readdirSync } };
});

const { readConfiguration } = await import('../../pipeline/build.ts');
const { EXIT, UserError } = await import('../../pipeline/basics/errors.ts');
const { memoryLogger } = await import('../../pipeline/basics/log.ts');
const { readInputs } = await import('../../pipeline/ingest/read-inputs.ts');
const { copyOf, sample, thrownBy } = await import('../support/helpers.ts');

describe('an input folder the build may not read', () => {
  it('rejects a year folder as a whole, every figure of the year marked, in Chinese; refuses the input folder itself (exit 64)', async () => {
    const input = copyOf(await sample({ years: [2020, 2021] }), 'no-permission');
    denied.add(join(input, '2021'));
    const { geography, listing, plan } = readConfiguration(input);
    const data = await readInputs(listing, { geography, plan }, memoryLogger());
    expect(data.years.map((y) => y.year)).toEqual([2020, 2021]);
    expect(data.rejects).toEqual([expect.objectContaining({
      file: '2021/', scope: 'file', rule: 'unreadable',
      message: '文件夹“2021”无法读取：没有读取权限，其中的工作簿都未读取；请检查文件夹的权限后重新运行',
    })]);
    denied.add(input);
    const caught = thrownBy(() => readConfiguration(input));
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as InstanceType<typeof UserError>).exitCode).toBe(EXIT.usage);
    expect((caught as Error).message).toBe(`输入目录“${input}”无法读取：没有读取权限。请检查文件夹的权限后重新运行`);
  });
});
