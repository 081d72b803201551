/**
 * The `talosctl` executable the lab puts first on PATH. It starts on every talosctl call, so it
 * uses node built-ins only: it sends argv, cwd, TALOSCONFIG and HOME to the lab's control server
 * (PLAT_LAB_TALOS_URL) and relays the framed answer — stdout, stderr, the snapshot file written
 * locally as talosctl's client would, and the exit code. Ctrl-C closes the connection, which
 * aborts the command in the lab.
 */
import { request } from 'node:http';
import { ClientFileError, SnapshotFileWriter } from './client-file.js';

interface Frame {
  o?: string;
  e?: string;
  f?: string;
  d?: string;
  F?: string;
  x?: number;
}

const url = process.env['PLAT_LAB_TALOS_URL'];
if (!url) {
  process.stderr.write('talosctl (plat lab): PLAT_LAB_TALOS_URL is not set; start the lab with `plat lab up` and use its environment\n');
  process.exit(1);
}

const writers = new Map<string, SnapshotFileWriter>();
let failed = false;

function handle(f: Frame): void {
  if (f.o !== undefined) process.stdout.write(f.o);
  if (f.e !== undefined) process.stderr.write(f.e);
  if (f.f !== undefined) {
    let w = writers.get(f.f);
    if (!w) {
      w = new SnapshotFileWriter(f.f, process.cwd());
      writers.set(f.f, w);
      w.open();
    }
    if (f.d) w.write(Buffer.from(f.d, 'base64'));
  }
  if (f.F !== undefined) {
    const w = writers.get(f.F) ?? new SnapshotFileWriter(f.F, process.cwd());
    writers.delete(f.F);
    w.finish();
  }
  if (f.x !== undefined) process.exitCode = f.x;
}

const body = JSON.stringify({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: { TALOSCONFIG: process.env['TALOSCONFIG'], HOME: process.env['HOME'] },
});

const req = request(`${url}/run`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
  if (res.statusCode !== 200) {
    process.stderr.write(`talosctl (plat lab): control server answered HTTP ${res.statusCode}\n`);
    process.exitCode = 1;
    res.resume();
    return;
  }
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    if (failed) return;
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        handle(JSON.parse(line) as Frame);
      } catch (e) {
        // talosctl's client-side file errors end the command: message on stderr, exit 1
        failed = true;
        for (const w of writers.values()) w.abort();
        process.stderr.write(`${e instanceof ClientFileError ? e.message : `talosctl (plat lab): ${(e as Error).message}`}\n`);
        process.exitCode = 1;
        res.destroy();
        return;
      }
    }
  });
  res.on('end', () => {
    if (process.exitCode === undefined) process.exitCode = 1;
  });
});
req.on('error', (e: NodeJS.ErrnoException) => {
  if (failed) return;
  process.stderr.write(`talosctl (plat lab): cannot reach the lab at ${url} (${e.code ?? e.message}); is \`plat lab up\` running?\n`);
  process.exitCode = 1;
});
process.on('SIGINT', () => {
  req.destroy();
  for (const w of writers.values()) w.abort();
  process.exit(130);
});
req.end(body);
