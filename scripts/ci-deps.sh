#!/usr/bin/env bash
# Installs the real components plat's tests run against, from Debian's packages:
# etcd-server etcd-client openssh-server frr gobgpd age tmux (+ kubernetes-client when kubectl is absent).
# Idempotent and quiet when everything is present. Needs root to install; otherwise it only says
# what is missing (tests that need a missing component skip locally and fail under CI).
set -euo pipefail

declare -A need=(
  [etcd]=etcd-server [etcdctl]=etcd-client [sshd]=openssh-server [bgpd]=frr
  [gobgpd]=gobgpd [age]=age [tmux]=tmux [kubectl]=kubernetes-client
)
have() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/lib/frr/$1" ]
}

missing=()
for bin in "${!need[@]}"; do
  have "$bin" || missing+=("${need[$bin]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" != "0" ]; then
  echo "ci-deps: missing packages: $pkgs(run this script as root to install them; tests needing them will skip)" >&2
  exit 0
fi
echo "ci-deps: installing $pkgs" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# --no-install-recommends keeps CI fast; the daemons are started by the tests themselves, never as services.
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
for bin in "${!need[@]}"; do
  have "$bin" || { echo "ci-deps: $bin still missing after installing ${need[$bin]}" >&2; exit 1; }
done
