"""Headers every response carries: a strict Content-Security-Policy (no inline script,
nothing from another origin, no framing). The other security headers
(X-Content-Type-Options, Referrer-Policy, X-Frame-Options, HSTS) are Django's own,
configured in settings.py."""

# Styles may be inline (the server-drawn SVG charts carry style attributes); scripts may
# not: every script is a file under /static/.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        # Django's own middlewares set these on the pages; a static file (served by
        # WhiteNoise before them) gets them here.
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("X-Frame-Options", "DENY")
        return response
