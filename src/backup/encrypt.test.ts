/**
 * plat's age files (header from encrypt-x25519.ts, payload from encrypt-job.ts) against the
 * age-encryption package's own, pure-JS reading and writing (the `age` CLI interop is in
 * test/integration/backup-offsite-age.test.ts), and the messages a wrong or malformed identity
 * or recipient gives — which must never echo a key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decrypter, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFile, sealFile } from './encrypt.js';
import { runCryptJob } from './encrypt-job.js';
import { AgeOpenFailed } from './encrypt-keys.js';
import { readAgeHeader, sealedSizeProblem } from './encrypt-header.js';
import { parseAgeIdentities } from './encrypt-identity.js';
import { x25519Recipient } from './encrypt-x25519.js';
import { ConfigError } from '../errors/index.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'plat-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function keyPair() {
  const identity = await generateIdentity();
  return { identity, recipient: await identityToRecipient(identity) };
}

describe('age files', () => {
  it('age-encryption decrypts what plat sealed, for each of several recipients; the file is 0600', async () => {
    const a = await keyPair();
    const b = await keyPair();
    const plain = randomBytes(3 * 1024 * 1024 + 4321);
    writeFileSync(join(dir, 'p'), plain);
    const r = await sealFile(join(dir, 'p'), join(dir, 'p.age'), [a.recipient, b.recipient]);
    const sealed = readFileSync(join(dir, 'p.age'));
    expect(r.bytes).toBe(sealed.length);
    expect(statSync(join(dir, 'p.age')).mode & 0o777).toBe(0o600);
    for (const who of [a, b]) {
      const d = new Decrypter();
      d.addIdentity(who.identity);
      expect(Buffer.from(await d.decrypt(sealed)).equals(plain)).toBe(true);
    }
    const h = readAgeHeader(sealed);
    expect(h.ok && h.header.stanzas).toEqual(['X25519', 'X25519']);
    expect(sealedSizeProblem(sealed.length, h.ok ? h.header.headerBytes : 0)).toBeUndefined();
    // a cut that leaves less than a tag after the last full chunk is impossible for age
    const headerBytes = h.ok ? h.header.headerBytes : 0;
    expect(sealedSizeProblem(headerBytes + 16 + 65552 + 10, headerBytes)).toMatch(/truncated/);
  });

  it('a file large enough for the worker (it and this thread share the ranges): same bytes back, and errors name the file', async () => {
    const k = await keyPair();
    const plain = randomBytes(20 * 1024 * 1024 + 999);
    writeFileSync(join(dir, 'p'), plain);
    const r = await runCryptJob({ kind: 'seal', recipients: [k.recipient], srcPath: join(dir, 'p'), outPath: join(dir, 'p.age'), sync: false, waitForWorker: true });
    const sealed = readFileSync(join(dir, 'p.age'));
    expect(statSync(join(dir, 'p.age')).mode & 0o777).toBe(0o600);
    expect(r).toEqual({ bytes: sealed.length, sha256: createHash('sha256').update(sealed).digest('hex') });
    const d = new Decrypter();
    d.addIdentity(k.identity);
    expect(Buffer.from(await d.decrypt(sealed)).equals(plain)).toBe(true);
    const open = (what: string, outPath: string) => runCryptJob({ kind: 'open', identities: [k.identity], head: readFileSync(what).subarray(0, 65536), what, srcPath: what, outPath, sync: false, waitForWorker: true });
    const opened = await open(join(dir, 'p.age'), join(dir, 'back'));
    expect(opened).toEqual({ bytes: plain.length, sha256: createHash('sha256').update(plain).digest('hex') });
    expect(readFileSync(join(dir, 'back')).equals(plain)).toBe(true);
    // a flipped byte fails the same way whichever thread opens that range (the worker's first, the last)
    const h = readAgeHeader(sealed);
    const payloadAt = (h.ok ? h.header.headerBytes : 0) + 16;
    for (const at of [0, 319]) {
      const bad = Buffer.from(sealed);
      bad[payloadAt + at * (65536 + 16) + 5]! ^= 1;
      writeFileSync(join(dir, 'bad.age'), bad);
      for (const opening of [() => open(join(dir, 'bad.age'), join(dir, `bad${at}`)), () => openFile(join(dir, 'bad.age'), join(dir, `bad${at}b`), [k.identity])]) {
        const err = await opening().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AgeOpenFailed);
        expect((err as Error).message).toBe(`${join(dir, 'bad.age')}: chunk ${at + 1} of the encrypted payload is damaged (it does not authenticate)`);
      }
    }
  });

  it('the header names a mistyped recipient (its Bech32 checksum) and needs at least one', async () => {
    const k = await keyPair();
    const typo = `${k.recipient.slice(0, 10)}${k.recipient[10] === 'q' ? 'p' : 'q'}${k.recipient.slice(11)}`;
    writeFileSync(join(dir, 'p'), 'x');
    await expect(sealFile(join(dir, 'p'), join(dir, 'p.age'), [k.recipient, typo])).rejects.toThrow(new ConfigError(`${typo} is not an age recipient plat can encrypt to (its checksum is wrong: a typo?)`));
    await expect(sealFile(join(dir, 'p'), join(dir, 'p.age'), [])).rejects.toThrow(/at least one recipient/);
    expect(() => x25519Recipient('age1qqqq')).toThrow(ConfigError);
    expect(existsSync(join(dir, 'p.age'))).toBe(false);
  });

  it('plat opens what age-encryption wrote', async () => {
    const k = await keyPair();
    const plain = randomBytes(200_000);
    const e = new Encrypter();
    e.addRecipient(k.recipient);
    writeFileSync(join(dir, 'x.age'), await e.encrypt(plain));
    const r = await openFile(join(dir, 'x.age'), join(dir, 'x'), [k.identity]);
    expect(readFileSync(join(dir, 'x')).equals(plain)).toBe(true);
    expect(r.bytes).toBe(plain.length);
  });

  it('a wrong identity fails before any plaintext is written, naming the file and not the key', async () => {
    const right = await keyPair();
    const wrong = await keyPair();
    writeFileSync(join(dir, 'p'), randomBytes(1000));
    await sealFile(join(dir, 'p'), join(dir, 'p.age'), [right.recipient]);
    const err = await openFile(join(dir, 'p.age'), join(dir, 'out'), [wrong.identity]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgeOpenFailed);
    expect((err as Error).message).toContain('was not encrypted to the given identity');
    expect((err as Error).message).not.toContain(wrong.identity);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a truncated file fails at its end with a clear message', async () => {
    const k = await keyPair();
    writeFileSync(join(dir, 'p'), randomBytes(300_000));
    await sealFile(join(dir, 'p'), join(dir, 'p.age'), [k.recipient]);
    writeFileSync(join(dir, 'cut.age'), readFileSync(join(dir, 'p.age')).subarray(0, 200_000));
    await expect(openFile(join(dir, 'cut.age'), join(dir, 'out'), [k.identity])).rejects.toThrow(/truncated or damaged/);
  });

  it('identity files: comments skipped, bad lines named by number only, never echoed', async () => {
    const k = await keyPair();
    expect(parseAgeIdentities(`# created: now\n# public key: ${k.recipient}\n${k.identity}\n`, 'id.txt')).toEqual([k.identity]);
    const secretish = 'AGE-SECRET-KEY-1lowercase-is-not-valid';
    expect(() => parseAgeIdentities(`# x\n${secretish}\n`, 'id.txt')).toThrow(/^id\.txt:2: not an age identity line/);
    try {
      parseAgeIdentities(`${secretish}\n`, 'id.txt');
    } catch (e) {
      expect((e as Error).message).not.toContain(secretish);
    }
    expect(() => parseAgeIdentities('# only comments\n', 'id.txt')).toThrow(/holds no identity/);
    expect(() => parseAgeIdentities('-----BEGIN OPENSSH PRIVATE KEY-----\n', 'id_ed25519')).toThrow(/age X25519 identities only/);
  });

  it('refuses files that are not binary age', () => {
    expect(readAgeHeader(Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\n'))).toMatchObject({ ok: false, problem: expect.stringMatching(/ASCII-armored/) });
    expect(readAgeHeader(Buffer.from('\x1f\x8b\x08 gzip'))).toMatchObject({ ok: false, problem: expect.stringMatching(/not an age file/) });
  });
});
