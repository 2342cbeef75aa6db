from django.urls import URLPattern, path

from samvern.voice import views

app_name = "voice"
urlpatterns: list[URLPattern] = [
    path("cases/<uuid:case_id>/", views.case_voice, name="case"),
    path("cases/<uuid:case_id>/advocate/", views.advocate, name="advocate"),
    path("persons/<uuid:person_id>/wishes/", views.wishes, name="wishes"),
    path("advocates/<uuid:advocate_id>/end/", views.advocate_end, name="advocate_end"),
]
