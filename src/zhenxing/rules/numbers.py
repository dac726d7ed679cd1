"""Numbers as people write them and read them: one reading, one spelling."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# A number as written on a score sheet: digits and at most one point. Decimal alone would also
# take 1e999, 1E-100000 (a 100,000-digit number) and NaN.
_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,6}(?:\.[0-9]{1,4})?")


def plain_decimal(text: str) -> Decimal | None:
    """The number written in `text` (full-width digits and point read as such), or None when it
    is not a plain number of at most 6 integer digits and 4 decimals."""
    plain = unicodedata.normalize("NFKC", text).strip()
    return Decimal(plain) if _PLAIN_NUMBER.fullmatch(plain) else None


def decimal_text(value) -> str:
    """One spelling per number, without exponent or trailing zeros: 10, 10.0 and 1E+1 are "10";
    0.50 is "0.5". Keyed twice as "1" and "1.0", a mark is the same entry."""
    return format(Decimal(value).normalize(), "f")
