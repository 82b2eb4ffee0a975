from django.urls import path

from zhenggai.api import records, views  # noqa: F401 — records registers its endpoints
from zhenggai.api.api import api

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="api_token_revoke"),
]
