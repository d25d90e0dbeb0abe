#!/bin/bash
# Generates the seed corpus of fuzz_unpack: a tiny archive of every format
# family libarchive reads (tar, cpio, zip, 7z, ar/deb, iso9660, xar, warc,
# mtree, rar, cab, lha, rpm; gzip, bzip2, xz, lzma, lzip, zstd, lz4, compress,
# uuencode filters), nested archives, and malformed variants: truncated,
# flipped bytes, path traversal, symlinks and hard links out of the root,
# devices, non-UTF-8 names, sparse files, small bombs.
#
# usage: make_corpus.sh [--extra] [OUTDIR]
#   OUTDIR   default: corpus/unpack beside this script (the committed seeds)
#   --extra  also write the larger seeds kept out of the repository (a raw
#            ISO 9660 image)
#
# Files are overwritten, never deleted, so reproducers added to OUTDIR by
# hand stay.  Output is byte-for-byte repeatable except where a format
# stamps the current time (iso9660, xar, warc) or encrypts with a random
# salt.  Needs tar, gzip, python3; every
# other tool is used when present (bsdtar from libarchive-tools makes most
# of the formats, 7z, cpio, ar, zstd, lz4, xz, bzip2 some more).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
extra=0
if [ "${1:-}" = "--extra" ]; then
	extra=1
	shift
fi
out=${1:-$here/corpus/unpack}
if [ $# -gt 1 ]; then
	echo "usage: make_corpus.sh [--extra] [OUTDIR]" >&2
	exit 2
fi

export LC_ALL=C TZ=UTC
epoch=946684800		# 2000-01-01T00:00:00Z, for every timestamp
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/assay-corpus.XXXXXX")
trap 'rm -rf "$work"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }
note() { echo "make_corpus: $*" >&2; }

# GNU tar with fixed order, owners and times; args after the archive name.
gtar() {
	local dst=$1
	shift
	tar --sort=name --owner=0 --group=0 --numeric-owner \
	    --mtime="@$epoch" --format=gnu -b 1 -cf "$dst" "$@"
}

# Repacks the release tree with bsdtar: "repack DST BSDTAR-OPTS... [--
# MEMBERS...]".  The entries come from a GNU tar of the members (all when
# none are named), so no host atime, ctime or owner name leaks in.
repack() {
	local dst=$1 src=$work/tree.tar
	local -a opts=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	if [ $# -gt 1 ]; then
		shift
		src=$work/subset.tar
		gtar "$src" --no-recursion -C "$tree" "$@"
	fi
	bsdtar "${opts[@]}" -cf "$dst" "@$src"
}

# GNU tar in the given format with fixed order, owners and times.
ftar() {
	local fmt=$1
	local -a opts=()
	shift
	if [ "$fmt" = pax ]; then
		opts=(--pax-option=exthdr.name=%d/PaxHeaders/%f
		    --pax-option=delete=atime --pax-option=delete=ctime)
	fi
	tar --sort=name --owner=0 --group=0 --numeric-owner \
	    --mtime="@$epoch" "${opts[@]}" --format="$fmt" -b 1 "$@"
}

# Sets every timestamp below a directory to the epoch.
stamp() {
	find "$1" -exec touch -h -d "@$epoch" {} +
}

# The first half of a file.
truncate_half() {
	local size
	size=$(wc -c < "$1")
	head -c "$((size / 2))" "$1" > "$2"
}

# Copies $1 to $2 with the byte at each offset after $2 inverted.
flip() {
	python3 - "$@" <<'EOF'
import sys
src, dst, offs = sys.argv[1], sys.argv[2], sys.argv[3:]
b = bytearray(open(src, "rb").read())
for o in offs:
    i = int(o) % len(b)
    b[i] ^= 0xff
open(dst, "wb").write(b)
EOF
}

# --- a small release tree ---------------------------------------------------
tree=$work/tree
mkdir -p "$tree/bin" "$tree/etc" "$tree/lib" "$tree/share/empty"
printf 'fuzz release 1.0\nsee LICENSE\n' > "$tree/README.txt"
printf '#!/bin/sh\necho hello\n' > "$tree/bin/hello"
chmod 0755 "$tree/bin/hello"
printf 'root:x:0:0:root:/root:/bin/sh\nadmin:x:1000:1000::/home/admin:/bin/sh\n' \
    > "$tree/etc/passwd"
cat > "$tree/etc/shadow" <<'EOF'
root:$6$salt$Y9n0qI3Y8VbQ6m2fGq7c2b0J1u8mGZ0uG7n3T9m1c4x0:19000:0:99999:7:::
EOF
chmod 0640 "$tree/etc/shadow"
printf '\177ELF\002\001\001\000fake shared object\n' > "$tree/lib/libfuzz.so.1.2"
ln -s libfuzz.so.1.2 "$tree/lib/libfuzz.so.1"
: > "$tree/share/empty.txt"
stamp "$tree"
members=(README.txt bin bin/hello etc etc/passwd etc/shadow lib
    lib/libfuzz.so.1 lib/libfuzz.so.1.2 share share/empty share/empty.txt)

gtar "$work/tree.tar" --no-recursion -C "$tree" "${members[@]}"

# --- tar family and its filters ---------------------------------------------
cp "$work/tree.tar" "$out/tar-gnu.tar"
ftar ustar -cf "$out/tar-ustar.tar" -C "$tree" .
ftar pax -cf "$work/pax.tar" -C "$tree" .
gzip -9n < "$work/pax.tar" > "$out/tar-pax.tar.gz"
gzip -9n < "$work/tree.tar" > "$out/tar.tar.gz"
if have bzip2; then bzip2 -9 < "$work/tree.tar" > "$out/tar.tar.bz2"; fi
if have xz; then
	xz -9 < "$work/tree.tar" > "$out/tar.tar.xz"
	xz --format=lzma < "$work/tree.tar" > "$out/tar.tar.lzma"
	printf 'just some text, no archive\n' | xz -9 > "$out/raw-text.txt.xz"
fi
if have zstd; then zstd -q -19 < "$work/tree.tar" > "$out/tar.tar.zst"; fi
if have lz4; then lz4 -q -9 < "$work/tree.tar" > "$out/tar.tar.lz4"; fi

if have bsdtar; then
	repack "$out/tar-v7.tar" --format v7 -b 1
	repack "$out/tar.tar.lz" --format ustar --lzip
	repack "$out/tar.tar.Z" --format ustar -Z
	repack "$out/tar.tar.uu" --format ustar --xz --uuencode
	repack "$out/tar.tar.gz.b64" --format ustar --gzip --b64encode \
	    --options 'gzip:!timestamp'
fi

# A GNU sparse file and a long name.
sparse=$work/sparse
mkdir -p "$sparse"
truncate -s 1M "$sparse/holes.img"
printf 'middle' | dd of="$sparse/holes.img" bs=1 seek=524288 conv=notrunc \
    status=none
printf 'end' | dd of="$sparse/holes.img" bs=1 seek=1048573 conv=notrunc \
    status=none
long=$(printf 'd%.0s' {1..60})/$(printf 'n%.0s' {1..120}).txt
mkdir -p "$sparse/${long%/*}"
echo long > "$sparse/$long"
stamp "$sparse"
ftar gnu --sparse -cf "$work/sparse.tar" -C "$sparse" .
gzip -9n < "$work/sparse.tar" > "$out/tar-gnu-sparse-longname.tar.gz"
ftar pax --sparse -cf "$work/sparse-pax.tar" -C "$sparse" holes.img
# GNU tar names the header of a PAX sparse file after its process id.
python3 - "$work/sparse-pax.tar" <<'EOF'
import re
import sys
path = sys.argv[1]
b = bytearray(open(path, "rb").read())
for off in range(0, len(b) - 511, 512):
    h = b[off:off + 512]
    if h[257:262] != b"ustar":
        continue
    name, n = re.subn(rb"GNUSparseFile\.[0-9]+", b"GNUSparseFile.0",
                      bytes(h[0:100]))
    if n == 0:
        continue
    h[0:100] = name.ljust(100, b"\0")[:100]
    h[148:156] = b" " * 8
    h[148:156] = b"%06o\0 " % sum(h)
    b[off:off + 512] = h
open(path, "wb").write(b)
EOF
gzip -9n < "$work/sparse-pax.tar" > "$out/tar-pax-sparse.tar.gz"

# --- cpio ---------------------------------------------------------------------
if have cpio; then
	(cd "$tree" && printf '%s\n' "${members[@]}" |
	    cpio --quiet -o -H newc --reproducible) > "$work/newc.cpio"
	cp "$work/newc.cpio" "$out/cpio-newc.cpio"
	(cd "$tree" && printf '%s\n' "${members[@]}" |
	    cpio --quiet -o -H odc --reproducible) > "$out/cpio-odc.cpio"
	(cd "$tree" && printf '%s\n' "${members[@]}" |
	    cpio --quiet -o -H crc --reproducible) | gzip -9n \
	    > "$out/cpio-crc.cpio.gz"
	(cd "$tree" && printf '%s\n' README.txt etc/passwd |
	    cpio --quiet -o -H bin --reproducible) > "$out/cpio-bin.cpio"
elif have bsdtar; then
	repack "$work/newc.cpio" --format newc -b 1
	cp "$work/newc.cpio" "$out/cpio-newc.cpio"
	repack "$out/cpio-odc.cpio" --format odc -b 1
fi

# --- zip, 7z, ar/deb, iso9660, xar, warc, mtree -----------------------------
if have bsdtar; then
	repack "$out/zip-deflate.zip" --format zip \
	    --options zip:compression=deflate
	repack "$out/zip-store.zip" --format zip --options zip:compression=store
	# Encrypted entries come straight from the tree: bsdtar takes no
	# passphrase when it reads entries from another archive.
	(cd "$tree" && bsdtar --format zip --options zip:encryption=zipcrypt \
	    --passphrase fuzz -n -cf "$out/zip-zipcrypt.zip" README.txt)
	if (cd "$tree" && bsdtar --format zip --options zip:encryption=aes256 \
	    --passphrase fuzz -n -cf "$work/aes.zip" README.txt) 2>/dev/null
	then
		cp "$work/aes.zip" "$out/zip-aes256.zip"
	fi
	for m in lzma1 lzma2 bzip2 ppmd; do
		repack "$out/7z-$m.7z" --format 7zip \
		    --options "7zip:compression=$m" -- README.txt etc \
		    etc/passwd bin bin/hello lib lib/libfuzz.so.1
	done
	repack "$out/ar-bsd.a" --format arbsd -- README.txt etc/passwd
	repack "$out/ar-gnu.a" --format argnu -- README.txt etc/passwd
	repack "$work/tree.iso" --format iso9660 --options 'iso9660:!pad'
	gzip -9n < "$work/tree.iso" > "$out/iso9660.iso.gz"
	if repack "$work/tree.xar" --format xar -- README.txt etc etc/passwd \
	    lib lib/libfuzz.so.1 2>/dev/null; then
		cp "$work/tree.xar" "$out/xar.xar"
	fi
	repack "$out/warc.warc" --format warc -- README.txt etc/passwd
fi
if have 7z; then
	# 7z adds to an archive that exists.
	rm -f "$out/7z-bcj2.7z" "$out/7z-encrypted-headers.7z"
	(cd "$tree" && 7z a -bd -bso0 -bsp0 -mx=9 -mmt=1 -mf=BCJ2 -mtc=off \
	    -mta=off "$out/7z-bcj2.7z" README.txt bin/hello \
	    lib/libfuzz.so.1.2 >/dev/null)
	(cd "$tree" && 7z a -bd -bso0 -bsp0 -mhe=on -pfuzz -mmt=1 \
	    "$out/7z-encrypted-headers.7z" README.txt >/dev/null)
fi

# A Debian package: ar of debian-binary, control.tar.xz, data.tar.zst.
deb=$work/deb
mkdir -p "$deb/control"
printf '2.0\n' > "$deb/debian-binary"
printf 'Package: fuzz\nVersion: 1.0\nArchitecture: amd64\nMaintainer: a <a@b>\nDescription: fuzz\n' \
    > "$deb/control/control"
stamp "$deb"
gtar "$deb/control.tar" -C "$deb/control" .
gzip -9n < "$deb/control.tar" > "$deb/control.tar.gz"
gtar "$deb/data.tar" -C "$tree" ./etc ./bin
if have xz; then
	xz -9 < "$deb/data.tar" > "$deb/data.tar.xz"
	data=data.tar.xz
else
	gzip -9n < "$deb/data.tar" > "$deb/data.tar.gz"
	data=data.tar.gz
fi
if have ar; then
	rm -f "$out/deb-package.deb"
	(cd "$deb" && ar rcD "$out/deb-package.deb" debian-binary \
	    control.tar.gz "$data")
fi

# An mtree manifest naming host files: libarchive reads them only with the
# mtree:checkfs option, which the unpacker must never set.
cat > "$out/mtree-host-paths.mtree" <<'EOF'
#mtree
./etc/shadow type=file mode=0600 contents=/etc/shadow
./hostname type=file contents=/etc/hostname
./passwd type=file contents=../../../../../../etc/passwd
./link type=link link=/etc/passwd
./dev type=dir
EOF

# --- raw streams (no archive inside) ------------------------------------------
printf 'just some text, no archive\n' > "$out/raw-text.txt"
printf 'just some text, no archive\n' | gzip -9n > "$out/raw-text.txt.gz"
: > "$out/empty"

# --- hand-made archives and malformed variants (python3) ----------------------
python3 - "$out" "$work" "$epoch" <<'EOF'
import gzip
import io
import struct
import sys
import tarfile
import zipfile
import zlib

out, work, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])


def write(name, data):
    with open(f"{out}/{name}", "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, 9, mtime=0)


def unpad(data):
    """Cuts a tar's zero padding after its two end-of-archive blocks."""
    end = len(data.rstrip(b"\0"))
    return data[:-(-end // 512) * 512 + 1024]


def tar(members, fmt=tarfile.GNU_FORMAT):
    """members: (name, type, data, extra) tuples; returns tar bytes."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt,
                      encoding="utf-8", errors="surrogateescape") as t:
        for name, kind, data, extra in members:
            ti = tarfile.TarInfo(name)
            ti.type = kind
            ti.mtime = epoch
            ti.mode = extra.get("mode", 0o644)
            ti.uid = extra.get("uid", 0)
            ti.gid = extra.get("gid", 0)
            ti.uname = ti.gname = "root"
            ti.linkname = extra.get("link", "")
            ti.devmajor = extra.get("major", 0)
            ti.devminor = extra.get("minor", 0)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data) if data else None)
    return unpad(buf.getvalue())


def reg(name, data=b"x\n", **extra):
    return (name, tarfile.REGTYPE, data, extra)


def sym(name, target):
    return (name, tarfile.SYMTYPE, b"", {"link": target, "mode": 0o777})


def hard(name, target):
    return (name, tarfile.LNKTYPE, b"", {"link": target})


def dirent(name):
    return (name, tarfile.DIRTYPE, b"", {"mode": 0o755})


# Path traversal in every spelling.
write("tar-traversal.tar", tar([
    reg("../evil.txt"), reg("/etc/absolute.txt"), reg("a/../../up.txt"),
    reg("./././ok.txt"), reg("a//b///c.txt"), reg("..\\dos\\evil.txt"),
    reg("C:/windows/evil.txt"), reg("a/b/../../../x.txt"), reg(""),
    reg("."), reg("a/.."),
]))

# Writing through symlinks and hard links that leave the root.
write("tar-symlink-escape.tar", tar([
    sym("up", ".."), reg("up/escaped.txt"),
    sym("etc", "/etc"), reg("etc/evil.conf"),
    sym("loop1", "loop2"), sym("loop2", "loop1"), reg("loop1/x"),
    sym("self", "self"), sym("deep/chain", "../../../../../../tmp"),
    reg("deep/chain/x"),
    hard("passwd", "/etc/passwd"), hard("outside", "../outside"),
    hard("missing", "not/there"), reg("target.txt", b"target\n"),
    hard("twin", "target.txt"), hard("twin2", "twin"),
    sym("dir", "sub"), dirent("sub"), reg("dir/through.txt"),
]))

# Devices, fifos, setuid, odd modes and owners, duplicates, type clashes.
write("tar-special.tar", tar([
    ("dev/null", tarfile.CHRTYPE, b"", {"major": 1, "minor": 3}),
    ("dev/sda", tarfile.BLKTYPE, b"", {"major": 8, "minor": 0}),
    ("run/fifo", tarfile.FIFOTYPE, b"", {}),
    reg("bin/su", b"\x7fELF", mode=0o4755),
    reg("bin/sg", b"\x7fELF", mode=0o2755),
    reg("tmp/sticky", mode=0o1777),
    reg("noperm", mode=0o000),
    dirent("ro"), reg("ro/inside"),
    reg("big-ids", uid=2**40, gid=2**40),
    reg("dup", b"first\n"), reg("dup", b"second\n"),
    reg("clash", b"file\n"), dirent("clash"), reg("clash/child"),
    dirent("d"), reg("d", b"now a file\n"),
]))
# The directory "ro" read-only before its child arrives.
write("tar-readonly-dir.tar", tar([
    ("ro", tarfile.DIRTYPE, b"", {"mode": 0o500}), reg("ro/inside"),
    ("locked", tarfile.DIRTYPE, b"", {"mode": 0o000}), reg("locked/x"),
]))

# Names that are not UTF-8, or are long, control or odd characters.
write("tar-names.tar", tar([
    reg("caf\udce9.txt"), reg("\udcff\udcfe"), reg("tab\there"),
    reg("nl\nhere"), reg("\u00e9t\u00e9/\u65e5\u672c.txt"),
    reg("x" * 250 + "/" + "y" * 250), reg("dir/" * 300 + "deep"),
    reg("bang!/not-nested.txt"),
], fmt=tarfile.GNU_FORMAT))
write("tar-pax-names.tar", tar([
    reg("p" * 300), reg("\u2603/snow.txt"), sym("l" * 200, "t" * 300),
], fmt=tarfile.PAX_FORMAT))

# Headers that lie: bad checksum, a size past the end, a negative size.
good = tar([reg("one.txt", b"one\n"), reg("two.txt", b"two\n")],
           fmt=tarfile.USTAR_FORMAT)
bad = bytearray(good)
bad[148:156] = b"0000000\0"
write("tar-bad-checksum.tar", bytes(bad))
lying = bytearray(good)
lying[124:136] = b"77777777777\0"
cks = sum(lying[:148]) + 8 * 32 + sum(lying[156:512])
lying[148:156] = b"%06o\0 " % cks
write("tar-size-past-end.tar", bytes(lying))
neg = bytearray(good)
neg[124:136] = b"\xff" * 12
cks = sum(neg[:148]) + 8 * 32 + sum(neg[156:512])
neg[148:156] = b"%06o\0 " % cks
write("tar-base256-negative-size.tar", bytes(neg))

# A pax header that claims a huge size and a malformed record.
records = b"30 size=99999999999999999999\n9 bad\n99 path=x\n"
lies = tar([("PaxHeaders/p", tarfile.XHDTYPE, records, {})],
           fmt=tarfile.USTAR_FORMAT)
lies = lies[:512 + -(-len(records) // 512) * 512]
write("tar-pax-lies.tar", lies + tar([reg("p.txt", b"pax\n")]))

# Zip: traversal, symlinks, data descriptors, zip64, a lying size, bad CRC.
def zipbytes(entries, **kw):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, **kw) as z:
        for name, data, attr in entries:
            zi = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = attr << 16
            z.writestr(zi, data)
    return buf.getvalue()


write("zip-traversal.zip", zipbytes([
    ("../evil.txt", b"evil\n", 0o100644), ("/abs.txt", b"abs\n", 0o100644),
    ("a/../../up.txt", b"up\n", 0o100644),
    ("..\\win\\evil.txt", b"win\n", 0o100644),
]))
write("zip-symlink-escape.zip", zipbytes([
    ("up", b"..", 0o120777), ("up/escaped.txt", b"x\n", 0o100644),
    ("abs", b"/etc", 0o120777), ("abs/evil.conf", b"x\n", 0o100644),
]))
write("zip64.zip", zipbytes([("big.txt", b"zip64\n" * 10, 0o100644)],
                            allowZip64=True))


class Unseekable(io.RawIOBase):
    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buf += b
        return len(b)


stream = Unseekable()
with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
    zi = zipfile.ZipInfo("streamed.txt", date_time=(2000, 1, 1, 0, 0, 0))
    with z.open(zi, "w") as f:
        f.write(b"written with a data descriptor\n" * 4)
write("zip-data-descriptor.zip", bytes(stream.buf))

zcrc = bytearray(zipbytes([("crc.txt", b"checksum me\n" * 8, 0o100644)]))
zcrc[14] ^= 0xff    # the CRC-32 in the local header
write("zip-bad-crc.zip", bytes(zcrc))
zlie = bytearray(zipbytes([("lie.txt", b"size\n" * 8, 0o100644)]))
zlie[22:26] = struct.pack("<I", 0x7fffffff)    # uncompressed size
write("zip-lying-size.zip", bytes(zlie))

# A 20 MiB file of zeros compressed to a few bytes: crosses the entry cap.
zeros = b"\0" * (20 << 20)
bomb = io.BytesIO()
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_BZIP2) as z:
    zi = zipfile.ZipInfo("zeros.bin", date_time=(2000, 1, 1, 0, 0, 0))
    zi.compress_type = zipfile.ZIP_BZIP2
    z.writestr(zi, zeros)
write("zip-bomb-bzip2.zip", bomb.getvalue())


# RAR 4: a stored file, a directory and the end block.
def rar_block(htype, flags, body):
    size = 7 + len(body)
    head = struct.pack("<BHH", htype, flags, size) + body
    return struct.pack("<H", zlib.crc32(head) & 0xffff) + head


def rar_file(name, data, attr=0o100644, flags=0x8000):
    nb = name.encode()
    body = struct.pack("<IIBIIBBHI", len(data), len(data), 3,
                       zlib.crc32(data), 0x28210000, 29, 0x30, len(nb),
                       attr) + nb
    return rar_block(0x74, flags, body) + data


rar = (b"Rar!\x1a\x07\x00" + rar_block(0x73, 0, b"\0" * 6)
       + rar_file("readme.txt", b"stored in rar\n")
       + rar_file("dir", b"", 0o40755, 0x80e0)
       + rar_file("../rar-evil.txt", b"evil\n")
       + rar_block(0x7b, 0x4000, b""))
write("rar4-store.rar", rar)


# CAB: one folder, stored and MSZIP.
def cab(files, compress):
    blob = b"".join(d for _, d in files)
    if compress == 1:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = b"CK" + c.compress(blob) + c.flush()
    else:
        packed = blob
    cffiles = b""
    off = 0
    for name, data in files:
        cffiles += struct.pack("<IIHHHH", len(data), off, 0, 0x2821, 0,
                               0x20) + name.encode() + b"\0"
        off += len(data)
    data_off = 36 + 8 + len(cffiles)
    cfdata = struct.pack("<IHH", 0, len(packed), len(blob)) + packed
    total = data_off + len(cfdata)
    head = struct.pack("<4sIIIIIBBHHHHH", b"MSCF", 0, total, 0, 44, 0, 3,
                       1, 1, len(files), 0, 0x1234, 0)
    folder = struct.pack("<IHH", data_off, 1, compress)
    return head + folder + cffiles + cfdata


cabfiles = [("readme.txt", b"in a cabinet\n"), ("sub\\file.txt", b"sub\n"),
            ("..\\cab-evil.txt", b"evil\n")]
write("cab-store.cab", cab(cabfiles, 0))
write("cab-mszip.cab", cab(cabfiles, 1))


# LHA level 0 and level 1 headers, method -lh0- (stored).
def crc16(data):
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xa001 if crc & 1 else crc >> 1
    return crc


def lha0(name, data):
    nb = name.encode()
    h = (b"-lh0-" + struct.pack("<IIIBB", len(data), len(data), 0x28210000,
                                 0x20, 0)
         + bytes([len(nb)]) + nb + struct.pack("<H", crc16(data)))
    return bytes([len(h), sum(h) & 0xff]) + h + data


def lha1(name, data):
    nb = name.encode()
    h = (b"-lh0-" + struct.pack("<IIIBB", len(data), len(data), 0x28210000,
                                 0x20, 1)
         + bytes([len(nb)]) + nb + struct.pack("<H", crc16(data))
         + b"U" + struct.pack("<H", 0))
    return bytes([len(h), sum(h) & 0xff]) + h + data


write("lha-store.lzh", lha0("readme.txt", b"stored in lha\n")
      + lha1("dir/other.txt", b"level one\n") + b"\0")


# RPM: lead, signature and main headers, then a gzipped newc payload.
def rpm_header(entries):
    index = b""
    store = b""
    for tag, typ, value in entries:
        index += struct.pack(">IIII", tag, typ, len(store), 1)
        store += value
    return (b"\x8e\xad\xe8\x01\0\0\0\0"
            + struct.pack(">II", len(entries), len(store)) + index + store)


lead = (b"\xed\xab\xee\xdb\x03\x00" + struct.pack(">HH", 0, 1)
        + b"fuzz-1.0-1".ljust(66, b"\0") + struct.pack(">HH", 1, 5)
        + b"\0" * 16)
sig = rpm_header([(1000, 4, struct.pack(">I", 0))])
sig += b"\0" * (-len(sig) % 8)
hdr = rpm_header([(1000, 6, b"fuzz\0"), (1125, 6, b"gzip\0")])
newc = open(f"{work}/newc.cpio", "rb").read()
write("rpm-package.rpm", lead + sig + hdr + gz(newc))

# Nesting deeper than the fuzz limit of 4: tar in zip in cpio ... in tar.xz.
inner = tar([reg("core.txt", b"the innermost file\n")])
layers = [
    ("l1.tar", lambda b: b),
    ("l2.zip", lambda b: zipbytes([("l1.tar", b, 0o100644)])),
    ("l3.tar.gz", lambda b: gz(tar([reg("l2.zip", b)]))),
    ("l4.tar", lambda b: tar([reg("l3.tar.gz", b)])),
    ("l5.zip", lambda b: zipbytes([("l4.tar", b, 0o100644)])),
    ("l6.tar.gz", lambda b: gz(tar([reg("l5.zip", b)]))),
]
blob = inner
for _, wrap in layers:
    blob = wrap(blob)
write("nested-depth6.tar.gz", blob)

# A firmware-like nest: tarball holding a rootfs cpio and a deb and a zip.
fw = tar([
    reg("fw/rootfs.cpio.gz", gz(newc)),
    reg("fw/update.zip", zipbytes([("app/run.sh", b"#!/bin/sh\n",
                                    0o100755)])),
    reg("fw/broken.tar.gz", gz(inner)[:20]),
    reg("fw/manifest.txt", b"firmware 1.0\n"),
])
write("nested-firmware.tar.gz", gz(fw))

# The same archive inside itself twice (identical content, two paths).
write("nested-twins.tar", tar([reg("a.tar", inner), reg("b.tar", inner),
                               hard("c.tar", "a.tar")]))
EOF

# --- truncated and bit-flipped copies -----------------------------------------
for f in tar.tar.gz tar.tar.xz zip-deflate.zip 7z-lzma2.7z cpio-newc.cpio \
    rar4-store.rar cab-mszip.cab xar.xar; do
	[ -f "$out/$f" ] || continue
	truncate_half "$out/$f" "$out/truncated-$f"
done
for f in tar.tar.gz zip-deflate.zip 7z-lzma1.7z deb-package.deb \
    rpm-package.rpm lha-store.lzh; do
	[ -f "$out/$f" ] || continue
	flip "$out/$f" "$out/flipped-$f" 40 97 211 400 1001
done
if [ -f "$out/tar-gnu.tar" ]; then
	# Corrupt the second header's size so that the stream goes off the rails.
	flip "$out/tar-gnu.tar" "$out/flipped-header-tar-gnu.tar" 1148 1149 1150
fi

# --- larger seeds, kept out of the repository ---------------------------------
if [ "$extra" = 1 ] && [ -f "$work/tree.iso" ]; then
	cp "$work/tree.iso" "$out/iso9660.iso"
fi

count=$(find "$out" -maxdepth 1 -type f | wc -l)
bytes=$(du -sb "$out" | cut -f1)
echo "make_corpus: $count files, $bytes bytes in $out"
