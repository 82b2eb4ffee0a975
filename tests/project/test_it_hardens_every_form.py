"""Every form of the project takes its inputs by the same rules (lib/inputs.CleanInputs):
a form added without them fails here."""

import importlib
import pkgutil

from django import forms

import zhenggai
from zhenggai.lib.inputs import TEXT_MAX, CleanInputs


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _project_forms():
    for module in pkgutil.walk_packages(zhenggai.__path__, "zhenggai."):
        if ".migrations" in module.name or module.name.endswith(("wsgi", "cli")):
            continue
        importlib.import_module(module.name)
    return {
        cls
        for cls in _all_subclasses(forms.BaseForm)
        if cls.__module__.startswith("zhenggai.")
        # The admin's forms are Django's own (zhenggai/*/admin.py).
        and not cls.__module__.endswith(".admin")
        and not cls.__name__.startswith("_")
    }


def test_every_form_takes_the_shared_input_rules():
    found = _project_forms()
    assert len(found) > 20
    bare = sorted(f"{c.__module__}.{c.__name__}" for c in found if not issubclass(c, CleanInputs))
    assert bare == []


def test_a_text_without_its_own_cap_gets_the_apis():
    from zhenggai.rhythm.forms import ReplyForm

    form = ReplyForm({"reply": "x" * (TEXT_MAX + 1)})
    assert not form.is_valid()
    assert ReplyForm({"reply": "x" * TEXT_MAX}).is_valid()
    assert not ReplyForm({"reply": "回复\x00"}).is_valid()
    assert ReplyForm({"reply": "一是\t完成\r\n二是完成"}).is_valid()
