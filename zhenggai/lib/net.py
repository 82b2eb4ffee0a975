"""The client's address, the same way for every rule that counts by it (the feedback
form's rate limit, the sign-in lockout)."""

from django.conf import settings


def client_address(request) -> str:
    """The sender's address. Behind a reverse proxy REMOTE_ADDR is the proxy's own, so
    the setting names the header the proxy fills (e.g. HTTP_X_REAL_IP); of a list, the
    last entry is the one our proxy added — earlier ones are whatever the client sent."""
    if request is None:
        return "unknown"
    header = getattr(settings, "CLIENT_IP_HEADER", "REMOTE_ADDR") or "REMOTE_ADDR"
    raw = request.META.get(header) or request.META.get("REMOTE_ADDR") or ""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    return parts[-1][:64] if parts else "unknown"
