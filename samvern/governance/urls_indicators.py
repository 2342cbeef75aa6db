"""Routes of the partnership's indicators and annual report, added to governance's urls."""

from django.urls import path

from samvern.governance import views_indicators as views

urlpatterns = [
    path("p/<uuid:partnership_id>/indicators/", views.indicators_page, name="indicators"),
    path("p/<uuid:partnership_id>/indicators.csv", views.indicators_csv, name="indicators_csv"),
    path("p/<uuid:partnership_id>/indicators.json", views.indicators_json, name="indicators_json"),
    path(
        "p/<uuid:partnership_id>/annual-report.pdf",
        views.annual_report_pdf,
        name="annual_report_pdf",
    ),
    path(
        "p/<uuid:partnership_id>/annual-report.docx",
        views.annual_report_docx,
        name="annual_report_docx",
    ),
]
