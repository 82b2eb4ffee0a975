"""Text → paragraphs: clean CMS debris and undo hard wrapping, keeping source line numbers."""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from .numbering import starts_with_marker
from .status import STATUS_LINE

_DROP = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe\x00-\x08\x0e-\x1f\x7f]+")
_BREAKS = re.compile("[\x0b\x0c\u2028\u2029]")
_CMS = re.compile(r"\[/?(?:NextPage|page|pagebreak|分页)[^\]\n]{0,20}\]", re.IGNORECASE)
_WS = " \t\u3000"
# Characters after which a paragraph may legitimately end.
SENTENCE_END = '。!?！？;；:：…”’」』)）")】'
_CLOSING_START = ",，。、;；:：!?！？)）」』】"


# Traditional-script reprints (繁体转载): the characters these reports use, one for one, so
# that offsets and line numbers stay those of the source. Applied only to a text that
# plainly is in traditional script, since a few of these also occur in simplified names.
_TRAD_PAIRS = (
    "據据統统組组別别對对漢汉產产業业資资發发團团簡简稱称貿贸於于為为開开並并饋馈見见關关現现將将進进況况領领導导堅坚決决擔担責责黨党認认職职講讲從从籌筹謀谋劃划體体"
    "際际實实動动創创區区縣县員员會会問问題题項项個个條条視视報报屆届輪轮們们這这來来說说國国時时與与處处經经濟济億亿萬万機机構构規规長长設设計计財财務务審审紀纪監监"
    "檢检幹干級级鎮镇鄉乡記记書书議议專专嚴严風风敗败違违預预標标準准線线錢钱費费購购買买賣卖築筑農农環环護护學学習习識识論论爭争維维確确傳传達达貫贯徹彻細细節节點点"
    "難难優优勢势質质續续鞏巩轉转變变營营製制執执衛卫醫医療疗險险應应災灾權权運运態态備备銷销號号賬账總总數数範范圍围絡络網网訊讯電电話话郵邮編编碼码聯联單单織织選选"
    "舉举辦办廳厅勞劳車车輛辆禮礼飲饮獻献隊队額额類类兩两僅仅沒没無无還还過过適适當当後后裡里麼么樣样則则負负頭头驗验歸归檔档遺遗滿满訪访談谈請请讓让證证該该詳详調调"
    "諮咨詢询評评課课讀读誤误語语邊边遠远連连週周層层屬属帶带幫帮廣广張张強强歷历氣气減减測测積积穩稳競竞簽签約约紅红終终結结給给絕绝綜综緊紧練练績绩繼继罰罚聽听肅肃"
    "興兴舊旧補补裝装親亲觀观覺觉訂订許许貨货貧贫較较載载輔辅輕轻遞递錯错鏈链門门閉闭間间閱阅陸陆隨随雙双離离頁页順顺頻频顯显養养館馆駐驻價价債债勵励勝胜參参園园圖图"
    "場场塊块壓压夠够奮奋婦妇廢废廠厂復复懷怀憲宪戰战擁拥擇择擴扩斷断殘残滯滞濫滥獨独獲获畢毕盤盘礎础稅税窮穷糧粮脫脱腦脑華华藥药眾众訴诉註注貪贪貸贷賄贿軍军輸输轄辖"
    "釋释針针錄录陣阵隱隐雲云響响頒颁驅驱黃黄齡龄臺台灣湾撥拨師师協协術术藝艺蘇苏齊齐穫获儘尽盡尽隻只餘余鐘钟鍾钟歲岁鄰邻陳陈莊庄麥麦鳳凤魯鲁鬆松髮发"
)
_TRAD = str.maketrans(_TRAD_PAIRS[0::2], _TRAD_PAIRS[1::2])
_TRAD_MARKERS = "黨組饋視對關會為這們個與國時說來"


def is_traditional(text: str) -> bool:
    return sum(text.count(c) for c in _TRAD_MARKERS) >= 5


def simplified(text: str) -> str:
    """The text in simplified characters when it is a traditional-script one; else as is."""
    return text.translate(_TRAD) if is_traditional(text) else text


class Para(NamedTuple):
    line: int  # 1-based line number of the paragraph's first line
    text: str


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    # Searching first is far cheaper than substituting on clean text, the common case.
    if _DROP.search(text):
        text = _DROP.sub("", text)
    if _BREAKS.search(text):
        text = _BREAKS.sub("\n", text)
    return text


def display_width(line: str) -> int:
    # Display width, approximated from UTF-8 length: CJK takes 3 bytes and 2 columns.
    n = len(line)
    return n + (len(line.encode("utf-8")) - n) // 2


_width = display_width


def _wrap_width(lines: list[str]) -> tuple[str, int] | None:
    """Detect a hard-wrapped document: (measure, width) if many lines share one length."""
    long_lines = [ln for ln in lines if len(ln) >= 16]
    if len(long_lines) < 6:
        return None
    best = None
    for measure, fn, tol in (("chars", len, 1), ("width", _width, 3)):
        values = [fn(ln) for ln in long_lines]
        counts = Counter(values)
        mode, _ = counts.most_common(1)[0]
        # Lines cut at a fixed width cluster just below the widest common length.
        near = sum(c for v, c in counts.items() if mode - tol <= v <= mode)
        share = near / len(values)
        if share >= 0.3 and near >= 4 and (best is None or share > best[2]):
            best = (measure, mode, share)
    if best is None:
        return None
    return best[0], best[1]


def paragraphs(text: str) -> list[Para]:
    # Widths are measured before CMS markers are dropped: the wrapping saw them.
    # Indentation counts too, so only trailing space is dropped for measuring.
    raw = [ln.rstrip(_WS) for ln in clean(text).split("\n")]
    lines = [(_CMS.sub("", ln) if "[" in ln else ln).strip(_WS) for ln in raw]
    wrap = _wrap_width(raw)
    if wrap:
        measure, width = wrap
        fn = len if measure == "chars" else _width
        full = width - (1 if measure == "chars" else 3)
    out: list[Para] = []
    cur: list[str] = []
    cur_line = 0
    for i, ln in enumerate(lines, 1):
        if not ln:
            if cur:
                out.append(Para(cur_line, "".join(cur)))
                cur = []
            continue
        join = False
        if cur:
            if ln[0] in _CLOSING_START:
                join = True
            elif wrap and not starts_with_marker(ln) and not STATUS_LINE.match(ln):
                # Only a line filled to the wrap width continues. The rule "no final
                # punctuation means continuation" alone would glue headings, the
                # issuer and the date line of unwrapped reports to what follows.
                join = fn(raw[i - 2]) >= full
        if join:
            cur.append(ln)
        else:
            if cur:
                out.append(Para(cur_line, "".join(cur)))
            cur = [ln]
            cur_line = i
    if cur:
        out.append(Para(cur_line, "".join(cur)))
    return out
