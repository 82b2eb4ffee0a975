"""The one numeral module: reading and writing Chinese numerals, and heading markers."""

from __future__ import annotations

import pytest

from reportparser.numbering import marker, split_marker
from reportparser.numerals import quantity, to_chinese, to_int


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (25, "二十五"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (2018, "二千零一十八"),
    ],
)
def test_to_chinese(n, text):
    assert to_chinese(n) == text


def test_to_chinese_and_to_int_agree_up_to_a_thousand():
    assert all(to_int(to_chinese(n)) == n for n in range(1, 1000))


def test_to_chinese_refuses_what_it_cannot_spell():
    with pytest.raises(ValueError):
        to_chinese(10000)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三千五", 3500),
        ("两万", 20000),
        ("一百二", 120),
        ("一万零五", 10005),
        ("三五", None),
        ("三〇", None),
        ("万", None),
    ],
)
def test_quantity(text, value):
    assert quantity(text) == value


@pytest.mark.parametrize(
    ("rank", "n", "label"),
    [(0, 3, "三、"), (1, 12, "(十二)"), (2, 7, "7."), (3, 63, "(63)"), (4, 2, "②")],
)
def test_marker_is_read_back_at_its_rank(rank, n, label):
    assert marker(rank, n) == label
    found = split_marker(label + "针对某问题")
    assert (found.rank, found.number) == (rank, n)
