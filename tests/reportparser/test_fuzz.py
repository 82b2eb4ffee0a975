"""Whatever the input, parse_text returns a Report or raises NotAReport: nothing else."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportparser import NotAReport, Report
from reportparser.structure import _parse

from ._helpers import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
# Characters the parser keys on, so random text actually reaches the deep paths.
ALPHABET = st.sampled_from(
    list("一二三四五六七八九十是、.．,,。;;::(())1234567890①②\n \u3000年月日至针对的问题整改")
    + [
        "(已完成整改)",
        "(长期推进,已落实)",
        "整改状态:完成\n",
        "[NextPage]",
        "巡视组对",
        "进行了巡视",
    ]
)


def _check(text: str) -> None:
    # _parse has no safety net, so a bug shows up here instead of as NotAReport.
    try:
        report = _parse(text)
    except NotAReport as e:
        assert "\n" not in str(e)
        return
    assert isinstance(report, Report)
    d = report.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["items"] == sum(d["status_counts"].values())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_text(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=300).map("".join))
def test_random_report_shaped_text(text):
    _check(text)


_CHUNK = st.integers(min_value=0, max_value=len(SEED_TEXT))


@st.composite
def mutated_seed(draw):
    text = SEED_TEXT
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        op = draw(st.sampled_from(["delete", "insert", "swap", "truncate", "dup"]))
        n = len(text)
        a = draw(st.integers(min_value=0, max_value=n))
        b = draw(st.integers(min_value=a, max_value=min(n, a + 3000)))
        if op == "delete":
            text = text[:a] + text[b:]
        elif op == "insert":
            text = text[:a] + draw(st.text(max_size=40) | ALPHABET) + text[a:]
        elif op == "swap":
            c = draw(st.integers(min_value=b, max_value=n))
            d = draw(st.integers(min_value=c, max_value=min(n, c + 3000)))
            text = text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
        elif op == "truncate":
            text = text[:a]
        else:
            text = text[:b] + text[a:b] + text[b:]
    return text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seed(text):
    _check(text)
