"""`{% url %}` with the reversed paths remembered (a template builtin, settings.TEMPLATES).

Django's reverse() matches the arguments against each candidate pattern every time: a
ledger page reverses some 90 links (the menu, the counts, a link per row), a sixth of
its rendering. The URLconf does not change while a process runs, so a path reversed
once — for the same view, arguments, namespace, script prefix and URLconf — is the
same path next time. Only arguments that are plain ints and strings are remembered;
anything else is reversed as Django does. A failed reverse is never remembered.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

# Exact types: True == 1 but reverses to another path.
PLAIN = (int, str)


@lru_cache(maxsize=8192)
def _remembered(view_name, args, kwargs, current_app, prefix, urlconf):
    return reverse(
        view_name, args=args, kwargs=dict(kwargs), current_app=current_app, urlconf=urlconf
    )


def cached_reverse(view_name, args, kwargs, current_app):
    values = (view_name, current_app, *args, *kwargs.values())
    if all(v is None or type(v) in PLAIN for v in values):
        return _remembered(
            view_name,
            tuple(args),
            tuple(sorted(kwargs.items())),
            current_app,
            get_script_prefix(),
            # The request's URLconf, else the settings' (which a test may override).
            get_urlconf() or settings.ROOT_URLCONF,
        )
    return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)


class CachedURLNode(URLNode):
    def render(self, context):
        # Django's URLNode.render, with cached_reverse for reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
