import { describe, expect, it } from 'vitest';
import { ActionFailed, ConfigError, GateRefused, Interrupted, Locked, ParseError, Unreachable, UserError, scrubSecrets } from '../errors/index.js';
import { reportError } from './report.js';
import { wantsNoColour } from './colour.js';

function report(e: unknown, verbose = false) {
  let out = '';
  const code = reportError(e, { verbose, colour: false, write: (s) => void (out += s) });
  return { code, out };
}

describe('reportError maps typed errors to DESIGN.md exit codes', () => {
  it.each([
    [new UserError('unknown node "x"', { hint: 'nodes: a, b' }), 2],
    [new ConfigError('plat.yaml has 1 problem', { problems: ['plat.yaml:1:1 x: y'] }), 2],
    [new ActionFailed('snapshot failed'), 1],
    [new ParseError('talosctl version', 'garbage'), 1],
    [new Unreachable('cluster apps unreachable'), 1],
    [new Locked('backup lock held by pid 42 on host1'), 4],
    [new GateRefused('etcd member infra-02 is unhealthy'), 5],
    [new Interrupted('stopped after infra-01'), 130],
  ])('%s → %i', (err, code) => {
    const r = report(err);
    expect(r.code).toBe(code);
    expect(r.out.split('\n')[0]).toBe(`plat: ${err.message}`);
    expect(r.out).not.toContain('    at ');
  });

  it('prints the hint and each config problem; a stack only with --verbose', () => {
    const e = new ConfigError('plat.yaml has 1 problem', { problems: ['plat.yaml:3:1 a: b'], hint: 'fix it' });
    expect(report(e).out).toBe('plat: plat.yaml has 1 problem\n  plat.yaml:3:1 a: b\nhint: fix it\n');
    expect(report(e, true).out).toContain('    at ');
  });

  it('turns unknown errors into exit 1 with a hint, never a stack by default', () => {
    const r = report(new TypeError('x is undefined'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('plat: internal error: x is undefined\nhint: run again with --verbose for details, and report it if it persists\n');
  });

  it('scrubs secrets that libraries echo back', () => {
    const r = report(new Error('request failed: Authorization: Bearer abc.def.ghi token=s3cr3t'), true);
    expect(r.out).not.toContain('abc.def.ghi');
    expect(r.out).not.toContain('s3cr3t');
    expect(scrubSecrets('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toBe('<redacted key>');
    expect(scrubSecrets('crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ')).toBe('crt: <redacted>');
  });
});

describe('colour decision (made before chalk/Ink load)', () => {
  const tty = true;
  it.each([
    [[], {}, tty, false],
    [[], { NO_COLOR: '1' }, tty, true],
    [['--no-color'], {}, tty, true],
    [['nodes', '-o', 'json'], {}, tty, true],
    [['nodes', '--output=yaml'], {}, tty, true],
    [['nodes', '-ojsonl'], {}, tty, true],
    [['nodes', '-o', 'table'], {}, tty, false],
    [[], { TERM: 'dumb' }, tty, true],
    [[], {}, false, true],
    [['--', '-o', 'json'], {}, tty, false],
  ] as const)('%j %j tty=%s → off=%s', (argv, env, isTTY, off) => {
    expect(wantsNoColour(argv, env as NodeJS.ProcessEnv, isTTY)).toBe(off);
  });
});
