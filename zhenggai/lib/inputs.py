"""What a person may type into any form or send to the API: one set of rules for both.

The caps are the API's (api/schemas.py takes them from here): a report, a reason, a
measure or a comment is at most TEXT_MAX characters, whether it arrives by a page or by
a script. NUL bytes (which PostgreSQL refuses in text columns) and other control
characters (which nobody types, and which break exports) are refused; line breaks and
tabs are kept. A date that does not exist is a form error, never a crash.

`CleanInputs` is mixed into every form of the project; views that read request.POST by
hand call `check_post()` and `parse_day()`.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.utils.dateparse import parse_date
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# A progress report, a reason, a measure, a comment: what the API takes, and the forms.
TEXT_MAX = 20_000
# A search box.
SEARCH_MAX = 100
# A section of a briefing or of the public report, composed from many items' reports.
DOCUMENT_MAX = 100_000
# What an integer form field takes when it names no bound: a PostgreSQL `integer`.
INTEGER_MAX = 2**31 - 1

# C0 controls but tab, newline and carriage return; DEL; C1 controls.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
CONTROL_CHARACTERS = re.compile(f"[{_CONTROL}]")
# The same rule as a pattern the API schemas' string constraints use.
TEXT_PATTERN = f"^[^{_CONTROL}]*$"


def refuse_control_characters(value) -> None:
    """A validator: no NUL, no control characters other than \\n, \\r and \\t."""
    if not isinstance(value, str):
        return
    match = CONTROL_CHARACTERS.search(value)
    if match is None:
        return
    if match.group() == "\0":
        raise ValidationError(_("内容不能包含空字符(NUL)。"), code="null_characters_not_allowed")
    raise ValidationError(
        _("内容不能包含控制字符(换行、回车和制表符除外)。"), code="control_characters"
    )


def check_text(value, cap: int = TEXT_MAX) -> str:
    """`value` as a string, if it is one a person may have typed; else ValidationError."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("内容格式不正确。"), code="invalid")
    refuse_control_characters(value)
    if len(value) > cap:
        raise ValidationError(
            format_lazy(_("内容不能超过 {cap} 字(当前 {n} 字)。"), cap=cap, n=len(value)),
            code="max_length",
        )
    return value


def check_post(data, caps: dict[str, int] | None = None) -> None:
    """Every value of a submitted form (a QueryDict) under its cap (TEXT_MAX unless
    `caps` names the field) and free of control characters. Raises ValidationError,
    whose message names nothing the user did not type."""
    caps = caps or {}
    for name, values in data.lists():
        for value in values:
            check_text(value, caps.get(name, TEXT_MAX))


def parse_day(raw) -> datetime.date | None:
    """A YYYY-MM-DD date as a form sends it; None when empty. A malformed or impossible
    date (2018-02-30, 2018-13-01, 2019-02-29) is a ValidationError."""
    raw = check_text(raw, 40).strip()
    if not raw:
        return None
    try:
        value = parse_date(raw) if len(raw) <= 10 else None
    except ValueError:  # well formed, but no such day
        value = None
    if value is None:
        raise ValidationError(
            format_lazy(_("日期“{raw}”不正确,请按 年-月-日 填写一个存在的日期。"), raw=raw),
            code="invalid_date",
        )
    return value


def harden(field: forms.Field, cap: int = TEXT_MAX) -> None:
    """Give `field` the rules above: a length cap when it has none, no control
    characters, and bounds on integers."""
    if isinstance(field, forms.CharField):
        if field.max_length is None:
            field.max_length = cap
            field.validators.append(MaxLengthValidator(cap))
            field.widget.attrs.setdefault("maxlength", str(cap))
        # Ours instead of Django's NUL check: one message, in Chinese.
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        if refuse_control_characters not in field.validators:
            field.validators.append(refuse_control_characters)
    elif isinstance(field, forms.ModelChoiceField) and not getattr(field, "_hardened", False):
        # A choice is looked up by its key: a key past the database's integers is no
        # choice, not an OverflowError from the driver.
        field._hardened = True
        original = field.clean

        def clean(value, _original=original):
            values = value if isinstance(value, list | tuple) else [value]
            for raw in values:
                try:
                    key = int(str(raw).strip()) if raw is not None else None
                except ValueError:
                    continue  # not a number ('²' too): the field's own check says so
                if key is not None and abs(key) > INTEGER_MAX:
                    raise ValidationError(_("所选项不存在。"), code="invalid_choice")
            return _original(value)

        field.clean = clean
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.max_value = INTEGER_MAX
            field.validators.append(MaxValueValidator(INTEGER_MAX))
        if field.min_value is None:
            field.min_value = -INTEGER_MAX
            field.validators.append(MinValueValidator(-INTEGER_MAX))


class CleanInputs:
    """Mixed into every form (before forms.Form / forms.ModelForm): each field gets
    `harden()`. `input_caps` names the fields that may be longer than TEXT_MAX."""

    input_caps: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            harden(field, self.input_caps.get(name, TEXT_MAX))


class DateInput(forms.DateInput):
    """A browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
