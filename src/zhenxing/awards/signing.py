"""The platform's certificate seal: a key it creates at set-up, PAdES signatures (pyHanko) on
every certificate PDF, and checking an uploaded PDF offline against the current and retired
seals (docs/operations.md: where the key is, how it is rotated)."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asn1crypto import cms
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
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
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
def _signer(folder: str) -> _SealSigner:
    path = Path(folder)
    loaded = signers.SimpleSigner.load(str(path / KEY), str(path / CERT))
    return _SealSigner(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
    )


def _tlv(tag: int, body: bytes) -> bytes:
    """One DER element: tag, definite length, body."""
    size = len(body)
    if size < 0x80:
        return bytes((tag, size)) + body
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + body


@dataclass(frozen=True)
class _Template:
    """The parts of a PAdES CMS signature that are the same for every document signed with one
    key: everything but the document digest (inside the signed attributes) and the signature."""

    content_type: bytes  # ContentInfo.contentType
    signed_data_head: bytes  # SignedData up to signerInfos: version … certificates
    signer_info_head: bytes  # SignerInfo: version, sid, digestAlgorithm
    attrs_before: bytes  # [0] signedAttrs up to the messageDigest value
    attrs_after: bytes  # … after it
    signature_algorithm: bytes

    def attrs(self, digest: bytes) -> bytes:
        return self.attrs_before + digest + self.attrs_after

    def content_info(self, digest: bytes, signature: bytes) -> bytes:
        signer_info = _tlv(
            0x30,
            self.signer_info_head
            + self.attrs(digest)
            + self.signature_algorithm
            + _tlv(0x04, signature),
        )
        signed_data = _tlv(0x30, self.signed_data_head + _tlv(0x31, signer_info))
        return _tlv(0x30, self.content_type + _tlv(0xA0, signed_data))


# SignedData's fields before signerInfos, its last (RFC 5652 5.1); absent ones dump as b""
_SIGNED_DATA_HEAD = ("version", "digest_algorithms", "encap_content_info", "certificates", "crls")
_CONSTANT_ATTRS = {"content_type", "message_digest", "signing_certificate_v2"}
_PROBE = hashlib.sha256(b"zhenxing seal template").digest()


def _template(model: cms.ContentInfo) -> _Template | None:
    """The reusable parts of `model`, a signature pyHanko made over the digest _PROBE; None when
    it holds anything that could differ from one document to the next."""
    model = cms.ContentInfo.load(model.dump())
    signed_data = model["content"]
    infos = signed_data["signer_infos"]
    if len(infos) != 1:
        return None
    info = infos[0]
    attrs = info["signed_attrs"]
    if {a["type"].native for a in attrs} != _CONSTANT_ATTRS or info["unsigned_attrs"].dump():
        return None
    attrs_der = attrs.dump()
    if attrs_der[0] != 0xA0 or attrs_der.count(_PROBE) != 1:
        return None
    before, after = attrs_der.split(_PROBE)
    template = _Template(
        content_type=model["content_type"].dump(),
        signed_data_head=b"".join(signed_data[name].dump() for name in _SIGNED_DATA_HEAD),
        signer_info_head=b"".join(
            info[name].dump() for name in ("version", "sid", "digest_algorithm")
        ),
        attrs_before=before,
        attrs_after=after,
        signature_algorithm=info["signature_algorithm"].dump(),
    )
    # the parts put back together must give pyHanko's own signature, byte for byte
    if template.content_info(_PROBE, info["signature"].native) != model.dump():
        return None
    return template


class _SealSigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, assembling the CMS signature from parts made once per key.

    pyHanko builds every signature's CMS structure anew with asn1crypto (signed attributes, the
    signing-certificate attribute, the embedded certificate), re-encoding it several times over:
    most of the time a certificate takes to sign. Only the document digest and the signature
    value differ between two documents signed with the same key, so the first signature is made
    by pyHanko itself and split into its constant parts (checked to reassemble to the same
    bytes); each later one is those parts around the new digest, the signed attributes signed
    by pyHanko's sign_raw. Anything else (dry runs, timestamps, CAdES extras) goes to pyHanko."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._templates: dict[str, _Template | None] = {}

    async def async_sign(
        self,
        data_digest: bytes,
        digest_algorithm: str,
        dry_run=False,
        use_pades=False,
        timestamper=None,
        signed_attr_settings: PdfCMSSignedAttributes | None = None,
        is_pdf_sig=True,
        encap_content_info=None,
    ) -> cms.ContentInfo:
        settings_ = signed_attr_settings
        plain = (
            use_pades
            and is_pdf_sig
            and not dry_run
            and timestamper is None
            and encap_content_info is None
            and len(data_digest) == len(_PROBE)
            and (
                settings_ is None
                or (settings_.cades_signed_attrs is None and settings_.adobe_revinfo_attr is None)
            )
        )
        if not plain:
            return await super().async_sign(
                data_digest, digest_algorithm, dry_run=dry_run, use_pades=use_pades,
                timestamper=timestamper, signed_attr_settings=signed_attr_settings,
                is_pdf_sig=is_pdf_sig, encap_content_info=encap_content_info,
            )  # fmt: skip
        templates = self._templates
        algorithm = digest_algorithm.lower()
        if algorithm not in templates:
            model = await super().async_sign(
                _PROBE, algorithm, use_pades=True, signed_attr_settings=PdfCMSSignedAttributes()
            )
            templates[algorithm] = _template(model)
        template = templates[algorithm]
        if template is None:
            return await super().async_sign(
                data_digest, digest_algorithm, use_pades=True,
                signed_attr_settings=signed_attr_settings,
            )  # fmt: skip
        attrs = template.attrs(data_digest)
        signature = await self.async_sign_raw(b"\x31" + attrs[1:], algorithm)
        return cms.ContentInfo.load(template.content_info(data_digest, signature))


def sign(pdf: bytes) -> bytes:
    folder, _ = ensure_key()
    meta = signers.PdfSignatureMetadata(
        field_name="Seal", subfilter=SigSeedSubFilter.PADES, reason=SEAL_NAME
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signer = _signer(str(folder))
    signed = _outside_loop(signers.sign_pdf, writer, meta, signer=signer, bytes_reserved=RESERVED)
    return signed.getvalue()


def _outside_loop(function, *args, **kwargs):
    """pyHanko's sync calls start their own asyncio loop, which fails in a thread whose loop
    is already running (an ASGI server, Playwright's sync API in tests): run them in a fresh
    thread then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


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
        status = _outside_loop(validate_pdf_signature, seals[-1], _trust())
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
