/**
 * Lifecycle dynamics on the injected clock: upgrade, reboot, shutdown, power-on. Each walks the
 * node through Talos machine stages and emits the sequencer events the legacy (≤ v1.12) upgrade
 * tracker prints (upgrade-legacy-nontty.reconstructed.txt: drain → cleanup → … → kexec →
 * stopEverything, then the boot sequence).
 */
import { talosKernel, uuid } from './identity.js';
import { bootedServices, stopServices } from './services.js';
import type { MachineEvent, TwinNode } from './types.js';
import type { Twin } from './twin.js';

/** Phase → task of the v1.12 upgrade sequence (talos.md §5.1). */
const UPGRADE_PHASES: [string, string][] = [
  ['drain', 'cordonAndDrainNode'],
  ['cleanup', 'stopAllPods'],
  ['dbus', 'stopDBus'],
  ['stopServices', 'stopServicesForUpgrade'],
  ['unmount', 'unmountPodMounts'],
  ['unmountBind', 'unmountSystemDiskBindMounts'],
  ['unmountSystem', 'unmountEphemeralPartition'],
  ['volumeFinalize', 'teardownLifecycle'],
  ['upgrade', 'upgrade'],
  ['meta', 'reloadMeta'],
  ['kexec', 'kexecPrepare'],
  ['stopEverything', 'stopAllServices'],
];

const REBOOT_PHASES: [string, string][] = [
  ['cleanup', 'stopAllPods'],
  ['dbus', 'stopDBus'],
  ['stopEverything', 'stopAllServices'],
];

const SHUTDOWN_PHASES: [string, string][] = [['drain', 'cordonAndDrainNode'], ...REBOOT_PHASES];

type Steps = { at: number; run: () => void }[];

function sequenceSteps(twin: Twin, node: TwinNode, sequence: string, phases: [string, string][], spanMs: number): Steps {
  const ev = (e: MachineEvent) => twin.machineEvent(node, e);
  const per = spanMs / (phases.length + 1);
  const steps: Steps = [{ at: 0, run: () => ev({ type: 'sequence', name: sequence, action: 'START' }) }];
  phases.forEach(([phase, task], i) => {
    const at = per * (i + 0.5);
    steps.push({
      at,
      run: () => {
        ev({ type: 'phase', name: phase, action: 'START' });
        ev({ type: 'task', name: task, action: 'START' });
        if (task === 'cordonAndDrainNode') twin.setCordoned(node.name, true);
        if (task === 'stopAllPods') twin.setPodsRunning(node, false);
        if (task === 'stopServicesForUpgrade' || task === 'stopAllServices') {
          stopServices(node.services, twin.clock.now());
          twin.settle(node, 'services stopped');
        }
        if (task !== 'stopAllServices') {
          ev({ type: 'task', name: task, action: 'STOP' });
          ev({ type: 'phase', name: phase, action: 'STOP' });
        }
      },
    });
  });
  return steps;
}

function runSteps(twin: Twin, steps: Steps): void {
  for (const s of steps) twin.schedule(s.at, s.run);
}

/** Boot: `booting` (apid back, kubelet not ready yet) → `running` + Ready after bootMs. */
export function bootNode(twin: Twin, node: TwinNode, newVersion?: string): void {
  const now = twin.clock.now();
  const ev = (e: MachineEvent) => twin.machineEvent(node, e);
  node.stage = 'booting';
  node.bootTime = now;
  node.bootId = uuid(`${node.name}:boot:${now}`);
  if (newVersion) {
    node.talosVersion = newVersion;
    node.kernel = talosKernel(newVersion);
  }
  node.services = bootedServices(node, now - 30_000);
  twin.bumpAll(node);
  twin.settle(node, 'booting');
  ev({ type: 'status', stage: 'BOOTING', ready: false, unmet: [{ name: 'nodeReady', reason: `node "${node.name}" is not ready` }] });
  twin.schedule(twin.timings.bootMs / 2, () => {
    ev({ type: 'service', service: 'kubelet', message: 'Health check successful', healthy: true });
  });
  twin.schedule(twin.timings.bootMs, () => {
    node.stage = 'running';
    twin.setPodsRunning(node, true);
    twin.setCordoned(node.name, false); // Talos' boot sequence uncordons the node (uncordonNode task)
    twin.settle(node, 'running');
    ev({ type: 'status', stage: 'BOOTING', ready: true, unmet: [] });
    ev({ type: 'task', name: 'startAllServices', action: 'STOP' });
    ev({ type: 'phase', name: 'startEverything', action: 'STOP' });
    ev({ type: 'sequence', name: 'boot', action: 'STOP' });
    ev({ type: 'status', stage: 'RUNNING', ready: true, unmet: [] });
  });
}

function goDown(twin: Twin, node: TwinNode, then: 'boot' | 'off', newVersion?: string): void {
  node.stage = then === 'boot' ? 'rebooting' : 'off';
  twin.settle(node, node.stage);
  if (then === 'boot') twin.schedule(twin.timings.rebootMs, () => bootNode(twin, node, newVersion));
}

export function upgradeNode(twin: Twin, node: TwinNode, version: string): void {
  node.stage = 'upgrading';
  twin.settle(node, 'upgrading');
  const span = twin.timings.upgradeMs;
  runSteps(twin, sequenceSteps(twin, node, 'upgrade', UPGRADE_PHASES, span));
  twin.schedule(span, () => goDown(twin, node, 'boot', version));
}

export function rebootNode(twin: Twin, node: TwinNode): void {
  const span = Math.max(1, Math.floor(twin.timings.upgradeMs / 4));
  runSteps(twin, sequenceSteps(twin, node, 'reboot', REBOOT_PHASES, span));
  twin.schedule(span, () => goDown(twin, node, 'boot'));
}

export function shutdownNode(twin: Twin, node: TwinNode, force: boolean): void {
  node.stage = 'shutting down';
  twin.settle(node, 'shutting down');
  const span = Math.max(1, Math.floor(twin.timings.upgradeMs / 4));
  runSteps(twin, sequenceSteps(twin, node, 'shutdown', force ? REBOOT_PHASES : SHUTDOWN_PHASES, span));
  twin.schedule(span, () => goDown(twin, node, 'off'));
}
