import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLabCertificate, derInteger } from './lab-tls.js';

describe('the lab certificate DER', () => {
  it('INTEGERs are minimal: no redundant leading zero (OpenSSL 3: "illegal padding"), a zero before a high bit', () => {
    expect([...derInteger(Buffer.from([0x00, 0x12, 0x34]))]).toEqual([0x02, 0x02, 0x12, 0x34]);
    expect([...derInteger(Buffer.from([0x00, 0x00, 0x85]))]).toEqual([0x02, 0x02, 0x00, 0x85]);
    expect([...derInteger(Buffer.from([0x85]))]).toEqual([0x02, 0x02, 0x00, 0x85]);
    expect([...derInteger(Buffer.from([0x00]))]).toEqual([0x02, 0x01, 0x00]);
    expect([...derInteger(Buffer.from([0x02]))]).toEqual([0x02, 0x01, 0x02]);
  });

  it('the certificate parses with OpenSSL', () => {
    const c = createLabCertificate('lab-infra');
    expect(new X509Certificate(c.certPem).subject).toContain('lab-infra');
  });
});
