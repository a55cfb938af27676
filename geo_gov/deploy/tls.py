"""A certificate for a closed network, made with the openssl command line (nothing fetched).

A small local CA signs the server's certificate; phones and PCs install the CA once (ca.crt), and
the server certificate can be re-issued (new address, expiry) without touching them again. The CA
is name-constrained to this server's names and addresses, so even a stolen CA key could not vouch
for any other site. Files (in /etc/geo_gov/tls by default, keys readable by root only):
ca.crt, ca.key, server.crt (the server's certificate followed by ca.crt), server.key.

    python -m geo_gov.deploy.tls --dir /etc/geo_gov/tls --name wulidian-gis.local --ip 192.168.10.5
"""

import argparse
import base64
import hashlib
import ipaddress
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

OPENSSL = "openssl"
CA_DAYS = 3650
# Apple devices refuse TLS certificates valid for more than 825 days.
SERVER_DAYS = 825
RENEW_DAYS = 30
KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]


@dataclass(frozen=True)
class Certificates:
    ca_cert: Path
    cert: Path  # the server certificate and the CA, the chain nginx sends
    key: Path


def _run(*args: str) -> str:
    done = subprocess.run([OPENSSL, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


def _san(names: list[str], ips: list[str]) -> str:
    return ",".join([f"DNS:{n}" for n in names] + [f"IP:{ipaddress.ip_address(i)}" for i in ips])


def _constraints(names: list[str], ips: list[str]) -> str:
    parts = [f"permitted;DNS:{n}" for n in names]
    for ip in ips:
        address = ipaddress.ip_address(ip)
        full = ipaddress.ip_network(f"{address}/{address.max_prefixlen}")
        parts.append(f"permitted;IP:{address}/{full.netmask}")
    return "critical," + ",".join(parts)


def _make_ca(directory: Path, names: list[str], ips: list[str]) -> None:
    _run(
        "req", "-x509", *KEY, "-keyout", str(directory / "ca.key"), "-out", str(directory / "ca.crt"),
        "-days", str(CA_DAYS), "-subj", f"/O=geo_gov/CN=geo_gov local CA for {names[0] if names else ips[0]}",
        "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-addext", f"nameConstraints={_constraints(names, ips)}",
    )  # fmt: skip


def _make_server(directory: Path, names: list[str], ips: list[str]) -> None:
    with tempfile.TemporaryDirectory() as work:
        csr, extensions, leaf = Path(work) / "server.csr", Path(work) / "ext.cnf", Path(work) / "leaf.crt"
        _run("req", "-new", *KEY, "-keyout", str(directory / "server.key"), "-out", str(csr), "-subj",
             f"/O=geo_gov/CN={names[0] if names else ips[0]}")  # fmt: skip
        extensions.write_text(
            f"subjectAltName={_san(names, ips)}\nbasicConstraints=critical,CA:FALSE\n"
            "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        )
        _run("x509", "-req", "-in", str(csr), "-CA", str(directory / "ca.crt"), "-CAkey", str(directory / "ca.key"),
             "-set_serial", str(int.from_bytes(os.urandom(12), "big")), "-days", str(SERVER_DAYS),
             "-extfile", str(extensions), "-out", str(leaf))  # fmt: skip
        (directory / "server.crt").write_text(leaf.read_text() + (directory / "ca.crt").read_text())


def subject_alt_names(cert: Path) -> set[str]:
    text = _run("x509", "-in", str(cert), "-noout", "-ext", "subjectAltName")
    found = set()
    for item in text.splitlines()[1:]:
        for part in item.split(","):
            kind, _, value = part.strip().partition(":")
            found.add(f"{'IP' if kind == 'IP Address' else kind}:{value}")
    return found


def _current(cert: Path, names: list[str], ips: list[str]) -> bool:
    if not cert.exists():
        return False
    fresh = subprocess.run(
        [OPENSSL, "x509", "-in", str(cert), "-noout", "-checkend", str(RENEW_DAYS * 86400)], capture_output=True
    )
    return fresh.returncode == 0 and subject_alt_names(cert) == set(_san(names, ips).split(","))


def make_certificates(directory: Path, names: list[str], ips: list[str]) -> Certificates:
    """The CA (made once) and a server certificate for exactly these names and addresses, re-issued
    when they change or it expires within RENEW_DAYS; keys 0600."""
    if not names and not ips:
        raise ValueError("a certificate needs at least one server name or address")
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o755)
    if not (directory / "ca.crt").exists():
        _make_ca(directory, names, ips)
    if not _current(directory / "server.crt", names, ips):
        _make_server(directory, names, ips)
    for key in ("ca.key", "server.key"):
        (directory / key).chmod(0o600)
    return Certificates(directory / "ca.crt", directory / "server.crt", directory / "server.key")


def spki_sha256(cert: Path) -> str:
    """base64(SHA-256(SubjectPublicKeyInfo)) of the first certificate in the file: the pin format of
    HPKP and of Chromium's --ignore-certificate-errors-spki-list."""
    der = subprocess.run(
        [OPENSSL, "x509", "-in", str(cert), "-noout", "-pubkey"], capture_output=True, check=True
    ).stdout
    spki = subprocess.run([OPENSSL, "pkey", "-pubin", "-outform", "DER"], input=der, capture_output=True, check=True)
    return base64.b64encode(hashlib.sha256(spki.stdout).digest()).decode()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make the local CA and server certificate (geo_gov/deploy/tls.py).")
    parser.add_argument("--dir", type=Path, default=Path("/etc/geo_gov/tls"))
    parser.add_argument("--name", action="append", default=[], help="a DNS name of the server (repeatable)")
    parser.add_argument("--ip", action="append", default=[], help="an address of the server (repeatable)")
    args = parser.parse_args(argv)
    made = make_certificates(args.dir, args.name, args.ip)
    print(f"CA (install on phones and PCs): {made.ca_cert}\ncertificate: {made.cert}\nkey: {made.key}")


if __name__ == "__main__":
    main()
