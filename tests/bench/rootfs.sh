# shellcheck shell=bash
# Sourced by the bench scripts that scan a real root filesystem
# (deps.sh, credentials.sh): builds the Debian minbase rootfs tarball once.
#
# bench_rootfs TARBALL SUITE MIRROR TAG: unless TARBALL exists, runs
# `debootstrap --variant=minbase SUITE` (from MIRROR when it is not empty)
# in TARBALL's directory and packs the tree into TARBALL, gzip-compressed
# when the name ends in .gz.  TAG starts the progress line.  Needs root
# and the network; failures go to the caller's die.
bench_rootfs() {
	local tarball=$1 suite=$2 mirror=$3 tag=$4 cache build z=
	cache=$(dirname "$tarball")

	[ -s "$tarball" ] && return 0
	command -v debootstrap >/dev/null 2>&1 ||
		die "debootstrap is needed: apt-get install debootstrap"
	[ "$(id -u)" -eq 0 ] ||
		die "building the rootfs needs root (debootstrap), or a cached $tarball"
	build=$(mktemp -d "$cache/rootfs.XXXXXX")
	echo "$tag: debootstrap --variant=minbase $suite (once)" >&2
	# shellcheck disable=SC2086 # an empty mirror is no argument
	debootstrap --variant=minbase "$suite" "$build/root" $mirror \
	    >"$cache/debootstrap.log" 2>&1 ||
		die "debootstrap failed; see $cache/debootstrap.log"
	case $tarball in
	*.gz) z=-z ;;
	esac
	# shellcheck disable=SC2086 # no compression is no argument
	tar --numeric-owner $z -C "$build/root" -cf "$tarball.part" .
	mv "$tarball.part" "$tarball"
	rm -rf "$build"
}
