"""Build src/zhenxing/names/strokes.bin from the Unicode Han database (Debian: unicode-data).

One byte per code point from U+3400 to U+9FFF: the first (simplified-Chinese) value of
kTotalStrokes, 0 where Unihan has none. Run: python scripts/build_strokes.py [Unihan_IRGSources.txt.bz2]
"""

import bz2
import sys
from pathlib import Path

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode/Unihan_IRGSources.txt.bz2")
TARGET = Path(__file__).resolve().parents[1] / "src/zhenxing/names/strokes.bin"
FIRST, LAST = 0x3400, 0x9FFF


def main() -> None:
    table = bytearray(LAST - FIRST + 1)
    with bz2.open(SOURCE, "rt", encoding="utf-8") as lines:
        for line in lines:
            if "\tkTotalStrokes\t" not in line:
                continue
            code, _, value = line.rstrip("\n").split("\t")
            point = int(code[2:], 16)
            if FIRST <= point <= LAST:
                table[point - FIRST] = int(value.split()[0])
    TARGET.write_bytes(bytes(table))
    print(f"{TARGET}: {sum(1 for b in table if b)} characters")


if __name__ == "__main__":
    main()
