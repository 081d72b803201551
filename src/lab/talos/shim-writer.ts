/**
 * Writes the `talosctl` executable into a bin dir: `#!/bin/sh` + `exec <node> <shim> "$@"` with
 * the control server's URL baked in. From the built package (dist/) it runs the compiled
 * talosctl-shim.js next to this module; when this module itself runs from TypeScript sources
 * (tsx, vitest) it runs talosctl-shim.ts through tsx's loader, so tests need no build step.
 */
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** How to start the shim: [node, ...args]. */
export function shimCommand(): string[] {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.js')) return [process.execPath, join(self, '..', 'talosctl-shim.js')];
  const ts = join(self, '..', 'talosctl-shim.ts');
  // Sources under test: the compiled shim in dist/ starts several times faster than tsx and the
  // shim runs for every talosctl call; use it when it is at least as new as the source.
  const built = join(self, '..', '..', '..', '..', 'dist', 'src', 'lab', 'talos', 'talosctl-shim.js');
  if (existsSync(built) && statSync(built).mtimeMs >= statSync(ts).mtimeMs) return [process.execPath, built];
  const tsx = pathToFileURL(fileURLToPath(import.meta.resolve('tsx'))).href;
  return [process.execPath, '--import', tsx, ts];
}

/** Write `<binDir>/talosctl`; returns its path. */
export function writeTalosctlShim(binDir: string, controlUrl: string): string {
  const cmd = shimCommand();
  if (!existsSync(cmd[cmd.length - 1]!)) throw new Error(`talosctl shim not found at ${cmd[cmd.length - 1]} (run \`npm run build\`)`);
  mkdirSync(binDir, { recursive: true });
  const path = join(binDir, 'talosctl');
  const script = `#!/bin/sh\n# talosctl stand-in of the plat lab: every call is answered by the lab's twin at ${controlUrl}\nPLAT_LAB_TALOS_URL=${shq(controlUrl)}\nexport PLAT_LAB_TALOS_URL\nexec ${cmd.map(shq).join(' ')} "$@"\n`;
  writeFileSync(path, script, { mode: 0o755 });
  chmodSync(path, 0o755);
  return path;
}
