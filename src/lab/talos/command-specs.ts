/**
 * The talosctl command tree the stand-in knows, with Use/Short/flags as talosctl v1.11 defines
 * them (website reference/cli.md of the v1.11 line). Commands the lab does not emulate keep their
 * place (so usage text lists them) and answer with a clear "not emulated" error.
 */
import type { CommandSpec, FlagSpec } from './cobra.js';

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'cluster', type: 'string', usage: 'Cluster to connect to if a proxy endpoint is used.' },
  { name: 'context', type: 'string', usage: 'Context to be used in command' },
  { name: 'endpoints', short: 'e', type: 'strings', def: '[]', usage: 'override default endpoints in Talos configuration' },
  { name: 'nodes', short: 'n', type: 'strings', def: '[]', usage: 'target the specified nodes' },
  {
    name: 'talosconfig',
    type: 'string',
    usage: "The path to the Talos configuration file. Defaults to 'TALOSCONFIG' env variable if set, otherwise '$HOME/.talos/config' and '/var/run/secrets/talos.dev/config' in order.",
  },
];

const wait = (what: string): FlagSpec[] => [
  { name: 'debug', type: 'bool', usage: 'debug operation from kernel logs. --wait is set to true when this flag is set' },
  { name: 'timeout', type: 'duration', def: '30m0s', usage: 'time to wait for the operation is complete if --debug or --wait is set' },
  { name: 'wait', type: 'bool', def: 'true', usage: `wait for the operation to complete, tracking its progress. always set to true when --debug is set${what}` },
];

const other = (name: string, use: string, short: string): CommandSpec => ({ name, use, short, run: 'not-emulated', args: { kind: 'any' } });

const leaf = (name: string, use: string, short: string, run: string, extra: Partial<CommandSpec> = {}): CommandSpec => ({ name, use, short, run, args: { kind: 'none' }, ...extra });

/** Other talosctl commands (shown in `talosctl` usage; the lab does not emulate them). */
const OTHERS: [string, string][] = [
  ['apply-config', 'Apply a new configuration to a node'],
  ['bootstrap', 'Bootstrap the etcd cluster on the specified node.'],
  ['cgroups', 'Retrieve cgroups usage information'],
  ['cluster', 'A collection of commands for managing local docker-based or QEMU-based clusters'],
  ['completion', 'Output shell completion code for the specified shell (bash, fish or zsh)'],
  ['conformance', 'Run conformance tests'],
  ['containers', 'List containers'],
  ['copy', 'Copy data out from the node'],
  ['dashboard', 'Cluster dashboard with node overview, logs and real-time metrics'],
  ['dmesg', 'Retrieve kernel logs'],
  ['edit', 'Edit a resource from the default editor.'],
  ['events', 'Stream runtime events'],
  ['gen', 'Generate CAs, certificates, and private keys'],
  ['image', 'Manage CRI container images'],
  ['inject', 'Inject Talos API resources into Kubernetes manifests'],
  ['inspect', 'Inspect internals of Talos'],
  ['kubeconfig', 'Download the admin kubeconfig from the node'],
  ['list', 'Retrieve a directory listing'],
  ['machineconfig', 'Machine config related commands'],
  ['memory', 'Show memory usage'],
  ['meta', 'Write and delete keys in the META partition'],
  ['mounts', 'List mounts'],
  ['netstat', 'Show network connections and sockets'],
  ['patch', 'Update field(s) of a resource using a JSON patch.'],
  ['pcap', 'Capture the network packets from the node.'],
  ['processes', 'List running processes'],
  ['reset', 'Reset a node'],
  ['restart', 'Restart a process'],
  ['rollback', 'Rollback a node to the previous installation'],
  ['rotate-ca', 'Rotate cluster CAs (Talos and Kubernetes APIs).'],
  ['stats', 'Get container stats'],
  ['support', 'Dump debug information about the cluster'],
  ['time', 'Gets current server time'],
  ['usage', 'Retrieve a disk usage'],
  ['validate', 'Validate config'],
  ['wipe', 'Wipe block device or volumes'],
];

export function talosctlTree(clientVersion: string, defaultK8s: string): CommandSpec {
  const emulated: CommandSpec[] = [
    {
      name: 'config',
      use: 'config',
      short: 'Manage the client configuration file (talosconfig)',
      children: [
        other('add', 'add <context>', 'Add a new context'),
        other('context', 'context <context>', 'Set the current context'),
        other('endpoint', 'endpoint <endpoint>...', 'Set the endpoint(s) for the current context'),
        other('merge', 'merge <from>', 'Merge additional contexts from another client configuration file'),
        other('new', 'new [<path>]', 'Generate a new client configuration file'),
        other('node', 'node <endpoint>...', 'Set the node(s) for the current context'),
        other('remove', 'remove <context>', 'Remove contexts'),
        leaf('contexts', 'contexts', 'List defined contexts', 'config-contexts'),
        leaf('info', 'info', 'Show information about the current context', 'config-info', {
          flags: [{ name: 'output', short: 'o', type: 'string', def: 'text', usage: 'output format (json|yaml|text). Default text.' }],
        }),
      ],
    },
    {
      name: 'etcd',
      use: 'etcd',
      short: 'Manage etcd',
      children: [
        {
          name: 'alarm',
          use: 'alarm',
          short: 'Manage etcd alarms',
          children: [leaf('disarm', 'disarm', 'Disarm the etcd alarms for the node.', 'etcd-alarm-disarm'), leaf('list', 'list', 'List the etcd alarms for the node.', 'etcd-alarm-list')],
        },
        leaf('defrag', 'defrag', 'Defragment etcd database on the node', 'etcd-defrag', {
          long: 'Defragmentation is a maintenance operation that releases unused space from the etcd database file.\nDefragmentation is a resource heavy operation and should be performed only when necessary on a single node at a time.',
        }),
        other('forfeit-leadership', 'forfeit-leadership', 'Tell node to forfeit etcd cluster leadership'),
        other('leave', 'leave', 'Tell nodes to leave etcd cluster'),
        leaf('members', 'members', 'Get the list of etcd cluster members', 'etcd-members'),
        other('remove-member', 'remove-member <member ID>', 'Remove the node from etcd cluster'),
        leaf('snapshot', 'snapshot <path>', 'Stream snapshot of the etcd node to the path.', 'etcd-snapshot', { args: { kind: 'exact', n: 1 } }),
        leaf('status', 'status', 'Get the status of etcd cluster member', 'etcd-status', {
          long: 'Returns the status of etcd member on the node, use multiple nodes to get status of all members.',
        }),
      ],
    },
    {
      name: 'get',
      use: 'get <type> [<id>]',
      aliases: ['g'],
      short: "Get a specific resource or list of resources (use 'talosctl get rd' to see all available resource types).",
      long: "Similar to 'kubectl get', 'talosctl get' returns a set of resources from the OS.\nTo get a list of all available resource definitions, issue 'talosctl get rd'",
      args: { kind: 'range', min: 1, max: 2 },
      run: 'get',
      flags: [
        { name: 'insecure', short: 'i', type: 'bool', usage: 'get resources using the insecure (encrypted with no auth) maintenance service' },
        { name: 'namespace', type: 'string', usage: 'resource namespace (default is to use default namespace per resource)' },
        { name: 'output', short: 'o', type: 'string', def: 'table', usage: 'output mode (json, table, yaml, jsonpath)' },
        { name: 'watch', short: 'w', type: 'bool', usage: 'watch resource changes' },
      ],
    },
    leaf('health', 'health', 'Check cluster health', 'health', {
      flags: [
        { name: 'control-plane-nodes', type: 'strings', def: '[]', usage: 'specify IPs of control plane nodes' },
        { name: 'init-node', type: 'string', usage: 'specify IPs of init node' },
        { name: 'k8s-endpoint', type: 'string', usage: 'use endpoint instead of kubeconfig default' },
        { name: 'run-e2e', type: 'bool', usage: 'run Kubernetes e2e test' },
        { name: 'server', type: 'bool', def: 'true', usage: 'run server-side check' },
        { name: 'wait-timeout', type: 'duration', def: '20m0s', usage: 'timeout to wait for the cluster to be ready' },
        { name: 'worker-nodes', type: 'strings', def: '[]', usage: 'specify IPs of worker nodes' },
      ],
    }),
    {
      name: 'logs',
      use: 'logs <service name>',
      short: 'Retrieve logs for a service',
      args: { kind: 'exact', n: 1 },
      run: 'logs',
      flags: [
        { name: 'follow', short: 'f', type: 'bool', usage: 'specify if the logs should be streamed' },
        { name: 'kubernetes', short: 'k', type: 'bool', usage: 'use the k8s.io containerd namespace' },
        { name: 'tail', type: 'int32', def: '-1', usage: 'lines of log file to display (default is to show from the beginning)' },
      ],
    },
    { name: 'read', use: 'read <path>', short: 'Read a file on the machine', args: { kind: 'exact', n: 1 }, run: 'read' },
    leaf('reboot', 'reboot', 'Reboot a node', 'reboot', {
      flags: [{ name: 'mode', short: 'm', type: 'string', def: 'default', usage: 'select the reboot mode: "default", "powercycle" (skips kexec)' }, ...wait('')],
    }),
    {
      name: 'service',
      use: 'service [<id> [start|stop|restart|status]]',
      aliases: ['services'],
      short: 'Retrieve the state of a service (or all services), control service state',
      long: "Service control command. If run without arguments, lists all the services and their state.\nIf service ID is specified, default action 'status' is executed which shows status of a single list service.\nWith actions 'start', 'stop', 'restart', service state is updated respectively.",
      args: { kind: 'max', n: 2 },
      run: 'service',
    },
    leaf('shutdown', 'shutdown', 'Shutdown a node', 'shutdown', {
      flags: [{ name: 'force', type: 'bool', usage: 'if true, force a node to shutdown without a cordon/drain' }, ...wait('')],
    }),
    leaf('upgrade', 'upgrade', 'Upgrade Talos on the target node', 'upgrade', {
      flags: [
        { name: 'force', short: 'f', type: 'bool', usage: 'force the upgrade (skip checks on etcd health and members, might lead to data loss)' },
        { name: 'image', short: 'i', type: 'string', def: `ghcr.io/siderolabs/installer:${clientVersion}`, usage: 'the container image to use for performing the install' },
        { name: 'insecure', type: 'bool', usage: 'upgrade using the insecure (encrypted with no auth) maintenance service' },
        { name: 'preserve', short: 'p', type: 'bool', usage: 'preserve data', hidden: true },
        { name: 'reboot-mode', short: 'm', type: 'string', def: 'default', usage: 'select the reboot mode during upgrade. Mode "powercycle" bypasses kexec. Valid values are: ["default" "powercycle"].' },
        { name: 'stage', short: 's', type: 'bool', usage: 'stage the upgrade to perform it after a reboot' },
        ...wait(''),
      ],
    }),
    leaf('upgrade-k8s', 'upgrade-k8s', 'Upgrade Kubernetes control plane in the Talos cluster.', 'upgrade-k8s', {
      long: 'Command runs upgrade of Kubernetes control plane components between specified versions.',
      flags: [
        { name: 'apiserver-image', type: 'string', def: 'registry.k8s.io/kube-apiserver', usage: 'kube-apiserver image to use' },
        { name: 'controller-manager-image', type: 'string', def: 'registry.k8s.io/kube-controller-manager', usage: 'kube-controller-manager image to use' },
        { name: 'dry-run', type: 'bool', usage: 'skip the actual upgrade and show the upgrade plan instead' },
        { name: 'endpoint', type: 'string', usage: 'the cluster control plane endpoint' },
        { name: 'from', type: 'string', usage: 'the Kubernetes control plane version to upgrade from' },
        { name: 'kubelet-image', type: 'string', def: 'ghcr.io/siderolabs/kubelet', usage: 'kubelet image to use' },
        { name: 'pre-pull-images', type: 'bool', def: 'true', usage: 'pre-pull images before upgrade' },
        { name: 'proxy-image', type: 'string', def: 'registry.k8s.io/kube-proxy', usage: 'kube-proxy image to use' },
        { name: 'scheduler-image', type: 'string', def: 'registry.k8s.io/kube-scheduler', usage: 'kube-scheduler image to use' },
        { name: 'to', type: 'string', def: defaultK8s, usage: 'the Kubernetes control plane version to upgrade to' },
        { name: 'upgrade-kubelet', type: 'bool', def: 'true', usage: 'upgrade kubelet service' },
        { name: 'with-docs', type: 'bool', def: 'true', usage: 'patch all machine configs adding the documentation for each field' },
        { name: 'with-examples', type: 'bool', def: 'true', usage: 'patch all machine configs with the commented examples' },
      ],
    }),
    leaf('version', 'version', 'Prints the version', 'version', {
      flags: [
        { name: 'client', type: 'bool', usage: 'Print client version only' },
        { name: 'insecure', short: 'i', type: 'bool', usage: 'use Talos maintenance mode API' },
        { name: 'json', type: 'bool', usage: '', hidden: true },
        { name: 'short', type: 'bool', usage: 'Print the short version' },
      ],
    }),
  ];
  const others: CommandSpec[] = OTHERS.map(([name, short]) => other(name, name, short));
  return {
    name: 'talosctl',
    use: 'talosctl',
    short: 'A CLI for out-of-band management of Kubernetes nodes created by Talos',
    children: [...emulated, ...others].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
