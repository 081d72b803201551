/**
 * End to end in a real terminal: `plat demo` inside tmux, wait for the Nodes screen, drive it with
 * keys, quit, and check the terminal was restored (cursor shown, alternate content gone, exit 0).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinaries } from '../support/real.js';
import { platBin, repoRoot, tempDir } from '../support/plat.js';
import { startTmux, type TmuxSession } from '../support/tmux.js';

const bins = requireBinaries(['tmux'], 'the dashboard end-to-end test runs plat in tmux');
let session: TmuxSession | undefined;
let cleanup: (() => void) | undefined;
afterEach(() => {
  session?.kill();
  cleanup?.();
});

describe.skipIf(!bins)('plat demo in tmux', () => {
  it('shows the nodes of both clusters, filters, drills down, and quits cleanly', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const log = join(t.dir, 'pane.log');
    session = startTmux([process.execPath, platBin, 'demo'], { width: 100, height: 30, cwd: repoRoot, logFile: log, env: { HOME: t.dir, TERM: 'xterm-256color', PATH: process.env.PATH ?? '' } });
    await session.waitFor((s) => s.includes('infra') && s.includes('apps') && s.includes('healthy'), 60_000, 'both cluster badges healthy');
    session.send('2');
    await session.waitFor((s) => /infra-01/.test(s) && /apps-03/.test(s) && /v1\.11\.5/.test(s), 30_000, 'the Nodes screen with both clusters');
    session.send('/');
    session.send('apps-02', { literal: true });
    session.send('Enter');
    const filtered = await session.waitFor((s) => s.includes('apps-02') && !s.includes('infra-01'), 10_000, 'the filtered table');
    expect(filtered).not.toContain('apps-03');
    session.send('Enter');
    await session.waitFor((s) => /kubelet/.test(s) && /etcd/.test(s), 10_000, 'the node detail with its services');
    session.send('Escape');
    await session.waitFor((s) => /Nodes \(1\/6\)/.test(s) && !/Esc back/.test(s), 10_000, 'the filtered table again');
    session.send('Enter');
    await session.waitFor((s) => /Esc back/.test(s), 10_000, 'the node detail again');
    // a fast typist: Esc and q in one write reach plat as one read (Alt+q to Ink) — back, then quit
    session.send(['Escape', 'q']);
    await session.waitFor(() => session!.exitStatus() !== undefined, 20_000, 'plat to exit');
    expect(session.exitStatus()).toBe(0);
    // the terminal was restored: the cursor Ink hid is shown again after the last frame
    const out = readFileSync(log, 'latin1');
    expect(out.lastIndexOf('\u001b[?25l')).toBeGreaterThan(-1);
    expect(out.lastIndexOf('\u001b[?25h')).toBeGreaterThan(out.lastIndexOf('\u001b[?25l'));
  });
});
