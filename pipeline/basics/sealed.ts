/**
 * Cache entries that know when they are damaged. A cache under the out folder is trusted
 * with what a build publishes: a reused workbook outcome gives the numbers, a reused chart,
 * download or font is published as it is. A file changed by anything but the build (a
 * disk's error, a copy cut short, a hand that edited it) must then be made again, never
 * published. So each entry is kept with the SHA-256 of its bytes, and read back only when
 * its bytes still have that digest (≈ 90 ms for the 157 MB of a 100× input's workbook
 * outcomes).
 *
 * Two forms: a sealed file holds a header (a tag and the digest) before the bytes; an entry
 * that must stay a plain file (one hard-linked into the output, such as a precompressed copy
 * or a PDF) is checked against a digest kept beside it (`bytesDigest`, `hasDigest`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomically } from './files.ts';

/** What a sealed file begins with (16 bytes), then the 32 bytes of the digest. */
const TAG = Buffer.from('planeval-sealed1', 'latin1');
const HEADER = TAG.length + 32;

/** The SHA-256 of `bytes`. */
function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** `bytes` sealed: the tag and their digest, then the bytes. */
export function seal(bytes: string | Uint8Array): Buffer {
  return Buffer.concat(sealParts(bytes));
}

/** The parts of `bytes` sealed, the bytes not copied: the tag, their digest, the bytes. */
function sealParts(bytes: string | Uint8Array): Uint8Array[] {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return [TAG, sha256(body), body];
}

/** The bytes `sealed` holds, or undefined when it is not a sealed file or they changed. */
export function unseal(sealed: Uint8Array): Buffer | undefined {
  if (sealed.length < HEADER) return undefined;
  const all = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (!all.subarray(0, TAG.length).equals(TAG)) return undefined;
  const body = all.subarray(HEADER);
  return sha256(body).equals(all.subarray(TAG.length, HEADER)) ? body : undefined;
}

/** Entries found changed since they were kept (not the missing ones), since `resetDamagedEntries`. */
let damaged = 0;

/** How many entries were found damaged since the count was reset: a build says so at its end. */
export function damagedEntries(): number {
  return damaged;
}

export function resetDamagedEntries(): void {
  damaged = 0;
}

/** Write `bytes` sealed to `file`, whole or not at all (its folder is made). */
export function writeSealedFile(file: string, bytes: string | Uint8Array): void {
  // written in parts: a 100× input's workbook outcomes are 157 MB, copied once more by joining them
  writeFileAtomically(file, sealParts(bytes));
}

/** The bytes of the sealed `file`; undefined when it is missing, unreadable or damaged. */
export function readSealedFile(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const body = unseal(bytes);
  if (body === undefined) damaged += 1;
  return body;
}

/** The digest an entry kept as a plain file is checked against (hex SHA-256). */
export function bytesDigest(bytes: Uint8Array): string {
  return sha256(bytes).toString('hex');
}

/** Whether the plain `file` still has the digest `expected` (false when it cannot be read). */
export function hasDigest(file: string, expected: string | undefined): boolean {
  if (!expected) return false;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return false;
  }
  if (bytesDigest(bytes) === expected) return true;
  damaged += 1;
  return false;
}
