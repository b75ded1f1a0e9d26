#!/bin/bash
# uml-run.sh [--mem SIZE] -- COMMAND [ARGS...]
#
# Boots a User-Mode Linux kernel (Debian package user-mode-linux) as an ordinary process, with THIS machine's
# root filesystem as the guest's root (hostfs, read-write), loads IPVS and its schedulers, runs COMMAND in the
# guest from the current directory, prints its output and exits with its status.
#
# Why: the IPVS tests need a kernel with ip_vs; the CI machines' kernel has none and no usable KVM. UML boots
# in a few seconds without virtualisation support. The guest has its own network stack and IPVS table; files it
# writes land on the host (hostfs). Root is needed (hostfs must read every file, modules must load).
# Packages: user-mode-linux (kernel + modules), kmod (modprobe inside the guest), ipvsadm (to check results).
set -euo pipefail
MEM=768M
while [[ $# -gt 0 ]]; do
  case $1 in
    --mem) MEM=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[[ $# -gt 0 ]] || { echo "usage: uml-run.sh [--mem SIZE] -- COMMAND..." >&2; exit 2; }
KERNEL=$(command -v linux.uml || true)
[[ -n $KERNEL ]] || { echo "uml-run.sh: no linux.uml: apt-get install -y user-mode-linux kmod ipvsadm" >&2; exit 2; }
command -v modprobe >/dev/null || { echo "uml-run.sh: no modprobe: apt-get install -y kmod" >&2; exit 2; }
MODULES=$(ls -d /usr/lib/uml/modules/* 2>/dev/null | sort -V | tail -n 1)
[[ -d $MODULES ]] || { echo "uml-run.sh: no UML modules under /usr/lib/uml/modules" >&2; exit 2; }
VERSION=$(basename "$MODULES")

DIR=$(mktemp -d /tmp/kj-uml.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
printf '%q ' "$@" > "$DIR/command"
# The guest's init: a shell script run as PID 1 by the UML kernel.
cat > "$DIR/init" <<GUEST
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /lib/modules
mkdir -p /lib/modules/$VERSION
mount --bind $MODULES /lib/modules/$VERSION
depmod $VERSION 2>/dev/null
for m in ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_sh ip_vs_dh ip_vs_sed ip_vs_nq ip_vs_mh ip_vs_pe_sip dummy; do
  modprobe \$m 2>/dev/null
done
ip link set lo up
export HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
cd "$PWD" && bash -c "\$(cat $DIR/command)" > $DIR/output 2>&1
echo \$? > $DIR/status
sync
halt -f
GUEST
chmod 755 "$DIR/init"
timeout 900 "$KERNEL" mem="$MEM" root=/dev/root rootfstype=hostfs rootflags=/ rw init="$DIR/init" \
    con0=null,fd:1 con=null > "$DIR/console" 2>&1 || true
[[ -f $DIR/output ]] && cat "$DIR/output"
if [[ -f $DIR/status ]]; then
  exit "$(cat "$DIR/status")"
fi
echo "uml-run.sh: the guest did not finish; its console ended with:" >&2
tail -n 20 "$DIR/console" >&2
exit 125
