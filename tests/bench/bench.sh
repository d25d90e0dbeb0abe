#!/bin/bash
# Times `assay scan` on a large release tarball against two floors that do
# strictly less work: A decompresses and hashes the stream once, B unpacks
# it to disk and hashes every file.  See README.md for the targets.
#
# usage: tests/bench/bench.sh [ASSAY_BINARY]
# env:   ASSAY        the binary (else the argument, build-bench/assay,
#                     build/assay, or assay on PATH)
#        BENCH_FILES  regular files in the artefact (default 50000)
#        BENCH_BYTES  their content in all; K, M, G suffixes (default 1G)
#        BENCH_SEED   generator seed (default 1)
#        BENCH_RUNS   runs of each measurement, the best counts (default 3)
#        BENCH_DIR    work and cache directory (default /tmp/assay-bench)
#        BENCH_SCRATCH where floor B unpacks and assay keeps its workspace
#                     (default BENCH_DIR/run; e.g. /dev/shm to leave the
#                     disk out of it)
#
# A figure, not a test: exits 0 unless something failed to run.  The last
# line is machine-readable:
#   bench: ratio_gzip=X ratio_tar=Y rss_mib=Z
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
files=${BENCH_FILES:-50000}
bytes_arg=${BENCH_BYTES:-1G}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-3}
dir=${BENCH_DIR:-/tmp/assay-bench}
scratch_arg=${BENCH_SCRATCH:-}
# shellcheck source=tests/bench/find_assay.sh
. "$here/find_assay.sh"

die() {
	echo "bench: $*" >&2
	exit 1
}

# Bytes from a size with an optional K, M or G (powers of 1024) suffix.
to_bytes() {
	local n=${1%[KkMmGg]} mul=1
	case $1 in
	*[Kk]) mul=1024 ;;
	*[Mm]) mul=$((1024 * 1024)) ;;
	*[Gg]) mul=$((1024 * 1024 * 1024)) ;;
	esac
	case $n in
	'' | *[!0-9]*) die "not a size: $1 (use e.g. 256M, 1G)" ;;
	esac
	echo $((n * mul))
}

for v in "$files" "$seed" "$runs"; do
	case $v in
	'' | *[!0-9]*) die "BENCH_FILES, BENCH_SEED and BENCH_RUNS are whole numbers" ;;
	esac
done
if [ "$files" -lt 1 ] || [ "$runs" -lt 1 ]; then
	die "BENCH_FILES and BENCH_RUNS must be at least 1"
fi
bytes=$(to_bytes "$bytes_arg")

bench_assay "${ASSAY:-${1:-}}" "$root/build-bench/assay" "$root/build/assay"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed: apt-get install time"
for t in python3 gzip tar sha256sum xargs find; do
	command -v "$t" >/dev/null 2>&1 || die "$t is needed"
done

mkdir -p "$dir"
artefact=$dir/release-$files-$bytes-s$seed.tar.gz
meta=$artefact.meta
if [ ! -s "$artefact" ] || [ ! -s "$meta" ]; then
	echo "bench: generating $artefact ($files files, $bytes bytes)" >&2
	rm -f "$artefact.part" "$meta.part"
	python3 "$here/make_corpus.py" --files "$files" --bytes "$bytes" \
	    --seed "$seed" --meta "$meta.part" | gzip -6n > "$artefact.part"
	mv "$artefact.part" "$artefact"
	mv "$meta.part" "$meta"
fi
read -r m_files m_dirs m_bytes < <(sed 's/[a-z]*=//g' "$meta")
entries=$((m_files + m_dirs))
size=$(stat -c %s "$artefact")

run=$dir/run
timing=$run/time.txt
rm -rf "$run"
mkdir -p "$run"
if [ -n "$scratch_arg" ]; then
	mkdir -p "$scratch_arg"
	scratch=$(mktemp -d "$scratch_arg/assay-bench.XXXXXX")
else
	scratch=$run/scratch
	mkdir -p "$scratch"
fi
trap 'rm -rf "$run" "$scratch"' EXIT
mkdir -p "$scratch/tmp"
fstype=$(df -P -T "$scratch" | awk 'NR == 2 { print $2 }')

# Warm the page cache so that every run reads the artefact from memory.
cat "$artefact" > /dev/null

# Runs the command under GNU time; sets t_sec, t_kib and t_rc.  GNU time
# puts a "Command exited with non-zero status" line before its own.  The
# sync first keeps the previous run's writeback and deletions out of it.
timed() {
	sync
	set +e
	/usr/bin/time -f '%e %M' -o "$timing" "$@"
	t_rc=$?
	set -e
	read -r t_sec t_kib < <(tail -n 1 "$timing")
}

# best_* hold the fastest run's seconds, peak_* the largest RSS of all runs.
best_a='' best_b='' best_s='' peak_a=0 peak_b=0 peak_s=0 assay_rc=0
better() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(b == "" || a < b) }'; }

for i in $(seq 1 "$runs"); do
	echo "bench: run $i of $runs" >&2

	# shellcheck disable=SC2016 # expanded by the inner shell
	timed bash -c 'gzip -dc "$1" | sha256sum > /dev/null' _ "$artefact"
	[ "$t_rc" -eq 0 ] || die "floor A failed (exit $t_rc)"
	if better "$t_sec" "$best_a"; then best_a=$t_sec; fi
	if [ "$t_kib" -gt "$peak_a" ]; then peak_a=$t_kib; fi

	rm -rf "$scratch/d"
	# shellcheck disable=SC2016 # expanded by the inner shell
	timed bash -c 'mkdir "$2" && tar -xzf "$1" -C "$2" &&
	    find "$2" -type f -print0 | xargs -0 sha256sum > /dev/null' \
	    _ "$artefact" "$scratch/d"
	[ "$t_rc" -eq 0 ] || die "floor B failed (exit $t_rc)"
	if better "$t_sec" "$best_b"; then best_b=$t_sec; fi
	if [ "$t_kib" -gt "$peak_b" ]; then peak_b=$t_kib; fi
	rm -rf "$scratch/d"

	rm -rf "$run/out"
	TMPDIR=$scratch/tmp timed "$assay" scan --quiet --out "$run/out" "$artefact" \
	    >"$run/assay.log" 2>&1
	case $t_rc in
	0 | 1) ;;
	3) assay_rc=3 ;;
	*)
		tail -n 20 "$run/assay.log" >&2
		die "assay scan failed (exit $t_rc)"
		;;
	esac
	[ -s "$run/out/inventory.json" ] || die "assay wrote no inventory.json"
	if better "$t_sec" "$best_s"; then best_s=$t_sec; fi
	if [ "$t_kib" -gt "$peak_s" ]; then peak_s=$t_kib; fi
done

# How many entries assay recorded, to show it saw the whole release.
seen=$(python3 - "$run/out/inventory.json" <<'EOF' || echo "?"
import json
import sys
doc = json.load(open(sys.argv[1]))
entries = doc.get("entries") if isinstance(doc, dict) else doc
print(len(entries) if isinstance(entries, list) else "?")
EOF
)

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ratio_a=$(ratio "$best_s" "$best_a")
ratio_b=$(ratio "$best_s" "$best_b")
rss=$(mib "$peak_s")
# "met" when VALUE OP TARGET holds (OP: < or <=), else "MISSED".
meets() {
	awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
		ok = op == "<" ? v + 0 < t + 0 : v + 0 <= t + 0
		print ok ? "met" : "MISSED"
	}'
}

# Keep the last bundle for a look; the rest of the run directory goes.
rm -rf "$dir/last-out"
mv "$run/out" "$dir/last-out"

printf '\nassay bench: %s\n' "$artefact"
printf '  artefact   %s MiB gzip; %s MiB in %s files, %s directories\n' \
    "$(mib $((size / 1024)))" "$(mib $((m_bytes / 1024)))" "$m_files" \
    "$m_dirs"
printf '  entries    %s in the tar; assay recorded %s (with the artefact)\n' \
    "$entries" "$seen"
printf '  runs       best of %s; peak RSS: the largest of all runs\n' "$runs"
printf '  scratch    %s (%s): floor B unpacks and assay works here\n' \
    "$scratch" "$fstype"
printf '  assay      %s\n\n' "$assay"
printf '  %-46s %8s %12s\n' "measurement" "seconds" "peak RSS"
printf '  %-46s %8.2f %8s MiB\n' "floor A  gzip -dc X | sha256sum" \
    "$best_a" "$(mib "$peak_a")"
printf '  %-46s %8.2f %8s MiB\n' "floor B  tar -xzf X -C d, sha256sum every file" \
    "$best_b" "$(mib "$peak_b")"
printf '  %-46s %8.2f %8s MiB\n\n' "assay    scan --quiet --out O X" \
    "$best_s" "$rss"
printf '  assay / floor A  %6s      target <= 1.25   %s\n' "$ratio_a" \
    "$(meets "$ratio_a" "<=" 1.25)"
printf '  assay / floor B  %6s      target <  1.00   %s\n' "$ratio_b" \
    "$(meets "$ratio_b" "<" 1)"
printf '  assay peak RSS   %6s MiB  target <  64 MiB %s\n' "$rss" \
    "$(meets "$rss" "<" 64)"
if [ "$assay_rc" -eq 3 ]; then
	printf '  note: assay exited 3 (input not fully examined): see %s\n' \
	    "$dir/last-out/findings.json"
fi
echo "bench: ratio_gzip=$ratio_a ratio_tar=$ratio_b rss_mib=$rss"
