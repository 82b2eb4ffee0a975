import xml.etree.ElementTree as ET

import pytest

from zhenggai.dashboard import charts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert("x")</script> & 已完成整改'


def parse(svg: str):
    return ET.fromstring(svg)


def test_it_draws_one_bar_per_label_as_valid_svg():
    root = parse(charts.bar_chart(["已完成整改", "已取得阶段性成效", "长期推进"], [13, 31, 19]))
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f"{SVG}rect")) == 3
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "已取得阶段性成效" in texts and "31" in texts


def test_it_escapes_labels_and_titles():
    for svg in (
        charts.bar_chart([NASTY], [1], title=NASTY),
        charts.stacked_bar_chart([NASTY], [(NASTY, [2], None)], title=NASTY),
        charts.line_chart([NASTY, "b"], [(NASTY, [1, 2], '"><x')], title=NASTY),
    ):
        assert "<script>" not in svg
        root = parse(svg)  # parses: nothing broke out of its attribute or element
        assert root.find(f"{SVG}title").text == NASTY
        assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))


def test_it_stacks_series_per_week():
    root = parse(
        charts.stacked_bar_chart(
            ["07-23", "07-30"], [("已完成整改", [0, 2], "#1e6b3a"), ("其他", [3, 1], None)]
        )
    )
    # Zero-height segments are not drawn: 3 segments + 2 legend swatches.
    assert len(root.findall(f"{SVG}rect")) == 5


def test_it_draws_empty_and_zero_charts():
    for svg in (
        charts.bar_chart([], []),
        charts.bar_chart(["a"], [0]),
        charts.stacked_bar_chart([], []),
        charts.line_chart(["a"], [("n", [0], None)]),
    ):
        parse(svg)


def test_it_refuses_mismatched_lengths():
    with pytest.raises(ValueError):
        charts.bar_chart(["a", "b"], [1])
    with pytest.raises(ValueError):
        charts.line_chart(["a"], [("x", [1], None), ("y", [1, 2], None)])


def test_it_rounds_the_axis_up_to_whole_steps():
    texts = [
        t.text for t in parse(charts.line_chart(["a"], [("n", [63], None)])).iter(f"{SVG}text")
    ]
    assert {"0", "20", "40", "60", "80"} <= set(texts)
    texts = [t.text for t in parse(charts.line_chart(["a"], [("n", [1], None)])).iter(f"{SVG}text")]
    assert {"0", "1", "2", "3", "4"} <= set(texts)
