"""The seal works wherever it is called from, including a thread whose asyncio loop runs."""

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor

from pypdf import PdfWriter

from zhenxing.awards import signing


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_seal_is_made_and_checked_while_an_event_loop_runs(settings, tmp_path):
    settings.ZHENXING_KEYS_DIR = str(tmp_path)

    async def inside_a_loop():
        signed = signing.sign(_blank_pdf())
        return signed, signing.check(signed)

    with ThreadPoolExecutor(max_workers=1) as own_thread:  # whatever the test's thread runs
        signed, verdict = own_thread.submit(asyncio.run, inside_a_loop()).result()
    assert verdict.genuine, verdict.message
    tampered = signed.replace(b"(pypdf)", b"(pypdg)", 1)
    assert tampered != signed and not signing.check(tampered).genuine
