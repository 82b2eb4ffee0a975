"""View guards: anonymous users go to the login page, signed-in users who fail the
rule get 403. The rules themselves are in zhenggai.access."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from zhenggai import access


def requires(check):
    """Guard a view with `check(user)`, one of the predicates of zhenggai.access."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# 整改办 only.
office_required = requires(access.is_office)

# The roles that read the whole ledger (整改办, 领导小组, 纪委监委, 上级整改办).
whole_ledger_required = requires(access.reads_whole_ledger)
