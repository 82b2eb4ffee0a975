"""{% url %} remembers the paths it reversed (zhenggai/lib/urltag.py): the same paths
as Django's reverse(), for every kind of argument, namespace and script prefix."""

import pytest
from django.template import Context, Engine
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from zhenggai.lib.urltag import CachedURLNode, _remembered


def render(source, **context):
    return Engine.get_default().from_string(source).render(Context(context))


def test_the_project_templates_use_it():
    template = Engine.get_default().from_string("{% url 'ledger' %}")
    assert any(isinstance(n, CachedURLNode) for n in template.nodelist)


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{% url 'ledger' %}", {}, lambda: reverse("ledger")),
        ("{% url 'task' pk %}", {"pk": 7}, lambda: reverse("task", args=[7])),
        ("{% url 'task' pk %}", {"pk": "8"}, lambda: reverse("task", args=["8"])),
        ("{% url 'task' pk=pk %}", {"pk": 9}, lambda: reverse("task", kwargs={"pk": 9})),
        ("{% url 'meetings:meetings' %}", {}, lambda: reverse("meetings:meetings")),
    ],
)
def test_it_gives_django_s_paths(db, source, context, expected):
    for _ in range(2):  # reversed, then remembered
        assert render(source, **context) == expected()


def test_it_does_not_mix_up_equal_arguments_of_other_types():
    class LooksLikeOne:
        """Equal to 1 and hashed as 1 (as True is, or a saved row of key 1), and
        reversed as what str() gives."""

        def __eq__(self, other):
            return other == 1

        def __hash__(self):
            return hash(1)

        def __str__(self):
            return "2"

    assert render("{% url 'task' pk %}", pk=1) == reverse("task", args=[1])
    assert render("{% url 'task' pk %}", pk=LooksLikeOne()) == reverse("task", args=[2])


def test_it_follows_the_script_prefix():
    plain = render("{% url 'ledger' %}")
    set_script_prefix("/zhenggai/")
    try:
        assert render("{% url 'ledger' %}") == "/zhenggai" + plain
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert render("{% url 'ledger' %}") == plain


def test_it_keeps_django_s_errors_and_as_var():
    before = _remembered.cache_info().currsize
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")
    assert render("{% url 'no-such-page' as x %}[{{ x }}]") == "[]"
    assert render("{% url 'ledger' as x %}<{{ x }}>") == f"<{reverse('ledger')}>"
    assert _remembered.cache_info().currsize <= before + 1


def test_it_renders_as_django_s_own_tag():
    source = "<a href=\"{% url 'task' pk %}?q={{ q }}\">{% url 'search' %}</a>"
    context = {"pk": 3, "q": "<x>"}
    django_only = Engine()  # Django's builtins alone
    assert not any(isinstance(n, CachedURLNode) for n in django_only.from_string(source).nodelist)
    assert render(source, **context) == django_only.from_string(source).render(Context(context))
