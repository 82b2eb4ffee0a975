"""Session limits and the first-sign-in password change, for every page.

- Idle timeout: a session unused for SESSION_IDLE_MINUTES ends (the last activity is
  written at most once a minute, so reading pages costs no write per request).
- Absolute lifetime: SESSION_COOKIE_AGE from sign-in, whatever the activity.
- A password set by someone else (User.must_change_password) must be changed before
  anything else: every page but the password page, sign-out and the language switch
  redirects there.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN = "zg_last_seen"
STARTED = "zg_started"
# Seconds between two writes of the last activity.
RESOLUTION = 60


def start_session(session) -> None:
    session[STARTED] = session[LAST_SEEN] = int(time.time())


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            session = request.session
            started = session.get(STARTED)
            last = session.get(LAST_SEEN)
            idle = settings.SESSION_IDLE_MINUTES * 60
            if started is None:
                session[STARTED] = session[LAST_SEEN] = now
            elif (last is not None and now - last > idle) or (
                now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(request, _("您长时间未操作,已自动退出,请重新登录。"))
                return redirect(f"{reverse('login')}?next={request.path}")
            elif last is None or now - last >= RESOLUTION:
                session[LAST_SEEN] = now
            if user.must_change_password and not _exempt(request.path):
                return redirect("own_password")
        return self.get_response(request)


def _exempt(path: str) -> bool:
    allowed = (reverse("own_password"), reverse("logout"), reverse("set_language"))
    return path in allowed or path.startswith(
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    )
