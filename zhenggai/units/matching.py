"""Find the units a measure's text names, so an imported ledger starts assigned.

Published reports name the units that carried a measure out ("由区城市更新局负责推动…",
"区公安分局历时6个月…"). The rule: every name or alias of a unit found in the text, the
longest match winning where names overlap (区委组织部 before 组织部), in order of first
appearance. Where the text names none, a topic table gives the unit that usually leads
such work; the office corrects either on the item page.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Topic words → the unit that usually leads such a measure in a district.
TOPIC_LEADS: list[tuple[tuple[str, ...], str]] = [
    (("涉黑涉恶", "扫黑除恶", "黑恶势力", "保护伞", "软暴力", "警情"), "区公安分局"),
    (("河涌", "河长", "黑臭", "截污"), "区河长办"),
    (("违法建设", "拆违"), "区城管局"),
    (("五类车",), "区公安分局"),
    (("城中村改造", "泮塘", "旧改"), "区城市更新局"),
    (("路网", "交通", "隧道", "基础设施"), "区住房建设局"),
    (("中小学", "学校", "学前教育", "幼儿园", "校长"), "区教育局"),
    (("养老", "医疗", "医院"), "区卫生计生局"),
    (("土地确权", "承包经营权"), "区农业局"),
    (("意识形态",), "区委宣传部"),
    (("“两新”", "党组织", "党员", "党建", "三会一课", "党支部", "换届"), "区委组织部"),
    (("干部", "选人用人", "出国(境)", "兼职", "回避"), "区委组织部"),
    (("临聘人员",), "区人社局"),
    (("津补贴", "三公", "财务", "报销", "重大资金"), "区财政局"),
    (("政府采购", "招投标"), "区财政局"),
    (("办公用房",), "区委办"),
    (("公款旅游", "八项规定", "四风", "企业开支"), "区纪委监委"),
    (("全面从严治党", "主体责任", "警示教育", "纪律", "廉政", "腐败"), "区纪委监委"),
    (("科技创新", "产业", "市场"), "区科工商信局"),
    (("城市环境", "脏乱差", "环境卫生"), "区城管局"),
    (("新中国大厦",), "区文化商旅发展中心"),
    (("转制公司", "债权债务"), "石围塘街"),
    (("李嘉", "万庆良"), "区纪委监委"),
]


@dataclass(frozen=True)
class UnitName:
    unit_id: int
    name: str


class UnitMatcher:
    def __init__(self, units: Iterable):
        """`units`: objects with `.pk`, `.name` and `.alias_list()` (units.Unit)."""
        names = [UnitName(unit.pk, alias) for unit in units for alias in unit.alias_list() if alias]
        self.by_name = {n.name: n for n in names}
        # One alternation, longest names first, so the regex engine prefers 区委组织部 to 组织部.
        ordered = sorted(self.by_name, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def named_in(self, text: str) -> list[int]:
        """Unit ids named in `text`, in order of first appearance, without repeats."""
        if not self.pattern:
            return []
        found: list[int] = []
        for match in self.pattern.finditer(text):
            unit_id = self.by_name[match.group()].unit_id
            if unit_id not in found:
                found.append(unit_id)
        return found

    def topic_lead(self, text: str) -> int | None:
        """The unit that usually leads the topic of `text`, if we know it."""
        for words, unit_name in TOPIC_LEADS:
            if any(word in text for word in words):
                named = self.by_name.get(unit_name)
                if named:
                    return named.unit_id
        return None

    def assignment(self, title: str, measure_text: str) -> tuple[int | None, list[int]]:
        """(lead unit id, responsible unit ids) for an item.

        The first unit the measure names leads and the others share the work; with none
        named, the topic of the problem and measure decides the lead.
        """
        named = self.named_in(measure_text)
        if named:
            return named[0], named[1:]
        # The problem says what the item is about more surely than the measure, whose
        # sub-actions wander (a measure on city streets mentions 党员 volunteers).
        return self.topic_lead(title) or self.topic_lead(measure_text), []
