from dataclasses import dataclass, field

from zhenggai.units.matching import UnitMatcher


@dataclass
class U:
    pk: int
    name: str
    aliases: list[str] = field(default_factory=list)

    def alias_list(self):
        return [self.name, *self.aliases]


UNITS = [
    U(1, "区委组织部", ["组织部"]),
    U(2, "区城市更新局"),
    U(3, "区文化商旅发展中心"),
    U(4, "区公安分局", ["公安分局"]),
    U(5, "区河长办"),
]


def test_it_finds_units_in_order_of_appearance():
    text = "一是由区城市更新局负责推动泮塘五约微改造;二是由区文化商旅发展中心负责解决征收历史遗留问题。"
    assert UnitMatcher(UNITS).assignment("针对推进泮塘地块的问题", text) == (2, [3])


def test_it_prefers_the_longest_name():
    assert UnitMatcher(UNITS).named_in("区委组织部会同组织部门") == [1]


def test_it_falls_back_to_the_topic():
    matcher = UnitMatcher(UNITS)
    assert matcher.assignment("针对涉黑涉恶案件原始警情的问题", "积极采取强有力措施") == (4, [])
    assert matcher.assignment("针对黑臭河涌整治不力的问题", "大力进行整治") == (5, [])
    assert matcher.assignment("针对某某的问题", "无从判断") == (None, [])


def test_it_copes_with_no_units():
    assert UnitMatcher([]).assignment("针对涉黑涉恶的问题", "区公安分局") == (None, [])
