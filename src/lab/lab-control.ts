/** Talking to a running lab (`plat lab fault|heal`): find its control URL, post the fault. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, Unreachable } from '../errors/index.js';

export function labControlUrl(opts: { dir?: string | undefined; env: NodeJS.ProcessEnv }): string {
  const dir = opts.dir ?? opts.env.PLAT_LAB_DIR;
  if (!dir) {
    throw new UserError('no running lab to talk to', { hint: 'start one with `plat lab up` and use its environment (PLAT_LAB_DIR), or pass --dir' });
  }
  try {
    const lab = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as { controlUrl?: string };
    if (!lab.controlUrl) throw new Error('no controlUrl');
    return lab.controlUrl;
  } catch {
    throw new UserError(`${dir} does not hold a running lab (no lab.json)`, { hint: 'start one with: plat lab up --dir ' + dir });
  }
}

export async function labFault(url: string, action: 'fault' | 'heal', fault: string, target: string): Promise<{ faults: { fault: string; target: string }[] }> {
  let res: Response;
  try {
    res = await fetch(`${url}/${action}`, { method: 'POST', body: JSON.stringify({ fault, target }), headers: { 'content-type': 'application/json' } });
  } catch {
    throw new Unreachable(`the lab at ${url} does not answer`, { hint: 'is `plat lab up` still running?' });
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; faults?: { fault: string; target: string }[] };
  if (!res.ok) throw new UserError(body.error ?? `the lab refused: HTTP ${res.status}`);
  return { faults: body.faults ?? [] };
}
