/**
 * Issue 6's figures, with a real etcd (Debian etcd-server) filled to 64, 256 and 512 MiB:
 * - wall time: `plat backup run` (snapshot, verify, gzip -1, catalog, retention) ≤ 1.3× the wall time
 *   of `etcdctl snapshot save f && sha256sum f && gzip -1 f`, medians, at ≥ 256 MiB;
 * - peak RSS of the plat process ≤ 120 MiB at every size (the pipeline streams).
 *
 * How plat reaches the real etcd: the lab's talosctl stand-in answers `etcd status/members/alarm
 * list/service` (from dist/, so the shim is compiled JS), and a bench-only `talosctl` wrapper in
 * front of it serves `etcd snapshot <path>` from the real etcd the way talosctl does: the stream
 * into `<path>.part`, rename, then etcdutl's Status printed as `snapshot info:` (here: etcdctl
 * `snapshot save` + `snapshot status`). BENCH_TALOS_STATUS=0 leaves the Status step out.
 * Needs `npm run build` first. BENCH_RUNS (default 3) runs per timing, BENCH_SIZES (MiB list).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { median, timeRun } from './measure.js';
import { startEtcd, type RealEtcd } from '../../test/integration/backup-etcd.js';
import { seeded } from '../../test/support/seeded.js';
import { findBinary } from '../../test/support/real.js';

const MiB = 1024 * 1024;
const root = new URL('../..', import.meta.url).pathname;

interface Timed {
  ms: number;
  maxRssKiB?: number;
}

/** The run's time, and its peak RSS when the RSS probe printed it. */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Timed> {
  const { ms, stderr } = await timeRun(cmd, args, { env, cwd });
  const rss = /^plat-maxrss-kib (\d+)$/m.exec(stderr);
  return { ms, ...(rss ? { maxRssKiB: Number(rss[1]) } : {}) };
}

async function repeat(n: number, f: () => Promise<Timed>): Promise<Timed[]> {
  const out: Timed[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

/** Grow etcd until its DB reaches `targetBytes` with values that compress like real objects (half noise, half text). */
async function fill(etcd: RealEtcd, targetBytes: number, state: { next: number }, rnd: () => number): Promise<number> {
  const dbSize = async () => (JSON.parse(await etcd.etcdctl('endpoint', 'status', '-w', 'json')) as { Status: { dbSize: number } }[])[0]!.Status.dbSize;
  const text = Buffer.from('{"kind":"ConfigMap","apiVersion":"v1","metadata":{"namespace":"bench","labels":{"app.kubernetes.io/name":"plat"}},"data":{"k":"'.repeat(40));
  while ((await dbSize()) < targetBytes) {
    await Promise.all(
      Array.from({ length: 16 }, () => {
        const v = Buffer.alloc(512 * 1024);
        for (let i = 0; i < v.length / 2; i++) v[i] = Math.floor(rnd() * 256);
        for (let i = v.length / 2; i < v.length; i += text.length) text.copy(v, i, 0, Math.min(text.length, v.length - i));
        return etcd.put(`/registry/configmaps/bench/cm-${state.next++}`, v);
      }),
    );
  }
  return dbSize();
}

export async function run(): Promise<void> {
  const etcdBin = findBinary('etcd');
  const etcdctl = findBinary('etcdctl');
  if (!etcdBin || !etcdctl) {
    console.log('SKIP backup benchmark: needs etcd and etcdctl (scripts/ci-deps.sh installs them)');
    return;
  }
  const lab = (await import(join(root, 'dist/src/lab/talos/index.js'))) as typeof import('../../src/lab/talos/index.js');
  const twins = (await import(join(root, 'dist/src/lab/twin/index.js'))) as typeof import('../../src/lab/twin/index.js');
  const runs = Number(process.env['BENCH_RUNS'] ?? 3);
  const sizes = (process.env['BENCH_SIZES'] ?? '64,256,512').split(',').map(Number);
  const withStatus = process.env['BENCH_TALOS_STATUS'] !== '0';
  const dir = mkdtempSync(join(tmpdir(), 'plat-bench-'));
  const twin = new twins.Twin(twins.loadScenario('healthy'));
  const control = await lab.startTalosControl(twin, { dir });
  const etcd = await startEtcd({ etcd: etcdBin, etcdctl }, join(dir, 'etcd'));
  try {
    const shim = lab.writeTalosctlShim(join(dir, 'lab-bin'), control.url);
    lab.writeTalosconfig(join(dir, 'talosconfig'), twin.clusters());
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const statusLine = `st=$(ETCDCTL_API=3 '${etcdctl}' snapshot status "$p" -w json) || exit 1; node -e 'const s=JSON.parse(process.argv[1]);console.log("snapshot info: hash "+s.hash.toString(16).padStart(8,"0")+", revision "+s.revision+", total keys "+s.totalKey+", total size "+s.totalSize)' "$st"`;
    writeFileSync(join(bin, 'talosctl'), [
      '#!/bin/sh',
      '# BENCH-ONLY talosctl: etcd snapshot from the real etcd, everything else from the lab stand-in',
      'case " $* " in',
      '  *" etcd snapshot "*)',
      '    for a; do p="$a"; done',
      `    ETCDCTL_API=3 '${etcdctl}' --endpoints '${etcd.clientUrl}' snapshot save "$p" >/dev/null || exit 1`,
      '    echo "etcd snapshot saved to \\"$p\\" ($(stat -c %s "$p") bytes)"',
      withStatus ? `    ${statusLine}` : '    :',
      '    exit 0 ;;',
      'esac',
      `exec '${shim}' "$@"`,
      '',
    ].join('\n'));
    chmodSync(join(bin, 'talosctl'), 0o755);
    const backups = join(dir, 'backups');
    writeFileSync(join(dir, 'plat.yaml'), [
      `talosconfig: ${join(dir, 'talosconfig')}`,
      'clusters:',
      '  - { name: infra, id: 1, nodes: [{ name: infra-01, ip: 10.25.11.11 }, { name: infra-02, ip: 10.25.11.12 }, { name: infra-03, ip: 10.25.11.13 }] }',
      `backup: { dir: ${backups}, retention: { keepLast: 1 } }`,
      '',
    ].join('\n'));
    // maxRSS of the plat process itself, printed at exit by a preload (talosctl children not included)
    writeFileSync(join(dir, 'rss.cjs'), "process.on('exit', () => process.stderr.write('plat-maxrss-kib ' + process.resourceUsage().maxRSS + '\\n'));\n");
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env['PATH']}`, HOME: dir, PLAT_CONFIG: join(dir, 'plat.yaml'), ETCDCTL_API: '3' };
    const platArgs = ['-r', join(dir, 'rss.cjs'), join(root, 'bin/plat.js'), 'backup', 'run', '--cluster', 'infra'];
    const baseline = `rm -f f.gz && '${etcdctl}' --endpoints '${etcd.clientUrl}' snapshot save f >/dev/null && sha256sum f >/dev/null && gzip -1 f`;
    const rnd = seeded(64);
    const state = { next: 0 };
    console.log(`talosctl stand-in for the snapshot: etcdctl snapshot save${withStatus ? ' + snapshot status (as talosctl runs etcdutl Status)' : ''}; ${runs} run(s) per timing`);
    for (const mib of sizes) {
      const db = await fill(etcd, mib * MiB, state, rnd);
      await timed('sh', ['-c', baseline], env, dir); // warm the page cache and etcd
      const base = (await repeat(runs, () => timed('sh', ['-c', baseline], env, dir))).map((t) => t.ms);
      const plat = await repeat(runs, () => timed(process.execPath, platArgs, env, dir));
      const ratio = median(plat.map((p) => p.ms)) / median(base);
      const rss = Math.max(...plat.map((p) => p.maxRssKiB ?? 0)) / 1024;
      const timeVerdict = mib >= 256 ? (ratio <= 1.3 ? '✓ ≤ 1.3×' : '✗ target ≤ 1.3×') : '(figure applies from 256 MiB)';
      console.log(
        `DB ${(db / MiB).toFixed(0).padStart(4)} MiB   baseline ${median(base).toFixed(0).padStart(6)} ms   plat backup run ${median(plat.map((p) => p.ms)).toFixed(0).padStart(6)} ms   ${ratio.toFixed(2)}× ${timeVerdict}   peak RSS ${rss.toFixed(0)} MiB ${rss <= 120 ? '✓ ≤ 120' : '✗ target ≤ 120'}`,
      );
    }
  } finally {
    await etcd.stop();
    await control.close();
    twin.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
