import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultTrust } from './default-trust.js';

describe('defaultTrust', () => {
  let dir = '';
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'plat-trust-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is Node's own default when NODE_EXTRA_CA_CERTS is unset, empty or unreadable (Node ignores such a file too)", () => {
    expect(defaultTrust({})).toBeUndefined();
    expect(defaultTrust({ NODE_EXTRA_CA_CERTS: '' })).toBeUndefined();
    expect(defaultTrust({ NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') })).toBeUndefined();
  });

  it("is Node's bundled roots followed by the file's certificates", () => {
    const file = join(dir, 'extra.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const trust = defaultTrust({ NODE_EXTRA_CA_CERTS: file })!;
    expect(trust.slice(0, -1)).toEqual([...rootCertificates]);
    expect(trust.at(-1)).toBe('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  });
});
