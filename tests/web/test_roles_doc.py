"""docs/roles.md lists each role's permission codes exactly as permissions.py grants them."""

import re
from pathlib import Path

from zhenxing.orgs.permissions import ROLE_PERMISSIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def test_the_roles_table_matches_the_code():
    rows = re.findall(r"^\| \S+ (\w+) \| [^|]+ \| ([^|]+) \|$", DOC.read_text("utf-8"), re.M)
    documented = {role: set(codes.strip().split(", ")) for role, codes in rows}
    assert documented == {str(role): set(codes) for role, codes in ROLE_PERMISSIONS.items()}
