"""Every badge's text stands out from its background by WCAG's 4.5:1, as app.css paints
it: the badge's own rules, and any rule of another class it carries (a light's dot
colour once painted the 督办单's 绿灯 under grey text)."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2] / "zhenggai"
CSS = (ROOT / "static" / "zhenggai" / "app.css").read_text()


def _rules():
    body = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    body = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^{}]*\})*)\s*\}", "", body)  # print, phone
    for selectors, block in re.findall(r"([^{}]+)\{([^{}]*)\}", body):
        props = dict(
            (k.strip(), v.strip())
            for k, v in (d.split(":", 1) for d in block.split(";") if ":" in d)
        )
        for selector in selectors.split(","):
            yield selector.strip(), props


RULES = list(_rules())
VARS = {k: v for s, p in RULES if s == ":root" for k, v in p.items() if k.startswith("--")}


def _colour(value):
    value = value.strip()
    while (m := re.fullmatch(r"var\((--[\w-]+)\)", value)) is not None:
        value = VARS[m.group(1)]
    if value in ("#fff", "white"):
        value = "#ffffff"
    m = re.fullmatch(r"#([0-9a-fA-F]{6})|#([0-9a-fA-F]{3})", value)
    assert m, f"cannot read the colour {value!r}"
    hex6 = m.group(1) or "".join(c * 2 for c in m.group(2))
    return tuple(int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _luminance(rgb):
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((_luminance(_colour(a)), _luminance(_colour(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _applies(selector, classes):
    """A compound selector made only of classes (.badge.s-completed), all present."""
    if not re.fullmatch(r"(\.[\w-]+)+", selector):
        return False
    return set(selector[1:].split(".")) <= classes


def painted(classes):
    """(text, background) for an element with `classes`, by specificity then order."""
    found = [(s.count("."), i, p) for i, (s, p) in enumerate(RULES) if _applies(s, classes)]
    style = {}
    for _spec, _i, props in sorted(found, key=lambda f: (f[0], f[1])):
        style.update(props)
    return style.get("color"), style.get("background")


def _badge_classes():
    """Each class list a template gives a badge; `s-{{ value }}` stands for every s-…
    class app.css knows and for one it does not (a status without its own colours)."""
    known = {c for s, _p in RULES for c in re.findall(r"\.([\w-]+)", s)}
    lists = set()
    for path in ROOT.rglob("*.html"):
        for attr in re.findall(r'class="(badge[^"]*)"', path.read_text()):
            fixed = re.sub(r"{%.*?%}", "", attr)
            words = fixed.split()
            variable = [w for w in words if "{{" in w]
            plain = frozenset(w for w in words if "{{" not in w)
            if not variable:
                lists.add(plain)
                continue
            for word in variable:
                prefix = word.split("{{")[0]
                for cls in [c for c in known if c.startswith(prefix) and prefix] + [None]:
                    lists.add(plain | ({cls} if cls else set()))
    return sorted(lists, key=sorted)


BADGES = _badge_classes()


def test_it_finds_the_badges():
    names = {c for b in BADGES for c in b}
    assert {"badge", "light-green", "light-red", "overdue", "s-completed"} <= names


@pytest.mark.parametrize("classes", BADGES, ids=lambda c: ".".join(sorted(c)))
def test_every_badge_reads_at_four_and_a_half_to_one(classes):
    text, background = painted(classes)
    assert text and background, f"{sorted(classes)}: no colours"
    ratio = contrast(text, background)
    assert ratio >= 4.5, f"{sorted(classes)}: {text} on {background} is {ratio:.2f}:1"


def test_it_measures_contrast_as_wcag_does():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
