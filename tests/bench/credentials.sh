#!/bin/bash
# Throughput of the credentials probe over a real root filesystem: Debian
# bookworm minbase made by debootstrap (cached as a tarball), scanned once
# with no probe at all (unpacking, inventory and bundle) and once with only
# the credentials probe.  See README.md.
#
# usage: tests/bench/credentials.sh [ASSAY_BINARY]
# env:   ASSAY          the binary (else the argument, build-bench/assay,
#                       build-rel/assay, build/assay, or assay on PATH)
#        BENCH_SCRATCH  cache and work space (default /tmp/assay-bench-cred);
#                       the root filesystem tarball is kept there
#        BENCH_SUITE    Debian suite (default bookworm)
#        BENCH_MIRROR   Debian mirror for debootstrap (default: its own)
#        BENCH_RUNS     runs of each measurement, the best counts (default 1)
#
# debootstrap needs root and the network the first time; later runs use
# the cached tarball.  A figure, not a test: exits 0 unless something
# failed to run.  The last line is machine-readable:
#   bench-credentials: mb=X mbps_total=Y mbps_probe=Z rss_mib=W findings=N
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scratch=${BENCH_SCRATCH:-/tmp/assay-bench-cred}
suite=${BENCH_SUITE:-bookworm}
mirror=${BENCH_MIRROR:-}
runs=${BENCH_RUNS:-1}
# shellcheck source=tests/bench/find_assay.sh
. "$here/find_assay.sh"
# shellcheck source=tests/bench/rootfs.sh
. "$here/rootfs.sh"

die() {
	echo "bench-credentials: $*" >&2
	exit 1
}

bench_assay "${ASSAY:-${1:-}}" "$root/build-bench/assay" \
    "$root/build-rel/assay" "$root/build/assay"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is needed"

mkdir -p "$scratch"
tarball=$scratch/rootfs-$suite-minbase.tar.gz
bench_rootfs "$tarball" "$suite" "$mirror" bench-credentials
bytes=$(gzip -dc "$tarball" | wc -c)

# Two profiles: every probe off, and only credentials on.
make_profile() {	# FILE ENABLED-PROBE-OR-EMPTY
	"$assay" probes --json | python3 -c '
import json, sys
probes = [p["name"] for p in json.load(sys.stdin) if p["name"] != "harness"]
want = sys.argv[2]
json.dump({
    "id": "bench-credentials", "version": "1",
    "title": "Credentials throughput benchmark",
    "description": "Only the probe named runs.",
    "probes": {p: {"enabled": p == want} for p in probes},
    "controls": [{"id": "bench:credentials", "title": "Credentials",
        "statement": "No credentials finding at critical.",
        "rules": ["credentials.*"], "fail_at": "critical",
        "strength": "strong"}]}, open(sys.argv[1], "w"), indent=1)
' "$1" "$2"
}
make_profile "$scratch/none.json" ""
make_profile "$scratch/credentials.json" credentials

# Best wall time, largest peak RSS (KiB) and least CPU seconds (user +
# system, the probes' child processes included) of RUNS runs of a profile.
measure() {	# PROFILE OUT
	local best="" rss=0 cpu="" t m u s i
	for ((i = 0; i < runs; i++)); do
		rm -rf "$2"
		sync
		/usr/bin/time -f '%e %M %U %S' -o "$scratch/time" "$assay" scan \
		    --quiet --profile "$1" --workspace "$scratch" --out "$2" \
		    "$tarball" >/dev/null 2>"$scratch/stderr" || true
		[ -s "$2/findings.json" ] ||
		    die "scan failed: $(cat "$scratch/stderr")"
		read -r t m u s <"$scratch/time"
		u=$(awk "BEGIN{print $u + $s}")
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then
			best=$t
		fi
		if [ -z "$cpu" ] || awk "BEGIN{exit !($u < $cpu)}"; then
			cpu=$u
		fi
		[ "$m" -gt "$rss" ] && rss=$m
	done
	echo "$best $rss $cpu"
}
read -r t_none rss_none cpu_none < <(measure "$scratch/none.json" \
    "$scratch/out-none")
read -r t_cred rss_cred cpu_cred < <(measure "$scratch/credentials.json" \
    "$scratch/out-credentials")

summary=$(python3 - "$scratch/out-credentials/findings.json" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
c = collections.Counter(f["rule"] for f in d["findings"]
                        if f["rule"].startswith("credentials."))
print(sum(c.values()))
for rule, n in sorted(c.items()):
    print("  %-40s %d" % (rule, n))
PY
)
findings=$(echo "$summary" | head -1)
awk -v b="$bytes" -v tn="$t_none" -v tc="$t_cred" -v rn="$rss_none" \
    -v rc="$rss_cred" -v cn="$cpu_none" -v cc="$cpu_cred" -v f="$findings" \
    'BEGIN {
	mb = b / 1e6
	printf "root filesystem: %.1f MB uncompressed\n", mb
	printf "%-28s %8s %10s %8s %10s\n", "", "seconds", "MB/s", "CPU s",
	    "peak MiB"
	printf "%-28s %8.2f %10.1f %8.2f %10.1f\n",
	    "no probes (unpack, bundle)", tn, mb / tn, cn, rn / 1024
	printf "%-28s %8.2f %10.1f %8.2f %10.1f\n", "credentials only", tc,
	    mb / tc, cc, rc / 1024
	if (tc > tn && cc > cn)
		printf "%-28s %8.2f %10.1f %8.2f (%.1f MB per CPU second)\n",
		    "credentials probe alone", tc - tn, mb / (tc - tn),
		    cc - cn, mb / (cc - cn)
	printf "credentials findings: %d\n", f
}'
echo "$summary" | tail -n +2
awk -v b="$bytes" -v tn="$t_none" -v tc="$t_cred" -v rc="$rss_cred" \
    -v cn="$cpu_none" -v cc="$cpu_cred" -v f="$findings" 'BEGIN {
	probe = "n/a"
	if (tc > tn)
		probe = sprintf("%.1f", b / 1e6 / (tc - tn))
	cpu = "n/a"
	if (cc > cn)
		cpu = sprintf("%.1f", b / 1e6 / (cc - cn))
	fmt = "bench-credentials: mb=%.1f mbps_total=%.1f mbps_probe=%s "
	fmt = fmt "mbps_probe_cpu=%s rss_mib=%.1f findings=%d\n"
	printf fmt, b / 1e6, b / 1e6 / tc, probe, cpu, rc / 1024, f
}'
