from django.urls import path

from zhenggai.api import records, views  # noqa: F401 — records registers its endpoints
from zhenggai.api.api import api
from zhenggai.indicators import api as _indicators_api  # noqa: F401 — GET /api/figures
from zhenggai.organisations import api as _oversight_api  # noqa: F401 — GET /api/v1/oversight

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="api_token_revoke"),
]
