/**
 * Talos system services of a node and their event history, as `talosctl services` shows them
 * (service-list.txt: apid, auditd, containerd, cri, dashboard, etcd, kubelet, machined, syslogd,
 * trustd, udevd; dashboard has no health check → `?`). Workers run neither etcd nor trustd.
 */
import type { TalosService, TwinNode } from './types.js';

interface ServicePlan {
  id: string;
  /** Seconds after boot the service reports Running. */
  at: number;
  healthChecked: boolean;
  waitsFor?: string;
  process: string;
  controlPlaneOnly?: boolean;
}

const PLAN: ServicePlan[] = [
  { id: 'apid', at: 9, healthChecked: true, waitsFor: 'service "containerd" to be "up", api certificates', process: '/sbin/apid' },
  { id: 'auditd', at: 3, healthChecked: true, process: '/sbin/auditd' },
  { id: 'containerd', at: 4, healthChecked: true, process: '/bin/containerd' },
  { id: 'cri', at: 10, healthChecked: true, waitsFor: 'network, time sync', process: '/bin/containerd' },
  { id: 'dashboard', at: 6, healthChecked: false, process: '/sbin/dashboard' },
  { id: 'etcd', at: 22, healthChecked: true, waitsFor: 'service "cri" to be "up", time sync, network, etcd spec', process: 'etcd', controlPlaneOnly: true },
  { id: 'kubelet', at: 28, healthChecked: true, waitsFor: 'service "cri" to be "up", time sync, network, nodename', process: 'kubelet' },
  { id: 'machined', at: 1, healthChecked: true, process: '/sbin/init' },
  { id: 'syslogd', at: 2, healthChecked: true, process: '/sbin/syslogd' },
  { id: 'trustd', at: 10, healthChecked: true, waitsFor: 'service "containerd" to be "up", time sync, network', process: '/sbin/trustd', controlPlaneOnly: true },
  { id: 'udevd', at: 2, healthChecked: true, process: '/sbin/udevd' },
];

/** Services freshly started by a boot at `bootTime` (epoch ms). PIDs are stable per node. */
export function bootedServices(node: Pick<TwinNode, 'role'>, bootTime: number): TalosService[] {
  let pid = 1800;
  return PLAN.filter((p) => !p.controlPlaneOnly || node.role === 'controlplane').map((p) => {
    pid += 37;
    const ts = (s: number) => bootTime + s * 1000;
    const started =
      p.process.startsWith('/')
        ? `Process Process(["${p.process}"]) started with PID ${pid}`
        : `Started task ${p.id} (PID ${pid}) for container ${p.id}`;
    const events = [
      ...(p.waitsFor ? [{ state: 'Waiting', msg: `Waiting for ${p.waitsFor}`, ts: ts(Math.max(1, p.at - 6)) }] : []),
      { state: 'Preparing', msg: 'Running pre state', ts: ts(Math.max(1, p.at - 3)) },
      { state: 'Preparing', msg: 'Creating service runner', ts: ts(Math.max(1, p.at - 2)) },
      { state: 'Running', msg: started, ts: ts(p.at) },
      ...(p.healthChecked ? [{ state: 'Running', msg: 'Health check successful', ts: ts(p.at + 2) }] : []),
    ];
    return { id: p.id, state: 'Running', health: p.healthChecked ? 'OK' : '?', lastHealthMessage: '', events };
  });
}

/** Every service stops for a reboot/shutdown (machined's stopAllServices). */
export function stopServices(services: TalosService[], at: number): void {
  for (const s of services) {
    if (s.id === 'machined') continue;
    s.state = 'Finished';
    s.health = s.health === '?' ? '?' : 'Fail';
    s.lastHealthMessage = '';
    s.events.push({ state: 'Finished', msg: 'Service finished successfully', ts: at });
  }
}

export function findService(node: TwinNode, id: string): TalosService | undefined {
  return node.services.find((s) => s.id === id);
}
