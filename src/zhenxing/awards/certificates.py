"""Certificate documents: one signed PDF per approved award, A4 landscape, from the edition's
layout (named fields placed on a background; no template code from users), with Noto CJK fonts
embedded, its number, a verification address and a QR code.

Documents are rendered many at a time as one WeasyPrint document (the CJK font is subset once
for the batch), split into one PDF per page, and each page signed.
"""

from __future__ import annotations

import base64
import io
from urllib.parse import quote

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from . import signing
from .models import Award, CertificateLayout

BATCH = 50  # pages rendered as one document before splitting
FIELDS = {
    "heading": "标题",
    "name": "姓名",
    "body": "正文",
    "award": "称号或证书等级",
    "event": "比赛项目",
    "rank": "名次",
    "issuer": "颁发单位",
    "date": "日期",
    "serial": "编号",
    "verify": "核验网址",
}
HEADINGS = {
    "title": "荣誉证书",
    "qualification": "职业资格证书",
    "special_ability": "专项职业能力证书",
}


def _field(x, y, size, align="center", width=220, show=True) -> dict:
    return {"x": x, "y": y, "size": size, "align": align, "width": width, "show": show}


DEFAULT_FIELDS = {
    "heading": _field(38.5, 28, 36),
    "name": _field(38.5, 62, 26),
    "body": _field(48.5, 86, 15, "left", 200),
    "award": _field(38.5, 118, 22),
    "event": _field(38.5, 140, 12, show=False),
    "rank": _field(38.5, 148, 12, show=False),
    "issuer": _field(110, 158, 14, "right", 120),
    "date": _field(110, 168, 13, "right", 120),
    "serial": _field(20, 188, 9, "left", 120),
    "verify": _field(20, 194, 8, "left", 150),
    "qr": {"x": 245, "y": 162, "size": 28, "show": True},
}
LIMITS = {"x": (0, 297), "y": (0, 210), "size": (4, 80), "width": (10, 297)}


def layout_kind(award: Award) -> str:
    if award.kind == Award.Kind.TITLE:
        return CertificateLayout.Kind.TITLE
    if award.level is None:
        return CertificateLayout.Kind.SPECIAL_ABILITY
    return CertificateLayout.Kind.QUALIFICATION


def layout_fields(stored: dict | None) -> dict:
    """The stored positions over the defaults, each value clamped to the page."""
    fields = {}
    for key, default in DEFAULT_FIELDS.items():
        given = (stored or {}).get(key) or {}
        fields[key] = {
            name: _clamped(name, given.get(name), value) for name, value in default.items()
        }
    return fields


def _clamped(name: str, value, default):
    if isinstance(default, bool):
        return bool(value) if value is not None else default
    if name == "align":
        return value if value in ("left", "center", "right") else default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    low, high = LIMITS.get(name, (0, 297))
    return round(min(max(number, low), high), 1)


def background_uri(layout: CertificateLayout | None) -> str:
    if layout is None or not layout.background:
        return ""
    with layout.background.open("rb") as file:
        data = base64.b64encode(file.read()).decode()
    return f"data:{layout.background_type};base64,{data}"


def verify_url(serial: str) -> str:
    return f"{settings.ZHENXING_SITE_URL}/verify/?serial={quote(serial)}"


def _issuer(award: Award) -> str:
    """The body that grants the award, as the edition's organizers name it."""
    organizers = award.final.event.edition.organizers or []
    hrss = [o for o in organizers if "人力资源" in o]
    league = [o for o in organizers if "人力资源" not in o]
    chosen = hrss if award.approver == "HRSS" else league
    return (chosen or organizers or [""])[0]


def _chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def texts(award: Award) -> dict:
    """What each named field of `award`'s certificate says."""
    event = award.final.event
    edition = event.edition
    what = f"被授予“{award.name}”称号" if award.kind == Award.Kind.TITLE else f"核发{award.name}"
    team = award.competitor.team
    placed = f"作为“{team.name}”队员荣获" if team is not None else "荣获"
    decided = timezone.localtime(award.decided_at).date() if award.decided_at else award.award_date
    return {
        "heading": HEADINGS[layout_kind(award)],
        "name": award.entry.person.name,
        "body": f"在{edition.name}{event}比赛中{placed}第{award.rank}名，{what}。",
        "award": award.name,
        "event": str(event),
        "rank": f"第{award.rank}名",
        "issuer": _issuer(award),
        "date": _chinese_date(decided),
        "serial": f"证书编号：{award.serial}",
        "verify": f"核验：{verify_url(award.serial)}",
    }


def sample_texts(kind: str) -> dict:
    """Texts for the layout editor's preview."""
    return {
        "heading": HEADINGS[kind],
        "name": "王小明",
        "body": "在2020年“振兴杯”全区青年职业技能大赛数控车工（职工组）比赛中荣获第1名，被授予“全区技术能手”称号。",
        "award": "全区技术能手" if kind == "title" else "国家职业资格二级证书",
        "event": "数控车工（职工组）",
        "rank": "第1名",
        "issuer": "内蒙古自治区人力资源和社会保障厅",
        "date": "2020年9月26日",
        "serial": "证书编号：ZX-ABCD-2345",
        "verify": f"核验：{verify_url('ZX-ABCD-2345')}",
    }


def qr_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=4, border=0)


def page(fields: dict, background: str, values: dict, qr_text: str) -> dict:
    """One page for the template: each shown field with its text and position."""
    placed = [
        {**fields[key], "key": key, "text": values[key]}
        for key in FIELDS
        if fields[key]["show"] and values.get(key)
    ]
    qr = fields["qr"]
    return {
        "background": background,
        "fields": placed,
        "qr": {**qr, "uri": qr_uri(qr_text)} if qr["show"] and qr_text else None,
    }


def render_pages(pages: list[dict], title: str = "证书") -> str:
    return render_to_string("awards/certificate_document.html", {"pages": pages, "title": title})


def pdf_of(html: str) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _layouts(edition) -> dict:
    stored = {layout.kind: layout for layout in CertificateLayout.objects.filter(edition=edition)}
    return {
        kind: (
            layout_fields(stored[kind].fields if kind in stored else None),
            background_uri(stored.get(kind)),
        )
        for kind in CertificateLayout.Kind.values
    }


def documents(awards: list[Award]) -> list[bytes]:
    """The signed PDF of each approved award, in order."""
    layouts = _layouts(awards[0].final.event.edition) if awards else {}
    pages, metadata = [], []
    for award in awards:
        fields, background = layouts[layout_kind(award)]
        pages.append(page(fields, background, texts(award), verify_url(award.serial)))
        metadata.append(
            {
                "/Title": f"{award.name} · {award.entry.person.name}",
                "/Subject": award.serial,
                "/Creator": "zhenxing",
            }
        )
    return signed_pdfs(pages, metadata)


def signed_pdfs(pages: list[dict], metadata: list[dict]) -> list[bytes]:
    """One signed PDF per page: rendered BATCH pages at a time as one document (the CJK font is
    subset once per batch), split, each page given its metadata and signed."""
    out = []
    for start in range(0, len(pages), BATCH):
        rendered = PdfReader(io.BytesIO(pdf_of(render_pages(pages[start : start + BATCH]))))
        for pdf_page, meta in zip(rendered.pages, metadata[start : start + BATCH], strict=True):
            out.append(signing.sign(_single(pdf_page, meta)))
    return out


def _single(pdf_page, meta: dict) -> bytes:
    writer = PdfWriter()
    writer.add_page(pdf_page)
    writer.add_metadata(meta)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def ensure_documents(awards: list[Award], progress=None) -> None:
    """Store the signed PDF of each approved award that has none yet (the same file is served
    ever after, so its seal and date stay as issued)."""
    missing = [a for a in awards if a.status == Award.Status.APPROVED and not a.document]
    for start in range(0, len(missing), BATCH):
        chunk = missing[start : start + BATCH]
        for award, pdf in zip(chunk, documents(chunk), strict=True):
            award.document.save(f"{award.serial}.pdf", ContentFile(pdf), save=False)
            Award.objects.filter(pk=award.pk).update(document=award.document.name)
        if progress:
            progress(start + len(chunk), len(missing))
