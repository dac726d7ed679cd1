"""Printable PDFs of a paper for a paper exam (WeasyPrint, Noto CJK fonts): the paper as the
contestants get it (no keys, pictures of stems and options), its answer sheet (答题卡), and its
key (参考答案) for the host unit and the supervisor."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML

from . import sheets
from .models import Kind, Paper

DOCUMENTS = {"paper": "", "sheet": "_答题卡", "key": "_参考答案"}  # what → file name ending
TITLES = {"paper": "", "sheet": " 答题卡", "key": " 参考答案"}


def _items(paper: Paper) -> list[dict]:
    shown = []
    for item in paper.items.select_related("version"):
        version = item.version
        blanks = len(version.key.split("|")) if version.kind == Kind.FILL else 0
        options = [(letter, text, _image_uri(version.option_image(i)))
                   for i, (letter, text) in enumerate(zip(version.letters, version.options, strict=True))]  # fmt: skip
        shown.append({"number": item.position + 1, "item": item, "version": version,
                      "letters": version.letters, "blanks": range(blanks), "options": options,
                      "key": sheets.key_shown(version.kind, version.key).replace("|", "；"),
                      "image": _image_uri(version.image)})  # fmt: skip
    return shown


def _image_uri(name: str) -> str:
    """A file: address WeasyPrint reads the stored picture from ("" when there is none)."""
    if not name or not default_storage.exists(name):
        return ""
    try:
        return Path(default_storage.path(name)).as_uri()
    except NotImplementedError:  # a storage without local files: the paper prints without it
        return ""


def paper_pdf(paper: Paper, what: str = "paper") -> bytes:
    """The paper ("paper"), its answer sheet ("sheet") or its key ("key") as a PDF."""
    context = {"paper": paper, "event": paper.draw.blueprint.event, "items": _items(paper),
               "what": what, "title": TITLES[what]}  # fmt: skip
    html = render_to_string("exams/paper_document.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
