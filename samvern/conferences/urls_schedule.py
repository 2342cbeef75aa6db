"""Schedule routes: the conference list and page, series and extra conferences, the
agenda, attendance, confidentiality and conflicts, holding a conference and bringing a
case back to one."""

from django.urls import URLPattern, path

from samvern.conferences import views_schedule as views

urlpatterns: list[URLPattern] = [
    path("", views.conference_list, name="list"),
    path("series/add/", views.series_add, name="series_add"),
    path("series/<uuid:series_id>/end/", views.series_end, name="series_end"),
    path("extra/add/", views.extra_add, name="extra_add"),
    path("<uuid:conference_id>/", views.conference_detail, name="detail"),
    path("<uuid:conference_id>/agenda/build/", views.agenda_build, name="agenda_build"),
    path("<uuid:conference_id>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("agenda/<uuid:item_id>/remove/", views.agenda_remove, name="agenda_remove"),
    path("agenda/<uuid:item_id>/move/", views.agenda_move, name="agenda_move"),
    path("agenda/<uuid:item_id>/urgent/", views.agenda_urgent, name="agenda_urgent"),
    path("agenda/<uuid:item_id>/conflict/", views.conflict, name="conflict"),
    path("<uuid:conference_id>/attendees/add/", views.attendee_add, name="attendee_add"),
    path("attendees/<uuid:attendee_id>/", views.attendance_set, name="attendance_set"),
    path("<uuid:conference_id>/confirm/", views.confirm, name="confirm"),
    path("<uuid:conference_id>/hold/", views.hold, name="hold"),
    path("<uuid:conference_id>/cancel/", views.cancel, name="cancel"),
    path("partnerships/<uuid:partnership_id>/statement/", views.statement, name="statement"),
    path("cases/<uuid:case_id>/bring-back/", views.bring_back, name="bring_back"),
]
