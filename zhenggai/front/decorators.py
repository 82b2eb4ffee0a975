from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def office_required(view):
    """整改办 only: anonymous users go to the login page, other roles get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_office:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def whole_ledger_required(view):
    """The roles that read the whole ledger (整改办, 领导小组, 纪委监委, 上级整改办):
    anonymous users go to the login page, a unit's people get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.sees_whole_ledger:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
