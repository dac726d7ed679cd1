"""The platform's certificate seal: a key it creates at set-up, PAdES signatures (pyHanko) on
every certificate PDF, and checking an uploaded PDF offline against the current and retired
seals (docs/operations.md: where the key is, how it is rotated)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

KEY, CERT, RETIRED = "signing-key.pem", "signing-cert.pem", "retired"
SEAL_NAME = "振兴杯大赛平台证书签章"
VALID_YEARS = 10
RESERVED = 8192  # bytes kept for the signature: no dry run to measure it


def keys_dir() -> Path:
    return Path(settings.ZHENXING_KEYS_DIR)


def ensure_key() -> tuple[Path, bool]:
    """The seal's directory; a new key and self-signed certificate are made when none exists.
    Returns (directory, made)."""
    folder = keys_dir()
    if (folder / KEY).exists() and (folder / CERT).exists():
        return folder, False
    _make(folder)
    return folder, True


def rotate() -> Path:
    """A new key; the old certificate is kept (retired) so that certificates it signed still
    check as genuine. The old private key is deleted."""
    folder = keys_dir()
    if (folder / CERT).exists():
        retired = folder / RETIRED
        retired.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        (folder / CERT).rename(retired / f"{stamp}-cert.pem")
    (folder / KEY).unlink(missing_ok=True)
    _make(folder)
    return folder


def _make(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, SEAL_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "zhenxing"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path = folder / KEY
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    (folder / CERT).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    _signer.cache_clear()


def fingerprint() -> str:
    certificate = x509.load_pem_x509_certificate((keys_dir() / CERT).read_bytes())
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


@cache
def _signer(folder: str) -> signers.SimpleSigner:
    path = Path(folder)
    return signers.SimpleSigner.load(str(path / KEY), str(path / CERT))


def sign(pdf: bytes) -> bytes:
    folder, _ = ensure_key()
    meta = signers.PdfSignatureMetadata(
        field_name="Seal", subfilter=SigSeedSubFilter.PADES, reason=SEAL_NAME
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signed = signers.sign_pdf(writer, meta, signer=_signer(str(folder)), bytes_reserved=RESERVED)
    return signed.getvalue()


@dataclass(frozen=True)
class Check:
    genuine: bool
    message: str
    serial: str = ""


def check(pdf: bytes) -> Check:
    """Whether `pdf` carries an intact seal of this platform (current or retired), and the
    certificate number it names."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        seals = reader.embedded_signatures
        serial = _serial_of(reader)
    except Exception:  # noqa: BLE001 — a hostile file can break the PDF reader in many ways
        return Check(False, "无法读取这个 PDF 文件：它可能已损坏，或不是 PDF。")
    if not seals:
        return Check(False, "这个 PDF 没有电子签章，不是本平台签发的证书文件。", serial)
    try:
        status = validate_pdf_signature(seals[-1], _trust())
    except Exception:  # noqa: BLE001
        return Check(False, "签章无法核验：文件已损坏或被改动。", serial)
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    if status.intact and status.valid and status.trusted and whole:
        return Check(True, "电子签章有效：文件由本平台签发，签发后未被改动。", serial)
    return Check(False, "电子签章无效：文件在签发后被改动，或不是本平台签发的。", serial)


def _trust() -> ValidationContext:
    folder = keys_dir()
    paths = [folder / CERT, *sorted((folder / RETIRED).glob("*-cert.pem"))]
    roots = [load_cert_from_pemder(str(p)) for p in paths if p.exists()]
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _serial_of(reader: PdfFileReader) -> str:
    info = reader.trailer_view.get("/Info")
    if info is not None and hasattr(info, "get_object"):
        info = info.get_object()
    subject = info.get("/Subject") if info is not None else None
    return str(subject) if subject else ""
