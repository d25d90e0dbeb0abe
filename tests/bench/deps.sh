#!/bin/bash
# Times component discovery (the dependencies probe) over a real Debian
# root filesystem: `debootstrap --variant=minbase bookworm`, packed as a
# tarball and cached.  Two scans of the same tarball, each BENCH_RUNS
# times: one with every probe off (unpack, inventory, hashing, the bundle)
# and one with only the dependencies probe on; the difference is the cost
# of discovery.  See README.md.
#
# usage: tests/bench/deps.sh [ASSAY_BINARY]
# env:   ASSAY          the binary (else the argument, build-bench/assay,
#                       build/assay, or assay on PATH)
#        BENCH_RUNS     runs of each scan, the fastest counts (default 3)
#        BENCH_DIR      work directory (default /tmp/assay-bench)
#        BENCH_SCRATCH  where the rootfs tarball is cached and the scans
#                       keep their workspaces (default BENCH_DIR/deps)
#        BENCH_SUITE    Debian suite (default bookworm)
#        BENCH_MIRROR   mirror for debootstrap (default: debootstrap's own)
#
# Building the rootfs needs root and the network once; later runs reuse
# the tarball.  A figure, not a test: exits 0 unless something failed to
# run.  The last line is machine-readable (wall seconds of the fastest
# runs, CPU seconds user+system of the same runs, their differences):
#   deps-bench: base_s=X deps_s=Y discovery_s=Z base_cpu_s=A deps_cpu_s=B discovery_cpu_s=C rss_mib=R components=N parse_errors=E
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${BENCH_RUNS:-3}
dir=${BENCH_DIR:-/tmp/assay-bench}
scratch=${BENCH_SCRATCH:-$dir/deps}
suite=${BENCH_SUITE:-bookworm}
mirror=${BENCH_MIRROR:-}
# shellcheck source=tests/bench/find_assay.sh
. "$here/find_assay.sh"
# shellcheck source=tests/bench/rootfs.sh
. "$here/rootfs.sh"

die() {
	echo "deps-bench: $*" >&2
	exit 1
}

case $runs in
'' | *[!0-9]*) die "BENCH_RUNS is a whole number" ;;
esac
[ "$runs" -ge 1 ] || die "BENCH_RUNS must be at least 1"
case $suite in
'' | *[!a-z0-9-]*) die "BENCH_SUITE is a suite name such as bookworm" ;;
esac

bench_assay "${ASSAY:-${1:-}}" "$root/build-bench/assay" \
    "$root/build/assay" "$root/build-rel/assay"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed: apt-get install time"
command -v python3 >/dev/null 2>&1 || die "python3 is needed"

mkdir -p "$scratch"
rootfs_tar=$scratch/rootfs-$suite-minbase.tar
bench_rootfs "$rootfs_tar" "$suite" "$mirror" deps-bench

run=$(mktemp -d "$scratch/run.XXXXXX")
trap 'rm -rf "$run"' EXIT
mkdir -p "$run/tmp"
timing=$run/time.txt

# Two profiles: every built-in probe off, and only dependencies on.
probes=$("$assay" probes 2>/dev/null | awk '/\((built-in|plug-in)/ { print $1 }' |
    grep -v '^harness$' || true)
[ -n "$probes" ] || probes="signing update credentials dependencies"
make_profile() {
	python3 - "$1" "$2" $probes <<'EOF'
import json, sys
out, keep, probes = sys.argv[1], sys.argv[2], sys.argv[3:]
json.dump({
    "id": "bench-deps", "version": "1",
    "title": "Dependency discovery benchmark",
    "description": "Only the probes under test run.",
    "probes": {p: {"enabled": p == keep} for p in probes},
    "controls": [{"id": "bench:deps", "title": "Components",
                  "statement": "Components were listed.",
                  "rules": ["dependencies.*"], "fail_at": "critical",
                  "strength": "strong"}]}, open(out, "w"))
EOF
}
make_profile "$run/base.json" none
make_profile "$run/deps.json" dependencies

cat "$rootfs_tar" >/dev/null

timed() {
	sync
	set +e
	/usr/bin/time -f '%e %M %U %S' -o "$timing" "$@"
	t_rc=$?
	set -e
	read -r t_sec t_kib t_usr t_sys < <(tail -n 1 "$timing")
	t_cpu=$(awk -v u="$t_usr" -v s="$t_sys" 'BEGIN { printf "%.2f", u + s }')
}
better() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(b == "" || a < b) }'; }

best_base='' best_deps='' cpu_base='' cpu_deps='' peak_base=0 peak_deps=0
for i in $(seq 1 "$runs"); do
	echo "deps-bench: run $i of $runs" >&2
	for kind in base deps; do
		rm -rf "$run/ws" "$run/out-$kind"
		mkdir -p "$run/ws"
		TMPDIR=$run/tmp timed "$assay" scan --quiet \
		    --profile "$run/$kind.json" --workspace "$run/ws" \
		    --out "$run/out-$kind" "$rootfs_tar" >"$run/$kind.log" 2>&1
		case $t_rc in
		0 | 1 | 3) ;;
		*)
			tail -n 20 "$run/$kind.log" >&2
			die "assay scan ($kind) failed (exit $t_rc)"
			;;
		esac
		if [ "$kind" = base ]; then
			if better "$t_sec" "$best_base"; then
				best_base=$t_sec
				cpu_base=$t_cpu
			fi
			if [ "$t_kib" -gt "$peak_base" ]; then peak_base=$t_kib; fi
		else
			if better "$t_sec" "$best_deps"; then
				best_deps=$t_sec
				cpu_deps=$t_cpu
			fi
			if [ "$t_kib" -gt "$peak_deps" ]; then peak_deps=$t_kib; fi
		fi
	done
done

read -r entries components parse_errors < <(python3 - "$run/out-deps" <<'EOF'
import json, sys
d = sys.argv[1]
inv = json.load(open(d + "/inventory.json"))
entries = len(inv.get("entries", inv) if isinstance(inv, dict) else inv)
f = json.load(open(d + "/findings.json"))
f = f.get("findings", f) if isinstance(f, dict) else f
rule = lambda x: x.get("rule")
print(entries, sum(rule(x) == "dependencies.component" for x in f),
      sum(rule(x) == "dependencies.parse-error" for x in f))
EOF
)
size=$(stat -c %s "$rootfs_tar")
disc=$(awk -v a="$best_deps" -v b="$best_base" 'BEGIN { printf "%.2f", a - b }')
disc_cpu=$(awk -v a="$cpu_deps" -v b="$cpu_base" 'BEGIN { printf "%.2f", a - b }')
rss=$(awk -v k="$peak_deps" 'BEGIN { printf "%.1f", k / 1024 }')

printf '\nrootfs: %s (%d MiB, %s entries)\n\n' "$rootfs_tar" \
    $((size / 1048576)) "$entries"
printf '  %-32s %8s %8s %10s\n' "scan" "wall s" "CPU s" "peak RSS"
printf '  %-32s %8.2f %8.2f %6d MiB\n' "every probe off" "$best_base" \
    "$cpu_base" $((peak_base / 1024))
printf '  %-32s %8.2f %8.2f %6d MiB\n' "dependencies probe only" \
    "$best_deps" "$cpu_deps" $((peak_deps / 1024))
printf '\n  discovery: %s s wall, %s s CPU, %s components, %s parse errors\n\n' \
    "$disc" "$disc_cpu" "$components" "$parse_errors"
echo "deps-bench: base_s=$best_base deps_s=$best_deps discovery_s=$disc base_cpu_s=$cpu_base deps_cpu_s=$cpu_deps discovery_cpu_s=$disc_cpu rss_mib=$rss components=$components parse_errors=$parse_errors"
