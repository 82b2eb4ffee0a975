"""The form renderer (zhenggai/lib/widgets.py) draws selects, inputs and textareas
itself, for speed: its markup must be Django's own, character for character."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from zhenggai.lib.inputs import DateInput
from zhenggai.lib.widgets import Renderer

CHOICES = [("", "全部"), (1, "区委办<公室>"), (2, '区"财政"局'), (3, "区民政局 & 社工")]
GROUPED = [
    ("", "—"),
    ("党委部门", [(1, "区委办"), (2, "区委组织部")]),
    ("政府部门", [(3, "区财政局")]),
]


class Everything(forms.Form):
    q = forms.CharField(required=False, max_length=50)
    pick = forms.TypedChoiceField(choices=CHOICES, coerce=int, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.TypedMultipleChoiceField(
        choices=CHOICES[1:], coerce=int, required=False, widget=forms.SelectMultiple({"size": 5})
    )
    flag = forms.BooleanField(required=False)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(required=False, widget=forms.Textarea({"rows": 3, "required": True}))
    day = forms.DateField(required=False, widget=DateInput())
    number = forms.IntegerField(required=False, min_value=0)
    mail = forms.EmailField(required=False, widget=forms.EmailInput({"disabled": False}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    radio = forms.ChoiceField(choices=CHOICES, required=False, widget=forms.RadioSelect)


DATA = [
    None,
    {},
    {
        "q": 'a"<b>&',
        "pick": "2",
        "grouped": "3",
        "many": ["1", "3"],
        "flag": "on",
        "hidden": "<x>",
        "text": "第一行\n<script>",
        "day": "2018-11-27",
        "number": "7",
        "mail": "x@y.cn",
        "secret": "pw&",
        "radio": "1",
    },
    {"pick": "99", "day": "not a day", "number": "-1", "many": ["9"]},
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("auto_id", ["id_%s", "id_move_%s", False])
def test_it_draws_every_widget_as_django_does(data, auto_id):
    initial = {"pick": 3, "day": datetime.date(2018, 7, 24), "text": mark_safe("<b>已</b>")}
    ours = Everything(data, auto_id=auto_id, initial=initial, renderer=Renderer())
    django = Everything(data, auto_id=auto_id, initial=initial, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert str(ours[name]) == str(django[name]), name
    assert str(ours) == str(django)


def test_the_project_uses_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
