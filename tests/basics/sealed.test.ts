/** Sealed cache entries: read back only while their bytes still have the digest they were kept with. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesDigest, damagedEntries, hasDigest, readSealedFile, resetDamagedEntries, seal, unseal, writeSealedFile } from '../../pipeline/basics/sealed.ts';
import { tempDir } from '../support/helpers.ts';

const BODY = Buffer.from('{"svg":"<svg>养老床位 7.1 张</svg>","warnings":[]}', 'utf8');

describe('sealed cache entries', () => {
  it('give back the bytes they were written with', () => {
    expect(unseal(seal(BODY))!.equals(BODY)).toBe(true);
    expect(unseal(seal('养老'))!.toString('utf8')).toBe('养老');
    expect(unseal(seal(new Uint8Array(0)))!.length).toBe(0);
    const file = join(tempDir('sealed'), 'entry');
    writeSealedFile(file, BODY);
    expect(readSealedFile(file)!.equals(BODY)).toBe(true);
  });

  it('give nothing when any byte changed, when cut short or when not sealed at all', () => {
    const sealed = seal(BODY);
    for (let i = 0; i < sealed.length; i++) {
      const damaged = Buffer.from(sealed);
      damaged[i]! ^= 0x01;
      expect(unseal(damaged), `byte ${i}`).toBeUndefined();
    }
    for (const n of [0, 10, 47, 48, sealed.length - 1]) expect(unseal(sealed.subarray(0, n)), `${n} bytes`).toBeUndefined();
    expect(unseal(Buffer.concat([sealed, Buffer.from('x')]))).toBeUndefined();
    expect(unseal(BODY)).toBeUndefined();
    const dir = tempDir('sealed');
    expect(readSealedFile(join(dir, 'missing'))).toBeUndefined();
    expect(readSealedFile(dir)).toBeUndefined(); // a folder
    writeFileSync(join(dir, 'plain.json'), BODY);
    expect(readSealedFile(join(dir, 'plain.json'))).toBeUndefined();
  });

  it('check a plain file against the digest kept for it', () => {
    const file = join(tempDir('sealed'), 'report.pdf');
    writeFileSync(file, BODY);
    const sha = bytesDigest(BODY);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(hasDigest(file, sha)).toBe(true);
    expect(hasDigest(file, undefined)).toBe(false);
    const damaged = readFileSync(file);
    damaged[5]! ^= 0x20;
    writeFileSync(file, damaged);
    expect(hasDigest(file, sha)).toBe(false);
    expect(hasDigest(`${file}.missing`, sha)).toBe(false);
  });

  it('count the entries found damaged, not the missing ones, for the build to say', () => {
    const dir = tempDir('sealed');
    resetDamagedEntries();
    writeSealedFile(join(dir, 'good'), BODY);
    writeFileSync(join(dir, 'bad'), BODY);
    writeFileSync(join(dir, 'plain'), BODY);
    readSealedFile(join(dir, 'good'));
    readSealedFile(join(dir, 'missing'));
    hasDigest(join(dir, 'plain'), bytesDigest(BODY));
    hasDigest(join(dir, 'missing'), bytesDigest(BODY));
    expect(damagedEntries()).toBe(0);
    readSealedFile(join(dir, 'bad'));
    hasDigest(join(dir, 'plain'), bytesDigest(Buffer.from('other')));
    expect(damagedEntries()).toBe(2);
    resetDamagedEntries();
    expect(damagedEntries()).toBe(0);
  });
});
