"""The form renderer (settings.FORM_RENDERER): Django's, with its commonest widgets —
select, text-like inputs, textarea — written in Python.

Django draws a <select> by including a template per option: the ledger's unit filters
and the item page's assignment form (every unit, twice) spent a fifth of their time
there. The markup is byte for byte Django's own (tests/lib/test_it_renders_widgets_as_django.py
compares them); any other widget, or one with a template of its own, goes to Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

W = "django/forms/widgets/"
# Widgets whose template is `{% include "…/input.html" %}` and a newline.
INPUTS = {
    f"{W}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}


def _attrs(attrs) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


def _input(w) -> str:
    value = w["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(w["type"])}" name="{conditional_escape(w["name"])}"'
        f"{shown}{_attrs(w['attrs'])}>\n"
    )


def _select(w) -> str:
    out = [f'<select name="{conditional_escape(w["name"])}"{_attrs(w["attrs"])}>']
    for group_name, options, _index in w["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for o in options:
            out.append(
                f'\n  <option value="{conditional_escape(str(o["value"]))}"{_attrs(o["attrs"])}>'
                f"{conditional_escape(o['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _textarea(w) -> str:
    value = w["value"]
    return (
        f'<textarea name="{conditional_escape(w["name"])}"{_attrs(w["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>\n"
    )


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and widget.get("template_name") == template_name:
            # Stripped, as Django strips what its templates give.
            if template_name == f"{W}select.html":
                return _select(widget).strip()
            if template_name in INPUTS:
                return _input(widget).strip()
            if template_name == f"{W}textarea.html":
                return _textarea(widget).strip()
        return super().render(template_name, context, request)
