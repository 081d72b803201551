/**
 * The file `plat config init` writes: the platform from DESIGN.md, commented so an operator can
 * adapt it without reading the docs. Kept as text (not generated) so the comments stay.
 */
export const configTemplate = `# plat.yaml — what plat knows about your platform.
# Found in this order: --config, $PLAT_CONFIG, ./plat.yaml, $XDG_CONFIG_HOME/plat/plat.yaml.
# Check it with: plat config validate

# Client configs plat passes to talosctl and the Kubernetes client (default: their own defaults).
talosconfig: ~/.talos/config
kubeconfig: ~/.kube/config

# Where plat keeps its own state (runbook journals, caches).
stateDir: ~/.local/state/plat

# The bond every node should have. Findings compare what nodes report against this.
network:
  bond:
    name: bond0
    mode: 802.3ad          # LACP
    xmitHashPolicy: layer3+4
    lacpRate: fast
    miimon: 100
    mtu: 9000
    slaves: 2

# The BGP router the clusters peer with (read over SSH; host key checked against knownHosts).
router:
  host: 10.25.11.1
  port: 22
  user: plat
  identityFile: ~/.ssh/plat_router
  knownHosts: ~/.ssh/known_hosts
  flavor: frr              # frr (vtysh) or gobgp
  asn: 64501

# One entry per cluster; any number of clusters.
clusters:
  - name: infra
    id: 1
    kubeContext: admin@infra
    talosContext: infra
    readOnly: false        # true removes every mutating action for this cluster
    podCIDR: 10.246.0.0/16
    serviceCIDR: 10.247.0.0/16
    nodes:
      - { name: infra-01, ip: 10.25.11.11, role: controlplane }
      - { name: infra-02, ip: 10.25.11.12, role: controlplane }
      - { name: infra-03, ip: 10.25.11.13, role: controlplane }
    bgp:
      localASN: 64512
      peers:
        - { address: 10.25.11.1, asn: 64501 }
    lbPools:
      - { name: infra-pool, start: 10.25.11.100, stop: 10.25.11.119 }
  - name: apps
    id: 2
    kubeContext: admin@apps
    talosContext: apps
    readOnly: false
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.245.0.0/16
    nodes:
      - { name: apps-01, ip: 10.25.11.14, role: controlplane }
      - { name: apps-02, ip: 10.25.11.15, role: controlplane }
      - { name: apps-03, ip: 10.25.11.16, role: controlplane }
    bgp:
      localASN: 64513
      peers:
        - { address: 10.25.11.1, asn: 64501 }
    lbPools:
      - { name: apps-pool, start: 10.25.11.120, stop: 10.25.11.139 }   # must not overlap infra-pool

# etcd backups: taken by \`plat backup run\` (cron), verified, then copied to each destination.
backup:
  dir: ~/.local/state/plat/backups      # the local copy; --dir overrides it for one run
  schedule: "0 */6 * * *"               # cron expression (5 fields), in the time zone below
  timezone: UTC
  compression: gzip
  retention:                            # for the local dir: last 24 h, and never fewer than 4
    keepWithin: 24h
    keepLast: 4
  destinations:
    - name: backup-server
      type: sftp
      host: backup.monosense.io
      port: 22
      user: plat
      identityFile: ~/.ssh/plat_backup
      knownHosts: ~/.ssh/known_hosts
      dir: /srv/backups/etcd
      retention: { keepDaily: 30 }
    - name: offsite
      type: sftp
      every: weekly                     # only the first backup of each week goes here
      host: offsite.example.net
      user: plat
      identityFile: ~/.ssh/plat_offsite
      dir: /backups/monosense/etcd
      retention: { keepWeekly: 26 }
  # encryption:
  #   recipients: [age1...]             # age X25519 public keys; the private key never needs to be here
  etcdQuotaBytes: 2147483648            # 2 GiB, etcd's default --quota-backend-bytes
`;
