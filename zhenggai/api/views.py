"""/api/tokens/: a user makes and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhenggai.api.models import ApiToken
from zhenggai.lib import confirm
from zhenggai.lib.inputs import check_text

# Enough for any honest use; a bound on what one account can pile up.
MAX_ACTIVE_TOKENS = 20
NAME_MAX = ApiToken._meta.get_field("name").max_length


def _name_error(name) -> str | None:
    try:
        check_text(name, NAME_MAX)
    except ValidationError as exc:
        return exc.messages[0]
    if not name:
        return _("请填写令牌名称,例如用途或设备。")
    return None


@require_http_methods(["GET", "POST"])
@login_required
def tokens(request):
    """The user's tokens. POST makes one, whose key is shown on this response only."""
    context = {"new_key": None, "error": None, "name": ""}
    status = 200
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()
        error = _name_error(name)
        if error:
            context["error"], status = error, 422
        elif ApiToken.objects.active().filter(user=request.user).count() >= MAX_ACTIVE_TOKENS:
            context["error"], status = _("有效令牌已达上限,请先撤销不用的令牌。"), 422
        else:
            token, key = ApiToken.issue(request.user, name)
            context["new_key"], context["new_token"], status = key, token, 201
        context["name"] = name if context["error"] else ""
    context["tokens"] = ApiToken.objects.filter(user=request.user)
    response = render(request, "api/tokens.html", context, status=status)
    # The page may carry a key: no cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.is_active and (
        page := confirm.ask(
            request,
            title=_("撤销令牌"),
            subject=_("令牌“%(name)s”(%(prefix)s…)") % {"name": token.name, "prefix": token.prefix},
            consequences=[
                _("使用该令牌的程序立即无法再访问接口;"),
                _("令牌不能恢复,如需继续使用须另行签发。"),
            ],
            back=reverse("api_tokens"),
        )
    ):
        return page
    token.revoke(request.user)
    messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
    return redirect(reverse("api_tokens"))
