import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors/index.js';
import { parseJsonOutput } from './json-output.js';

const recorded = readFileSync(new URL('../../../test/fixtures/network/frr-8.4-show-bgp-summary.recorded.json', import.meta.url), 'utf8');
const gobgp = readFileSync(new URL('../../../test/fixtures/network/gobgp-3.10-neighbor-j.recorded.json', import.meta.url), 'utf8');

function failure(text: string): ParseError {
  try {
    parseJsonOutput(text, "vtysh -c 'show bgp summary json'");
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('parsed');
}

describe('parseJsonOutput', () => {
  it('calls recorded FRR and GoBGP output cut at ANY byte "truncated", naming the command', () => {
    for (const text of [recorded, gobgp]) {
      const whole = text.trim();
      for (let n = 1; n < whole.length; n++) {
        const e = failure(whole.slice(0, n));
        expect(e.message, `cut at ${n}`).toMatch(/^vtysh -c 'show bgp summary json': output ends before the JSON does \(truncated\?\)/);
      }
    }
  });

  it('says "not JSON" for text, and for JSON followed by garbage', () => {
    expect(failure('% Unknown command: show bgp sumary json').message).toBe(`vtysh -c 'show bgp summary json': output is not JSON: "% Unknown command: show bgp sumary json"`);
    expect(failure(`${recorded.trim()}\nExiting: failed to connect to any daemons.`).message).toMatch(/output is not JSON/);
  });
});
