"""No string of the 2020 notice in the code paths (issue 20): its year, its region's words and
its clause numbers live in the 2020 rulebook file only. Another edition is a new rulebook, so a
value or a clause of 2020's notice written into `rules/`, `formats/` or `calculators/` is one
every other edition would silently inherit."""

import re
from pathlib import Path

import zhenxing

SOURCE = Path(zhenxing.__file__).parent
SCANNED = ("rules", "formats", "calculators")
NUMERAL = "[一二三四五六七八九十]"
PATTERNS = {
    "the year 2020": re.compile(r"2020"),
    "the region's words": re.compile(r"自治区|内蒙古?|全区|盟市|内团联|呼和浩特|包头"),
    "an annex of the notice": re.compile(r"附件\s*[0-9一二三四五六七八九十]"),
    # §三.3, §A2.二.3, A4, 三.3, 四(一): how the 2020 rulebook and its reasons cite the notice.
    # The platform's own Readings are cited as "rules.md §4.2" (arabic numerals) and pass.
    "a clause of the notice": re.compile(
        rf"§\s*(?:{NUMERAL}|A[0-9])"
        rf"|(?<![A-Za-z0-9_])A[1-9](?![0-9A-Za-z_（(])"
        rf"|{NUMERAL}\.[0-9{NUMERAL[1:-1]}]"
        rf"|{NUMERAL}[（(]{NUMERAL}[）)]"
    ),
}
# Lines in files another change owns at the moment, matched by their text (their numbers move):
# each is to be rephrased there, and then taken off this list.
PENDING: dict[str, list[str]] = {}


def hits() -> list[str]:
    found = []
    for folder in SCANNED:
        for path in sorted((SOURCE / folder).rglob("*.py")):
            name = path.relative_to(SOURCE).as_posix()
            for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
                if line.strip() in PENDING.get(name, ()):
                    continue
                for what, pattern in PATTERNS.items():
                    match = pattern.search(line)
                    if match:
                        found.append(f"{name}:{number}: {what} “{match.group()}”: {line.strip()}")
    return found


def test_no_string_of_the_2020_notice_in_rules_formats_or_calculators():
    found = hits()
    assert not found, "移到规则文件（或改写说明）：\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for():
    lines = [
        'CLAUSE = "§三.3"',
        'clause = "§A2.二.3"',
        "# the A4 form",
        "placing_years = [2020]",
        "由盟市推荐",
        "附件3.四(一)",
        "(二.4)",
        "四（一）",
    ]
    for line in lines:
        assert any(p.search(line) for p in PATTERNS.values()), line
    passing = ('CLAUSE = "rules.md §4.3"', "SHA-256", "docs/integrity.md §1", "A1（安全防护）")
    for line in passing:
        assert not any(p.search(line) for p in PATTERNS.values()), line
