import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { argumentMessage, emptyOption, repeatedOption } from '../pipeline/cli.ts';
import { EXIT } from '../pipeline/basics/errors.ts';
import { runCli, sample, thrownBy } from './support/helpers.ts';

const OPTIONS = { input: { type: 'string' }, out: { type: 'string' }, 'data-only': { type: 'boolean' }, force: { type: 'boolean' } } as const;

/** What the command line says of `args`, parsed as planeval parses them. */
const said = (args: string[], options: Parameters<typeof argumentMessage>[1] = OPTIONS) =>
  argumentMessage(thrownBy(() => parseArgs({ args, options, strict: true, allowPositionals: false })), options);

describe('command-line mistakes are said in Chinese, with what to write instead', () => {
  it('names an unknown option and the option it most likely meant', () => {
    expect(said(['--inptu', 'x'])).toBe('没有选项“--inptu”，是不是要写 --input？');
    expect(said(['--dataonly'])).toBe('没有选项“--dataonly”，是不是要写 --data-only？');
    expect(said(['--fo'])).toBe('没有选项“--fo”，是不是要写 --force？');
    expect(said(['--xyz'])).toBe('没有选项“--xyz”');
    expect(said(['-i', 'x'])).toBe('没有选项“-i”（选项都写全名，以两个短横线开头，如 --input）');
  });

  it('says a bare argument is not taken, and how to give it as the input folder', () => {
    expect(said(['data/2025'])).toBe('多余的参数“data/2025”：这个命令只接受以 -- 开头的选项；如果这是输入目录，请写成 --input data/2025');
    expect(said(['x'], { out: { type: 'string' } })).toBe('多余的参数“x”：这个命令只接受以 -- 开头的选项');
  });

  it('says what is wrong with an option\'s value', () => {
    expect(said(['--input'])).toBe('选项 --input 后面缺少值，请写成 --input 值');
    expect(said(['--input', '--out', 'o'])).toBe('选项 --input 后面缺少值（紧跟着的是另一个选项）；如果值本身以短横线开头，请写成 --input=值');
    expect(said(['--data-only=yes'])).toBe('选项 --data-only 不带值，只写 --data-only');
  });

  it('refuses an option given twice with different values, rather than silently taking the last', async () => {
    expect(repeatedOption(parseArgs({ args: ['--input', 'a', '--out', 'o', '--input', 'b'], options: OPTIONS, strict: true, tokens: true }).tokens))
      .toBe('选项 --input 写了两次（“a”和“b”），只能写一次');
    expect(repeatedOption(parseArgs({ args: ['--input', 'a', '--input', 'a', '--force', '--force'], options: OPTIONS, strict: true, tokens: true }).tokens)).toBeUndefined();
    const out = join(tmpdir(), `planeval-twice-${process.pid}`);
    const run = await runCli(['build', '--input', 'data/sample', '--input', '/elsewhere', '--out', out, '--data-only']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('错误：选项 --input 写了两次（“data/sample”和“/elsewhere”），只能写一次');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an option given an empty value, rather than taking the default (the eighth attack: --plan \'\' built the default plan)', async () => {
    const tokens = (args: string[]) => parseArgs({ args, options: OPTIONS, strict: true, tokens: true }).tokens;
    expect(emptyOption(tokens(['--input', '', '--out', 'o']))).toBe('选项 --input 的值是空的，请写成 --input 值');
    expect(emptyOption(tokens(['--out=  ']))).toBe('选项 --out 的值是空的，请写成 --out 值');
    expect(emptyOption(tokens(['--input', 'a', '--force']))).toBeUndefined();
    const run = await runCli(['check', '--input', 'data/sample', '--plan', '']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('错误：选项 --plan 的值是空的，请写成 --plan 值');
    const port = await runCli(['serve', '--port', '99999999999999999999']);
    expect(port.code).toBe(EXIT.usage);
    expect(port.stderr).toContain('--port 应在 0—65535 之间，实为“99999999999999999999”');
  });

  it('prints it with the usage and exits 64, no English from the parser', async () => {
    const run = await runCli(['check', 'data/sample']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('错误：多余的参数“data/sample”');
    expect(run.stderr).toContain('请写成 --input data/sample');
    expect(run.stderr).toContain('用法：planeval check --input DIR');
    expect(run.stderr).not.toMatch(/Unexpected|Unknown|argument/);
  });
});

describe('options naming files and folders are checked before any work starts (the fourth workbook attack)', () => {
  it('refuses a --passages folder that is not there, or is a file, in Chinese with exit 64', async () => {
    const missing = await runCli(['check', '--input', 'data/sample', '--passages', '/nonexistent-planeval']);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('错误：--passages 指定的文件夹“/nonexistent-planeval”不存在');
    const file = await runCli(['check', '--input', 'data/sample', '--passages', 'package.json']);
    expect(file.code).toBe(EXIT.usage);
    expect(file.stderr).toContain('错误：--passages 应指定一个文件夹，“package.json”是文件');
    expect(file.stderr).not.toMatch(/ENOTDIR|scandir/);
  });

  it('refuses a --published date before the last year evaluated has ended (the eighth attack: 0000-01-01 printed on the reports)', async () => {
    const out = join(tmpdir(), `planeval-published-${process.pid}`);
    const input = await sample({ years: [2020, 2021] });
    for (const date of ['0000-01-01', '2021-12-31']) {
      const run = await runCli(['build', '--input', input, '--out', out, '--no-pdf', '--published', date]);
      expect(run.code, date).toBe(EXIT.usage);
      expect(run.stderr).toContain(`错误：--published ${date} 早于所评估的最后一年（2021年）结束：2021年的报告要在该年的数据齐全之后才能发布，请写 2022-01-01 或之后的日期`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('refuses a --stats-json path that cannot be written before building, not after publishing', async () => {
    const out = join(tmpdir(), `planeval-stats-${process.pid}`);
    const run = await runCli(['build', '--input', 'data/sample', '--out', out, '--data-only', '--stats-json', '/nonexistent-planeval/dir/s.json']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('错误：--stats-json 指定的文件“/nonexistent-planeval/dir/s.json”所在的文件夹不存在');
    expect(existsSync(out)).toBe(false);
    const dir = await runCli(['build', '--input', 'data/sample', '--out', out, '--data-only', '--stats-json', 'data']);
    expect(dir.code).toBe(EXIT.usage);
    expect(dir.stderr).toContain('应指定一个文件，“data”是文件夹');
  });
});
