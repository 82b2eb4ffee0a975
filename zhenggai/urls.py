from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from zhenggai.dashboard.views import dashboard

admin.site.site_header = _("整改工作管理系统")
admin.site.site_title = _("整改")
admin.site.index_title = _("后台管理")

urlpatterns = [
    path("", dashboard, name="home"),
    path("", include("zhenggai.ledger.urls")),
    path("", include("zhenggai.items.urls")),
    path("", include("zhenggai.units.urls")),
    path("", include("zhenggai.audit.urls")),
    path("", include("zhenggai.spreadsheet.urls")),
    path("", include("zhenggai.inspections.urls")),
    path("", include("zhenggai.feedback.urls")),
    path("", include("zhenggai.search.urls")),
    path("", include("zhenggai.publication.urls")),
    path("", include("zhenggai.meetings.urls")),
    path("", include("zhenggai.accountability.urls")),
    path("", include("zhenggai.briefings.urls")),
    path("", include("zhenggai.indicators.urls")),
    path("rhythm/", include("zhenggai.rhythm.urls")),
    path("oversight/", include("zhenggai.organisations.urls")),
    path("", include("zhenggai.organisations.manage_urls")),
    path("inbox/", include("zhenggai.inbox.urls")),
    path("", include("zhenggai.accounts.urls")),
    path("", include("zhenggai.todo.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("zhenggai.api.urls")),
]
