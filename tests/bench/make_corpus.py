#!/usr/bin/env python3
"""Writes the benchmark artefact: an uncompressed tar stream on stdout.

The release it holds is deterministic for a given seed: FILES regular files
in directories of 500, BYTES of content in all, with a heavy-tailed
size distribution (many small files, log-normal, plus four large ones that
hold a fifth of the bytes) and a mix of contents: text-like (compresses
about 3:1 with gzip), random (incompressible) and structured binary
(compresses very well).  A summary line "files=N dirs=N bytes=N" goes to
stderr, or to --meta FILE when given.

usage: make_corpus.py --files N --bytes N [--seed N] [--meta FILE] | gzip
"""

import argparse
import itertools
import random
import sys
import tarfile

EPOCH = 946684800       # every timestamp: 2000-01-01T00:00:00Z
PER_DIR = 500           # files per directory
POOL = 8 << 20          # bytes of text every text file is cut from
LARGE = 4               # large files, holding LARGE_SHARE of the bytes
LARGE_SHARE = 0.2
CHUNK = 1 << 20


def text_pool(rng):
    """POOL bytes of words in lines, with a Zipf-like word frequency."""
    letters = "etaoinshrdlucmfwypvbgkqjxz"
    weights = [12, 9, 8, 7, 7, 6, 6, 6, 5, 4, 4, 3, 3, 2, 2, 2, 2, 2, 1.5,
               1.5, 1, 1, 0.5, 0.3, 0.2, 0.1]
    words = ["".join(rng.choices(letters, weights, k=rng.randint(2, 10)))
             for _ in range(4000)]
    cum = list(itertools.accumulate(1.0 / (i + 1) for i in range(4000)))
    stream = rng.choices(words, cum_weights=cum, k=POOL // 5)
    out = []
    size = 0
    pos = 0
    while size < POOL and pos < len(stream):
        n = rng.randint(6, 16)
        line = " ".join(stream[pos:pos + n])
        pos += n
        if rng.random() < 0.1:
            line = f"{rng.randint(0, 99999):05d}: {line.capitalize()}."
        out.append(line)
        size += len(line) + 1
    pool = ("\n".join(out) + "\n").encode()[:POOL]
    return pool + pool          # doubled, so that any slice wraps for free


class Content:
    """A file's bytes, produced on demand as tarfile reads them."""

    def __init__(self, kind, size, rng, pool):
        self.kind = kind
        self.left = size
        self.rng = random.Random(rng.getrandbits(64))
        self.pool = pool
        self.counter = 0

    def _make(self, n):
        if self.kind == "random":
            return self.rng.randbytes(n)
        if self.kind == "text":
            off = self.rng.randrange(POOL)
            return self.pool[off:off + n]
        # Structured binary: 32-byte records, mostly constant.
        recs = []
        for _ in range((n + 31) // 32):
            self.counter += 1
            recs.append(self.counter.to_bytes(8, "little")
                        + b"\x01\x00\x00\x00REC\x00" + bytes(16))
        return b"".join(recs)[:n]

    def read(self, n=-1):
        if n is None or n < 0 or n > self.left:
            n = self.left
        n = min(n, CHUNK)
        data = self._make(n) if n else b""
        self.left -= len(data)
        return data


def sizes(rng, files, total):
    """FILES sizes adding up to TOTAL, heavy-tailed."""
    large = LARGE if files >= 100 else 0
    big = int(total * LARGE_SHARE) if large else 0
    small = files - large
    weights = []
    for _ in range(small):
        # One file in a hundred is empty.
        weights.append(0.0 if rng.random() < 0.01
                       else rng.lognormvariate(0.0, 1.6))
    scale = (total - big) / sum(weights) if small and sum(weights) else 0
    out = [int(w * scale) for w in weights]
    out += [big // large] * large if large else []
    out[-1] += total - sum(out)     # rounding goes to the last file
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, required=True)
    ap.add_argument("--bytes", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--meta", help="write the summary line here")
    args = ap.parse_args()
    if args.files < 1 or args.bytes < 0:
        ap.error("--files must be at least 1 and --bytes at least 0")

    rng = random.Random(args.seed)
    pool = text_pool(rng)
    plan = sizes(rng, args.files, args.bytes)
    made = set()
    dirs = 0

    with tarfile.open(fileobj=sys.stdout.buffer, mode="w|",
                      format=tarfile.GNU_FORMAT) as tar:
        for i, size in enumerate(plan):
            top = f"pkg-{i // (PER_DIR * 10):02d}"
            sub = f"{top}/part-{i // PER_DIR:04d}"
            for d in (top, sub):
                if d in made:
                    continue
                made.add(d)
                dirs += 1
                ti = tarfile.TarInfo(d)
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                ti.mtime = EPOCH
                ti.uname = ti.gname = "root"
                tar.addfile(ti)
            if i >= len(plan) - LARGE and args.files >= 100:
                kind = ("text", "random", "random", "binary")[
                    i - (len(plan) - LARGE)]
            else:
                r = rng.random()
                kind = ("text" if r < 0.55 else
                        "random" if r < 0.9 else "binary")
            ext = {"text": "txt", "random": "bin", "binary": "dat"}[kind]
            ti = tarfile.TarInfo(f"{sub}/f-{i:06d}.{ext}")
            ti.size = size
            ti.mode = 0o644
            ti.mtime = EPOCH
            ti.uname = ti.gname = "root"
            tar.addfile(ti, Content(kind, size, rng, pool))

    line = f"files={args.files} dirs={dirs} bytes={sum(plan)}\n"
    if args.meta:
        with open(args.meta, "w") as f:
            f.write(line)
    else:
        sys.stderr.write(line)


if __name__ == "__main__":
    main()
