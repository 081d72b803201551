/**
 * Issue 7's figures, against a real OpenSSH sshd on 127.0.0.1 and the real `age` CLI:
 * - SFTP upload of a 256 MiB file ≤ 1.5× the wall time of OpenSSH `scp` to the same sshd
 *   (plat: temp name, pipelined writes, fsync@openssh.com, rename; also shown: the whole
 *   shipment, which adds the size and sha256sum check on the server);
 * - encryption throughput ≥ 0.5× the `age` CLI's on the same file, neither fsyncing (plat's
 *   sealFile also hashes what it writes); and durable, as the pipeline stores a backup: plat with
 *   fsync against `age` followed by sync(1) of its output;
 * - peak RSS of the plat process ≤ 120 MiB at every size: of each program above, and of a whole
 *   `plat backup run` (snapshot → verify → gzip → age → store → ship over SFTP) against a real
 *   etcd filled to the size, when etcd/etcdctl are installed (the lab's talosctl stand-in serves
 *   everything but `etcd snapshot`, which a bench-only wrapper takes from the real etcd).
 * Each plat measurement is its own process (from dist/: run `npm run build` first); medians over
 * BENCH_RUNS (default 3) runs, age and plat interleaved; BENCH_SIZES (MiB, default 64,256). Needs
 * root for sshd; BENCH_ONLY=encrypt runs the encryption figures alone (no sshd, no root),
 * BENCH_FULL_RUN=0 skips the whole run. What is timed: `age` as a whole process (its start-up
 * is a few ms); plat's sealFile call (workMs: header, payload, sha256 of the output, close —
 * the same file written in full), and, printed too, plat's whole process with node's start-up.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, timeRun } from './measure.js';
import { startEtcd, type RealEtcd } from '../../test/integration/backup-etcd.js';
import { seeded } from '../../test/support/seeded.js';
import { findBinary } from '../../test/support/real.js';
import { startSshd, type RealSshd } from '../../test/support/sshd.js';

const MiB = 1024 * 1024;
const root = new URL('../..', import.meta.url).pathname;

interface Timed {
  /** Wall time of the whole process. */
  ms: number;
  /** plat programs: the operation itself, from connect (or open) to close, without node's start-up and module loading. */
  workMs?: number;
  maxRssMiB?: number;
}

/** The run's time, its peak RSS and work time when the probes printed them. */
async function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Timed> {
  const { ms, stderr } = await timeRun(cmd, args, env ? { env } : {});
  const rss = /^plat-maxrss-kib (\d+)$/m.exec(stderr);
  const work = /^plat-ms ([\d.]+)$/m.exec(stderr);
  return { ms, ...(rss ? { maxRssMiB: Number(rss[1]) / 1024 } : {}), ...(work ? { workMs: Number(work[1]) } : {}) };
}

async function repeat(n: number, before: () => void, f: () => Promise<Timed>): Promise<Timed[]> {
  const out: Timed[] = [];
  for (let i = 0; i < n; i++) {
    before();
    out.push(await f());
  }
  return out;
}

const sha256 = (path: string) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });

/** The plat side of each measurement, as small programs run by node against dist/. */
function writePrograms(dir: string): void {
  const backup = JSON.stringify(join(root, 'dist/src/backup/index.js'));
  writeFileSync(join(dir, 'rss.cjs'), "process.on('exit', () => process.stderr.write('plat-maxrss-kib ' + process.resourceUsage().maxRSS + '\\n'));\n");
  const work = (lines: string[]) =>
    [`const b = await import(${backup});`, 'const args = JSON.parse(process.argv[2]);', 'const t0 = performance.now();', ...lines, "process.stderr.write(`plat-ms ${performance.now() - t0}\\n`);"].join('\n');
  writeFileSync(join(dir, 'upload.mjs'), work([
    'const [dest, src, name] = args;',
    'const store = await b.openDestination(dest, { env: process.env, cwd: process.cwd() });',
    "await store.put(src, `.${name}.upload`);",
    "await store.promote(`.${name}.upload`, name);",
    'await store.close();',
  ]));
  writeFileSync(join(dir, 'ship.mjs'), work([
    'const [dest, localDir, entry] = args;',
    'const store = await b.openDestination(dest, { env: process.env, cwd: process.cwd() });',
    'await b.shipBackup(store, entry, { localDir, now: Date.now });',
    'await store.close();',
  ]));
  writeFileSync(join(dir, 'seal.mjs'), work(['const [src, out, recipient, sync] = args;', 'await b.sealFile(src, out, [recipient], undefined, { sync });']));
}

/** Grow etcd to `bytes` with values that compress like real objects (half noise, half JSON-ish text). */
async function fillEtcd(etcd: RealEtcd, bytes: number, rnd: () => number, next: { n: number }): Promise<void> {
  const dbSize = async () => (JSON.parse(await etcd.etcdctl('endpoint', 'status', '-w', 'json')) as { Status: { dbSize: number } }[])[0]!.Status.dbSize;
  const text = Buffer.from('{"apiVersion":"v1","kind":"Secret","metadata":{"namespace":"bench","labels":{"app":"plat"}},"data":{"k":"'.repeat(40));
  while ((await dbSize()) < bytes) {
    await Promise.all(Array.from({ length: 16 }, () => {
      const v = Buffer.alloc(512 * 1024);
      for (let i = 0; i < v.length / 2; i++) v[i] = Math.floor(rnd() * 256);
      for (let i = v.length / 2; i < v.length; i += text.length) text.copy(v, i, 0, Math.min(text.length, v.length - i));
      return etcd.put(`/registry/secrets/bench/s-${next.n++}`, v);
    }));
  }
}

/** `plat backup run` with encryption and an SFTP destination, against a real etcd, per size. */
async function fullRun(dir: string, sshd: RealSshd, recipient: string, sizes: number[], runs: number): Promise<void> {
  const etcdBin = findBinary('etcd');
  const etcdctl = findBinary('etcdctl');
  if (!etcdBin || !etcdctl) return console.log('SKIP the whole-run RSS: needs etcd and etcdctl');
  const lab = (await import(join(root, 'dist/src/lab/talos/index.js'))) as typeof import('../../src/lab/talos/index.js');
  const twins = (await import(join(root, 'dist/src/lab/twin/index.js'))) as typeof import('../../src/lab/twin/index.js');
  const twin = new twins.Twin(twins.loadScenario('healthy'));
  const control = await lab.startTalosControl(twin, { dir });
  const etcd = await startEtcd({ etcd: etcdBin, etcdctl }, join(dir, 'etcd'));
  try {
    const shim = lab.writeTalosctlShim(join(dir, 'lab-bin'), control.url);
    lab.writeTalosconfig(join(dir, 'talosconfig'), twin.clusters());
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // BENCH-ONLY talosctl: `etcd snapshot <path>` from the real etcd (into <path>.part, renamed, then
    // the `snapshot info:` line talosctl prints), everything else from the lab's stand-in
    writeFileSync(join(bin, 'talosctl'), [
      '#!/bin/sh',
      'case " $* " in',
      '  *" etcd snapshot "*)',
      '    for a; do p="$a"; done',
      `    ETCDCTL_API=3 '${etcdctl}' --endpoints '${etcd.clientUrl}' snapshot save "$p.part" >/dev/null && mv "$p.part" "$p" || exit 1`,
      '    echo "etcd snapshot saved to \\"$p\\" ($(stat -c %s "$p") bytes)"',
      `    st=$(ETCDCTL_API=3 '${etcdctl}' snapshot status "$p" -w json) || exit 1`,
      `    node -e 'const s=JSON.parse(process.argv[1]);console.log("snapshot info: hash "+s.hash.toString(16).padStart(8,"0")+", revision "+s.revision+", total keys "+s.totalKey+", total size "+s.totalSize)' "$st"`,
      '    exit 0 ;;',
      'esac',
      `exec '${shim}' "$@"`,
      '',
    ].join('\n'), { mode: 0o755 });
    const remote = join(dir, 'full-remote');
    mkdirSync(remote);
    writeFileSync(join(dir, 'plat.yaml'), [
      `talosconfig: ${join(dir, 'talosconfig')}`,
      'clusters:',
      '  - { name: infra, id: 1, nodes: [{ name: infra-01, ip: 10.25.11.11 }, { name: infra-02, ip: 10.25.11.12 }, { name: infra-03, ip: 10.25.11.13 }] }',
      'backup:',
      `  dir: ${join(dir, 'full-local')}`,
      '  retention: { keepLast: 1 }',
      `  encryption: { recipients: [${recipient}] }`,
      `  destinations: [{ name: server, type: sftp, host: 127.0.0.1, port: ${sshd.port}, user: root, identityFile: ${sshd.identityFile}, knownHosts: ${sshd.knownHostsFile}, dir: ${remote}, retention: { keepLast: 1 } }]`,
      '',
    ].join('\n'));
    const env = { ...process.env, PATH: `${bin}:${process.env['PATH']}`, HOME: dir, PLAT_CONFIG: join(dir, 'plat.yaml') };
    const rnd = seeded(7);
    const next = { n: 0 };
    for (const mib of sizes) {
      await fillEtcd(etcd, mib * MiB, rnd, next);
      const t: Timed[] = [];
      for (let i = 0; i < runs; i++) {
        t.push(await timed(process.execPath, ['-r', join(dir, 'rss.cjs'), join(root, 'bin/plat.js'), 'backup', 'run'], env));
      }
      const rss = Math.max(...t.map((x) => x.maxRssMiB ?? 0));
      console.log(`${String(mib).padStart(4)} MiB  plat backup run (etcd DB ${mib} MiB → verify → gzip → age → ship over SFTP) ${median(t.map((x) => x.ms)).toFixed(0)} ms  peak RSS ${rss.toFixed(0)} MiB ${rss <= 120 ? '✓ ≤ 120' : '✗ target ≤ 120'}`);
    }
  } finally {
    await etcd.stop();
    await control.close();
    twin.dispose();
  }
}

/** age and plat sealing the same file, interleaved run by run (the machine's load changes between runs). */
async function encryption(dir: string, file: string, mib: number, runs: number, age: string, recipient: string): Promise<void> {
  const node = (arg: unknown) => timed(process.execPath, ['-r', join(dir, 'rss.cjs'), join(dir, 'seal.mjs'), JSON.stringify(arg)]);
  const out = join(dir, 'sealed.age');
  const t = { age: [] as Timed[], seal: [] as Timed[], ageDurable: [] as Timed[], sealDurable: [] as Timed[] };
  for (let i = 0; i < runs; i++) {
    for (const [key, f] of [
      ['age', () => timed(age, ['-r', recipient, '-o', out, file])],
      ['seal', () => node([file, out, recipient, false])],
      ['ageDurable', () => timed('sh', ['-c', `'${age}' -r ${recipient} -o '${out}' '${file}' && sync '${out}'`])],
      ['sealDurable', () => node([file, out, recipient, true])],
    ] as const) {
      rmSync(out, { force: true });
      t[key].push(await f());
    }
  }
  const m = (x: Timed[]) => median(x.map((y) => y.ms));
  const w = (x: Timed[]) => median(x.map((y) => y.workMs ?? y.ms));
  const rss = (x: Timed[]) => Math.max(...x.map((y) => y.maxRssMiB ?? 0));
  const rssText = (x: Timed[]) => `peak RSS ${rss(x).toFixed(0)} MiB ${rss(x) <= 120 ? '✓' : '✗ target ≤ 120'}`;
  const mbps = (ms: number) => ((mib * MiB) / 1e6 / (ms / 1000)).toFixed(0);
  const ratio = m(t.age) / w(t.seal); // throughput: plat's MB/s over age's
  const size = `${String(mib).padStart(4)} MiB`;
  console.log(`${size}  age -r ${m(t.age).toFixed(0)} ms (${mbps(m(t.age))} MB/s; whole process)   plat sealFile ${w(t.seal).toFixed(0)} ms (${mbps(w(t.seal))} MB/s; the call: header, payload, sha256 of the output, close)  throughput ${ratio.toFixed(2)}× age ${ratio >= 0.5 ? '✓ ≥ 0.5×' : '✗ target ≥ 0.5×'}  ${rssText(t.seal)}`);
  console.log(`${size}    plat's whole process (node start-up, loading the backup room, sealFile) ${m(t.seal).toFixed(0)} ms → ${(m(t.age) / m(t.seal)).toFixed(2)}× age`);
  console.log(`${size}  durable, as the pipeline stores it: age -r then sync(1) ${m(t.ageDurable).toFixed(0)} ms; plat sealFile with fsync ${w(t.sealDurable).toFixed(0)} ms → ${(m(t.ageDurable) / w(t.sealDurable)).toFixed(2)}× its throughput  ${rssText(t.sealDurable)}`);
}

export async function run(): Promise<void> {
  // BENCH_ONLY=encrypt: only age against plat's sealFile (no sshd, no root, no whole run)
  const onlyEncrypt = process.env['BENCH_ONLY'] === 'encrypt';
  const need = onlyEncrypt ? ['age', 'age-keygen'] : ['sshd', 'ssh-keygen', 'scp', 'age', 'age-keygen'];
  const bins = Object.fromEntries(need.map((n) => [n, findBinary(n)]));
  const missing = need.filter((n) => !bins[n]);
  if (missing.length || (!onlyEncrypt && process.getuid?.() !== 0)) {
    console.log(`SKIP backup-offsite benchmark: needs ${missing.length ? missing.join(', ') : 'root (sshd privilege separation)'}`);
    return;
  }
  const runs = Number(process.env['BENCH_RUNS'] ?? 3);
  const sizes = (process.env['BENCH_SIZES'] ?? '64,256').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'plat-bench-'));
  const sshd = onlyEncrypt ? undefined : await startSshd(bins as Record<string, string>);
  try {
    writePrograms(dir);
    const remote = join(dir, 'remote');
    const local = join(dir, 'local');
    mkdirSync(join(local, 'infra'), { recursive: true });
    mkdirSync(remote);
    execFileSync(bins['age-keygen']!, ['-o', join(dir, 'key')], { stdio: 'ignore' });
    const recipient = execFileSync(bins['age-keygen']!, ['-y', join(dir, 'key')], { encoding: 'utf8' }).trim();
    const clearRemote = () => {
      for (const f of readdirSync(remote)) rmSync(join(remote, f), { recursive: true, force: true });
    };
    const node = (program: string, arg: unknown) => timed(process.execPath, ['-r', join(dir, 'rss.cjs'), join(dir, program), JSON.stringify(arg)]);
    if (sshd) console.log(`sshd ${execFileSync(bins['sshd']!, ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || 'OpenSSH'} on 127.0.0.1:${sshd.port}; ${runs} run(s) per timing`);
    for (const mib of sizes) {
      const name = `etcd-infra-20261127T120000Z-rev${mib}.db.gz`;
      const file = join(local, 'infra', name);
      // incompressible, like an encrypted or gzipped backup
      execFileSync('sh', ['-c', `head -c ${mib * MiB} /dev/urandom > '${file}'`]);
      if (sshd) {
        const dest = { name: 'bench', type: 'sftp', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile, knownHosts: sshd.knownHostsFile, dir: remote, every: 'run', retention: { keepLast: 1 } };
        const entry = { v: 1, cluster: 'infra', file: `infra/${name}`, takenAt: '2026-11-27T12:00:00.000Z', node: 'n', nodeAddress: 'n', storedBytes: mib * MiB, snapshotBytes: mib * MiB, sha256: await sha256(file), trailerSha256: '', pageSize: 4096, pgid: 1, txid: 1, compression: 'gzip', verified: true, platVersion: 'bench' };
        const scpArgs = ['-q', '-i', sshd.identityFile, '-o', `UserKnownHostsFile=${sshd.knownHostsFile}`, '-o', 'StrictHostKeyChecking=yes', '-P', String(sshd.port), file, `root@127.0.0.1:${remote}/scp.out`];
        await timed(bins['scp']!, scpArgs); // warm the page cache and sshd
        const scp = await repeat(runs, clearRemote, () => timed(bins['scp']!, scpArgs));
        const upload = await repeat(runs, clearRemote, () => node('upload.mjs', [dest, file, name]));
        const ship = await repeat(runs, clearRemote, () => node('ship.mjs', [dest, local, entry]));
        const m = (t: Timed[]) => median(t.map((x) => x.ms));
        const w = (t: Timed[]) => median(t.map((x) => x.workMs ?? x.ms));
        const rss = (t: Timed[]) => Math.max(...t.map((x) => x.maxRssMiB ?? 0));
        const rssText = (t: Timed[]) => `peak RSS ${rss(t).toFixed(0)} MiB ${rss(t) <= 120 ? '✓' : '✗ target ≤ 120'}`;
        const upRatio = w(upload) / m(scp);
        const size = `${String(mib).padStart(4)} MiB`;
        console.log(`${size}  scp ${m(scp).toFixed(0)} ms (whole process, connect included)`);
        console.log(`${size}  plat upload ${w(upload).toFixed(0)} ms connect→close (${m(upload).toFixed(0)} ms with node start-up)  ${upRatio.toFixed(2)}× scp ${mib >= 256 ? (upRatio <= 1.5 ? '✓ ≤ 1.5×' : '✗ target ≤ 1.5×') : '(figure at 256 MiB)'}  ${rssText(upload)}`);
        console.log(`${size}  plat ship (upload + size + sha256sum check + rename) ${w(ship).toFixed(0)} ms  ${(w(ship) / m(scp)).toFixed(2)}× scp  ${rssText(ship)}`);
      } else execFileSync('cat', [file], { stdio: 'ignore' }); // into the page cache, as scp's warm-up does
      await encryption(dir, file, mib, runs, bins['age']!, recipient);
      rmSync(file);
    }
    if (sshd && process.env['BENCH_FULL_RUN'] !== '0') await fullRun(dir, sshd, recipient, sizes, runs);
  } finally {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
