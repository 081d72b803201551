import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Every module reachable from `entry` through static, non-type imports and re-exports. */
function staticGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?'([^']+)'/gm)) {
      const spec = m[1] as string;
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  }
  return { files, packages };
}

describe('src/kube door', () => {
  it('does not load @kubernetes/client-node when imported (it costs ~450 ms)', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const graph = staticGraph(join(here, 'index.ts'));
    expect(graph.files.map((f) => f.slice(here.length + 1))).toContain('node-info.ts');
    expect([...graph.packages]).not.toContain('@kubernetes/client-node');
    // The adapter itself only type-imports it and loads it inside connectKubeCluster.
    expect(readFileSync(join(here, 'cluster.ts'), 'utf8')).toMatch(/await import\('@kubernetes\/client-node'\)/);
    expect(staticGraph(join(here, 'cluster.ts')).packages).not.toContain('@kubernetes/client-node');
  });

  it('keeps the light client free of @kubernetes/client-node and of its adapter', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const entry of ['light-cluster.ts', 'kubeconfig-files.ts']) {
      const graph = staticGraph(join(here, entry));
      expect([...graph.packages]).not.toContain('@kubernetes/client-node');
      expect(graph.files.map((f) => f.slice(here.length + 1))).not.toContain('cluster.ts');
    }
    // The door reaches the client-node adapter only through the dynamic import in openKubeCluster.
    expect(readFileSync(join(here, 'index.ts'), 'utf8')).toMatch(/if \(clientNodeReason\(target\)\) \{\s*const \{ connectKubeCluster \} = await import\('\.\/cluster\.js'\);/);
  });
});
