"""English complete: no template text outside the translation tags, and every message of
the English catalogue translated (none empty, none left fuzzy by makemessages)."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2] / "zhenggai"
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3400-\u9fff]")
# The language switcher names Chinese in Chinese, whatever the page's language.
OWN_NAME = {"中文"}


def _bare_text(template):
    text = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", "", template, flags=re.S)
    text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}|<style.*?</style>", "", text, flags=re.S)
    return text


def test_templates_say_nothing_outside_translation_tags():
    bare = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for line in _bare_text(path.read_text()).splitlines():
            words = {w for w in re.findall(r"[\u3400-\u9fff]+", line)} - OWN_NAME
            if words:
                bare.append(f"{path.relative_to(ROOT)}: {line.strip()[:80]}")
    assert not bare, "text not in {% translate %}:\n" + "\n".join(bare)


def _entries():
    for block in PO.read_text().split("\n\n"):
        lines = block.strip().splitlines()
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        if not ids:
            continue
        msgid = "".join(re.findall(r'"(.*)"', "\n".join(lines[ids[0] : _next(lines, ids[0])])))
        if not msgid:
            continue  # the header
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        strs = [i for i, line in enumerate(lines) if line.startswith("msgstr")]
        values = [
            "".join(re.findall(r'"(.*)"', "\n".join(lines[i : _next(lines, i)]))) for i in strs
        ]
        yield msgid, fuzzy, values


def _next(lines, i):
    j = i + 1
    while j < len(lines) and lines[j].startswith('"'):
        j += 1
    return j


def test_every_message_has_its_english():
    entries = list(_entries())
    assert len(entries) > 900
    missing = [m for m, fuzzy, values in entries if fuzzy or not all(values)]
    assert not missing, "no English for:\n" + "\n".join(missing)
    chinese_only = [
        m
        for m, _f, values in entries
        if any(CJK.search(v) and not re.search(r"[A-Za-z]", v) for v in values)
    ]
    assert chinese_only == ["简体中文"]  # a language is named in itself


def test_the_compiled_catalogue_is_not_older_than_its_source():
    mo = PO.with_suffix(".mo")
    assert mo.stat().st_size > 0
    # compilemessages writes the .mo from the .po; the .po's messages must all be in it.
    import gettext

    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for msgid, _fuzzy, values in _entries():
        if len(values) == 1 and "\\" not in msgid:
            assert catalogue.gettext(msgid) == values[0].replace('\\"', '"'), msgid
