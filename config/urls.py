from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("samvern.api.urls")),
    path("accounts/", include("samvern.accounts.urls")),
    path("audit/", include("samvern.trail.urls")),
    path("places/", include("samvern.places.urls")),
    path("plans/", include("samvern.plans.urls")),
    path("overview/", include("samvern.overview.urls")),
    path("partnerships/", include("samvern.partnerships.urls")),
    path("cases/", include("samvern.cases.urls")),
    path("cases/", include("samvern.trail.case_urls")),
    path("safety-plans/", include("samvern.safetyplans.urls")),
    path("checklists/", include("samvern.checklists.urls")),
    path("conferences/", include("samvern.conferences.urls")),
    path("risk/", include("samvern.risk.urls")),
    path("", include("samvern.core.urls")),
]
