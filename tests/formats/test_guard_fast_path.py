"""The registration template's guard looks at each cell once, with the near references: the
exact complement of the far ones among the usual references, so it finds the cells the two-step
pattern found."""

import itertools
import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from zhenxing.formats import spreadsheet
from zhenxing.formats.entry_template import LIMITS

LETTERS = string.ascii_uppercase
DIGITS = [
    *"0123456789",
    *("00", "01", "99", "0001", "99999", "000000", "099999", "100000", "199999", "200000"),
    *("999999", "0000001", "0199999", "1000000", "1048576", "9999999"),
]


def test_near_is_exactly_what_far_is_not_among_the_usual_references():
    near = re.compile(LIMITS.near_reference)
    far = re.compile(LIMITS.far_reference)
    for size in (1, 2, 3):
        for letters in itertools.product(LETTERS, repeat=size):
            for digits in DIGITS:
                reference = ("".join(letters) + digits).encode()
                assert bool(near.fullmatch(reference)) != bool(far.fullmatch(reference)), reference


def test_the_boundaries_are_the_templates_limits():
    near = re.compile(LIMITS.near_reference)
    assert near.fullmatch(b"CV199999") and not near.fullmatch(b"CW1")
    assert not near.fullmatch(b"A200000") and near.fullmatch(b"A1")


tags = st.builds(
    lambda start, letters, digits, attributes, end: (
        f'<c{start}{letters}{digits}"{attributes}{end}'.encode()
    ),
    st.sampled_from([' r="', ' r = "', ' x="1" r="', '  r="', ' r="$', '\tr="']),
    st.text(LETTERS + "a", min_size=0, max_size=4),
    st.sampled_from(DIGITS + ["", "12a"]),
    st.lists(
        st.sampled_from([' s="1"', ' t="s"', ' t="inlineStr"', ' cm="1"', ' x="1"', " ", "\n"]),
        max_size=3,
    ).map("".join),
    st.sampled_from([">", "/>", " >", "", "<", ' s="1">']),
)


@settings(max_examples=1500)
@given(st.lists(tags, min_size=1, max_size=3))
def test_the_one_look_pattern_finds_what_the_two_step_pattern_found(cells):
    sheet = b"<row>" + b"<v>1</v></c>".join(cells) + b"<cols><col/></cols>"
    one_look = LIMITS.unusual_or_far_cell()
    two_step = spreadsheet._unusual_or_far(LIMITS.far_reference)
    assert one_look is not two_step
    found, expected = one_look.search(sheet), two_step.search(sheet)
    assert (found and found.start()) == (expected and expected.start())
