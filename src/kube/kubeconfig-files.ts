/**
 * Finding and reading the kubeconfig like kubectl: an explicit path must exist; otherwise every
 * file of KUBECONFIG (':'-separated; missing ones skipped, as client-go does) merged, else
 * ~/.kube/config. The files hold credentials: errors name paths, never what is inside.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ConfigError } from '../errors/index.js';
import { mergeKubeconfigs, parseKubeconfig, type Kubeconfig } from './kubeconfig.js';
import { selectKubeContext, type KubeTarget } from './kube-target.js';

const HINT = 'point --kubeconfig (or KUBECONFIG) at the file kubectl uses';

/** The files kubectl would read, in precedence order, and whether each one must exist. */
export function kubeconfigFiles(kubeconfigPath: string | undefined, env: NodeJS.ProcessEnv): { files: string[]; mustExist: boolean } {
  if (kubeconfigPath) return { files: [kubeconfigPath], mustExist: true };
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (list.length) return { files: [...new Set(list)], mustExist: false };
  return { files: [join(env.HOME || homedir(), '.kube', 'config')], mustExist: true };
}

function readOne(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`kubeconfig ${file} cannot be read (${code ?? 'error'})`, { hint: HINT });
  }
}

/**
 * The dashboard opens a cluster for several consumers (nodes, Flux, the network panel), each
 * reading the kubeconfig; parsing its YAML (long base64 certificate lines) cost ≈ 15 ms a time,
 * all in the first second. Same file, same text → the same result, handed out as a copy.
 */
const parsedTexts = new Map<string, Kubeconfig>();
function parsedOnce(text: string, file: string): Kubeconfig {
  const key = `${file}\u0000${text}`;
  let config = parsedTexts.get(key);
  if (!config) {
    if (parsedTexts.size >= 16) parsedTexts.clear();
    config = parseKubeconfig(text, file);
    parsedTexts.set(key, config);
  }
  return structuredClone(config);
}

export function loadKubeconfig(kubeconfigPath: string | undefined, env: NodeJS.ProcessEnv): { config: Kubeconfig; where: string } {
  const { files, mustExist } = kubeconfigFiles(kubeconfigPath, env);
  const where = files.join(delimiter);
  const parsed: Kubeconfig[] = [];
  for (const file of files) {
    const text = readOne(file);
    if (text !== undefined) parsed.push(parsedOnce(text, file));
    else if (mustExist) throw new ConfigError(`kubeconfig ${file} does not exist`, { hint: HINT });
  }
  if (!parsed.length) throw new ConfigError(`kubeconfig ${where} does not exist`, { hint: HINT });
  return { config: mergeKubeconfigs(parsed), where };
}

/** The context to talk to, from the kubeconfig kubectl would use (or the one given). */
export function loadKubeTarget(opts: { kubeconfigPath?: string; context: string }, env: NodeJS.ProcessEnv = process.env): KubeTarget {
  const { config, where } = loadKubeconfig(opts.kubeconfigPath, env);
  return selectKubeContext(config, opts.context, where);
}
