#!/usr/bin/python3
"""Writes the seed corpora of fuzz_tuf and fuzz_update_bundles.

usage: make_update_corpus.py [OUTDIR]   (default: corpus/ beside this file)

TUF seeds are signed repositories (Ed25519, ECDSA P-256 and RSA-PSS keys,
a root rotation, a delegation) in fuzz_tuf's layout: a first byte, then
files joined by "\\n--\\n".  Bundle seeds are a RAUC bundle in each layout
(CMS made by the openssl command), a RAUC manifest, an sw-description and
a Mender manifest and signature.  Needs python3-cryptography,
python3-securesystemslib and openssl.  Keys are random, so the bytes
differ from run to run; the shapes do not.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from securesystemslib.formats import encode_canonical

FUTURE = "2030-01-01T00:00:00Z"


def key_object(priv):
    pub = priv.public_key()
    if isinstance(priv, ed25519.Ed25519PrivateKey):
        raw = pub.public_bytes(serialization.Encoding.Raw,
                               serialization.PublicFormat.Raw)
        return {"keytype": "ed25519", "scheme": "ed25519",
                "keyval": {"public": raw.hex()}}
    pem = pub.public_bytes(serialization.Encoding.PEM,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    if isinstance(priv, ec.EllipticCurvePrivateKey):
        return {"keytype": "ecdsa", "scheme": "ecdsa-sha2-nistp256",
                "keyval": {"public": pem.decode()}}
    return {"keytype": "rsa", "scheme": "rsassa-pss-sha256",
            "keyval": {"public": pem.decode()}}


def keyid(obj):
    return hashlib.sha256(encode_canonical(obj).encode()).hexdigest()


def sign(priv, data):
    if isinstance(priv, ed25519.Ed25519PrivateKey):
        return priv.sign(data)
    if isinstance(priv, ec.EllipticCurvePrivateKey):
        return priv.sign(data, ec.ECDSA(hashes.SHA256()))
    return priv.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                       salt_length=32), hashes.SHA256())


def envelope(signed, signers):
    canon = encode_canonical(signed).encode()
    sigs = [{"keyid": keyid(key_object(k)), "sig": sign(k, canon).hex()}
            for k in signers]
    return json.dumps({"signatures": sigs, "signed": signed},
                      indent=1).encode()


def role(keys, threshold=1):
    return {"keyids": [keyid(key_object(k)) for k in keys],
            "threshold": threshold}


def root(version, rootkeys, ts, sn, tg):
    allkeys = {keyid(key_object(k)): key_object(k)
               for k in rootkeys + [ts, sn, tg]}
    return {"_type": "root", "spec_version": "1.0.31", "version": version,
            "expires": FUTURE, "consistent_snapshot": False,
            "keys": allkeys,
            "roles": {"root": role(rootkeys), "timestamp": role([ts]),
                      "snapshot": role([sn]), "targets": role([tg])}}


def tuf_seeds(out):
    r1 = ed25519.Ed25519PrivateKey.generate()
    r2 = ec.generate_private_key(ec.SECP256R1())
    ts = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sn = ec.generate_private_key(ec.SECP256R1())
    tg = ed25519.Ed25519PrivateKey.generate()
    dg = ed25519.Ed25519PrivateKey.generate()
    root1 = envelope(root(1, [r1], ts, sn, tg), [r1])
    root2 = envelope(root(2, [r2], ts, sn, tg), [r1, r2])
    targets = {"_type": "targets", "spec_version": "1.0.31", "version": 1,
               "expires": FUTURE,
               "targets": {"fw.bin": {"length": 3, "hashes": {
                   "sha256": hashlib.sha256(b"fw\n").hexdigest()}}},
               "delegations": {
                   "keys": {keyid(key_object(dg)): key_object(dg)},
                   "roles": [dict(role([dg]), name="role1",
                                  paths=["vendor/*"], terminating=True)]}}
    targets = envelope(targets, [tg])
    role1 = envelope({"_type": "targets", "spec_version": "1.0.31",
                      "version": 1, "expires": FUTURE, "targets": {}}, [dg])
    snapshot = envelope({"_type": "snapshot", "spec_version": "1.0.31",
                         "version": 1, "expires": FUTURE,
                         "meta": {"targets.json": {"version": 1},
                                  "role1.json": {"version": 1}}}, [sn])
    timestamp = envelope({"_type": "timestamp", "spec_version": "1.0.31",
                          "version": 1, "expires": FUTURE,
                          "meta": {"snapshot.json": {
                              "version": 1, "length": len(snapshot),
                              "hashes": {"sha256": hashlib.sha256(
                                  snapshot).hexdigest()}}}}, [ts])
    sep = b"\n--\n"
    files = {
        "repo-rotated.bin": b"\x01" + sep.join(
            [root1, root2, root2, timestamp, snapshot, targets, role1]),
        "root-only.bin": b"\x00" + root1,
        "root-rotated-only.bin": b"\x01" + sep.join([root1, root2]),
        "broken-json.bin": b"\x00" + b'{"signed": {"_type": "root",\n'
                                     b' "version": 1}, "signatures": [}',
        "float.bin": b"\x00" + b'{"signed": {"_type": "root", "version": '
                               b'1, "x": 1.5}, "signatures": []}',
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


def openssl_cms(data, detached, tmp):
    key = os.path.join(tmp, "k.pem")
    crt = os.path.join(tmp, "c.pem")
    src = os.path.join(tmp, "in")
    dst = os.path.join(tmp, "out")
    if not os.path.exists(crt):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-subj", "/CN=seed", "-days", "3650", "-keyout",
                        key, "-out", crt], check=True,
                       stderr=subprocess.DEVNULL)
    with open(src, "wb") as f:
        f.write(data)
    args = ["openssl", "cms", "-sign", "-binary", "-nosmimecap", "-in", src,
            "-signer", crt, "-inkey", key, "-outform", "DER", "-out", dst]
    if not detached:
        args.append("-nodetach")
    subprocess.run(args, check=True)
    with open(dst, "rb") as f:
        return f.read()


def bundle_seeds(out):
    manifest = (b"[update]\ncompatible=acme\nversion=1\n\n[bundle]\n"
                b"format=verity\nverity-hash=00ff\nverity-size=4096\n\n"
                b"[image.rootfs]\nfilename=rootfs.ext4\nsha256=" +
                hashlib.sha256(b"rootfs").hexdigest().encode() + b"\n")
    image = b"hsqs" + bytes(range(256)) * 4
    with tempfile.TemporaryDirectory() as tmp:
        plain = openssl_cms(image, True, tmp)
        verity = openssl_cms(manifest, False, tmp)
    files = {
        "rauc-plain.bin": b"\x00" + image + plain +
        len(plain).to_bytes(8, "big"),
        "rauc-verity.bin": b"\x00" + image + verity +
        len(verity).to_bytes(8, "big"),
        "rauc-bad-trailer.bin": b"\x00" + image + b"\xff" * 8,
        "rauc-manifest.bin": b"\x01" + manifest,
        "swdesc.bin": b"\x02" + b'software = {\n version = "1";\n images: (\n'
                      b'  { filename = "rootfs.ext4"; sha256 = "' +
                      hashlib.sha256(b"rootfs").hexdigest().encode() +
                      b'"; /* c */ },\n  { filename = "u.img"; }\n );\n};\n',
        "mender-manifest.bin": b"\x03" + b"".join(
            hashlib.sha256(n.encode()).hexdigest().encode() + b"  " +
            n.encode() + b"\n" for n in
            ["version", "header.tar.gz", "data/0000/rootfs.ext4"]),
        "mender-sig.bin": b"\x03" + base64.b64encode(bytes(range(72))),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus")
    for sub, make in (("tuf", tuf_seeds), ("update_bundles", bundle_seeds)):
        path = os.path.join(base, sub)
        os.makedirs(path, exist_ok=True)
        make(path)


if __name__ == "__main__":
    main()
