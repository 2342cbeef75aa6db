"""The person exposed's voice on the agenda case page: whether her wishes were heard, and
her wishes as recorded at the conference (views_voice)."""

from django.urls import URLPattern, path

from samvern.conferences import views_voice

urlpatterns: list[URLPattern] = [
    path(
        "items/<uuid:item_id>/wishes-heard/",
        views_voice.wishes_heard_save,
        name="wishes_heard_save",
    ),
    path("items/<uuid:item_id>/wishes/", views_voice.wishes_save, name="wishes_save"),
]
