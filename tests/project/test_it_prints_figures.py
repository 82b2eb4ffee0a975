import json

from django.core.management import call_command


def test_it_prints_the_figures_as_json(capsys):
    call_command("figures", "完成治理435宗,面积34.5万平方米,查扣1100余辆,投资0.5亿元", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert [(f["value"], f["unit"], f["approx"]) for f in figures] == [
        (435, "宗", False),
        (345000, "平方米", False),
        (1100, "辆", True),
        (50000000, "元", False),
    ]
    assert figures[0]["what"] == "完成治理"
    assert figures[0]["span"] == [4, 8]
