from django.urls import URLPattern, path

from samvern.conferences import views_statistics

urlpatterns: list[URLPattern] = [
    path("statistics/", views_statistics.statistics, name="statistics"),
    path("statistics/csv/", views_statistics.statistics_csv, name="statistics_csv"),
]
