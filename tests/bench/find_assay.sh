# shellcheck shell=bash
# Sourced by the bench scripts: which assay binary to time.
#
# bench_assay GIVEN CANDIDATE...: sets assay to GIVEN (ASSAY or the
# script's argument) when it is not empty, else to the first executable
# CANDIDATE, else to assay on PATH; the caller's die when that is not an
# executable.
bench_assay() {
	local c

	assay=$1
	shift
	if [ -z "$assay" ]; then
		for c in "$@"; do
			if [ -x "$c" ]; then
				assay=$c
				break
			fi
		done
	fi
	if [ -z "$assay" ]; then
		assay=$(command -v assay || true)
	fi
	if [ -z "$assay" ] || [ ! -x "$assay" ]; then
		die "no assay binary: build it (ci/bench does) or set ASSAY"
	fi
}
