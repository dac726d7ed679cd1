"""A stored file served with HTTP range requests (RFC 9110 §14), so a phone's player can seek:
one range gives 206 with Content-Range, none (or several, which players do not ask for) the
whole file with 200, one past the end 416; HEAD answers the same headers without the body."""

from __future__ import annotations

import re

from django.http import HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) byte of a single satisfiable range; None to send the whole file (no
    range, or one this server ignores); False when unsatisfiable (416)."""
    match = _RANGE.fullmatch((header or "").strip())
    if not match or not (match[1] or match[2]):
        return None
    if not match[1]:  # the last N bytes
        count = int(match[2])
        return (max(size - count, 0), size - 1) if count and size else False
    first = int(match[1])
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    if match[2] and int(match[2]) < first:
        return None  # an invalid range is ignored (RFC 9110 §14.2)
    return (first, last) if first < size else False


def _chunks(file, first: int, last: int):
    with file:
        file.seek(first)
        left = last - first + 1
        while left > 0:
            data = file.read(min(CHUNK, left))
            if not data:
                return
            left -= len(data)
            yield data


def serve(request, field_file, content_type: str, size: int, etag: str = ""):
    """The file in `field_file` (size bytes) as the request asks for it."""
    wanted = parse_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        first, last = wanted or (0, size - 1)
        status = 200 if wanted is None else 206
        if request.method == "HEAD" or size == 0:
            response = HttpResponse(status=status, content_type=content_type)
        else:
            body = _chunks(field_file.open("rb"), first, last)
            response = StreamingHttpResponse(body, status=status, content_type=content_type)
        response["Content-Length"] = str(last - first + 1 if size else 0)
        if status == 206:
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = f'"{etag}"'
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    # always asked again: a hidden work must stop at once, in caches too
    response["Cache-Control"] = "private, no-cache"
    return response
