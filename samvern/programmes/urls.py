from django.urls import URLPattern, path

from samvern.programmes import views

app_name = "programmes"
urlpatterns: list[URLPattern] = [
    path("", views.referral_list, name="list"),
    path("cases/<uuid:case_id>/refer/", views.refer, name="refer"),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/intake/", views.intake, name="intake"),
    path("<uuid:referral_id>/sessions/", views.session, name="session"),
    path("<uuid:referral_id>/end/", views.end, name="end"),
]
