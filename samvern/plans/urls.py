from django.urls import include, path

from samvern.plans import following_views, views, views_council_report

app_name = "plans"

version = "<uuid:plan_id>/v/<uuid:version_id>/"
round_ = version + "rounds/<uuid:round_id>/"

urlpatterns = [
    path("registry/", include("samvern.plans.registry_urls")),
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("my-measures/", views.my_measures, name="my_measures"),
    path("overdue/", views.overdue, name="overdue"),
    path("invitations/<uuid:invitation_id>/", views.invitation, name="invitation"),
    path("<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("<uuid:plan_id>/invite/", views.invite_co_owner, name="invite_co_owner"),
    path("<uuid:plan_id>/public/", views.public_plan, name="public_plan"),
    path(
        "<uuid:plan_id>/public/plan.<str:fmt>",
        views.public_document,
        name="public_document",
    ),
    path("<uuid:plan_id>/public/follow/", following_views.follow, name="follow"),
    path("<uuid:plan_id>/public/follow/sent/", following_views.follow_sent, name="follow_sent"),
    path("follow/confirm/<str:token>/", following_views.confirm, name="follow_confirm"),
    path(
        "follow/unsubscribe/<uuid:follower_id>/<str:token>/",
        following_views.unsubscribe,
        name="follow_unsubscribe",
    ),
    path(version, views.version_detail, name="version"),
    path(version + "transition/", views.version_transition, name="transition"),
    path(version + "mandate/", views.mandate, name="mandate"),
    path(version + "mandate/save/", views.mandate_save, name="mandate_save"),
    path(
        version + "mandate/councils/<str:code>/",
        views.council_mandate_save,
        name="council_mandate_save",
    ),
    path(version + "adoptions/freeze/", views.freeze, name="freeze"),
    path(version + "adoptions/unfreeze/", views.unfreeze, name="unfreeze"),
    path(version + "mandate/members/", views.member_add, name="member_add"),
    path(
        version + "mandate/members/<uuid:member_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(version + "mandate/milestones/", views.milestone_add, name="milestone_add"),
    path(version + "mapping/", views.mapping, name="mapping"),
    path(version + "areas/", views.areas, name="areas"),
    path(version + "goals/", views.goals, name="goals"),
    path(version + "goals/<uuid:goal_id>/", views.goal_edit, name="goal_edit"),
    path(version + "goals/<uuid:goal_id>/indicator/", views.goal_detail, name="goal"),
    path(
        version + "goals/<uuid:goal_id>/indicator/<uuid:measurement_id>/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(version + "measures/", views.measures, name="measures"),
    path(version + "measures/import/", views.measure_import, name="measure_import"),
    path(version + "measures/renumber/", views.measure_renumber, name="measure_renumber"),
    path(version + "measures/<uuid:measure_id>/", views.measure_edit, name="measure_edit"),
    path(version + "period/", views.period, name="period"),
    path(version + "consultation/", views.consultation, name="consultation"),
    path(version + "consultation/period/", views.consultation_period, name="consultation_period"),
    path(
        version + "consultation/responses/",
        views.consultation_response,
        name="consultation_response",
    ),
    path(
        version + "consultation/responses/<uuid:response_id>/weigh/",
        views.consultation_weigh,
        name="consultation_weigh",
    ),
    path(version + "quality/", views.quality, name="quality"),
    path(version + "adoptions/", views.adoptions, name="adoptions"),
    path(version + "rounds/", views.rounds, name="rounds"),
    path(round_, views.round_detail, name="round"),
    path(round_ + "open/", views.round_open, name="round_open"),
    path(round_ + "close/", views.round_close, name="round_close"),
    path(
        round_ + "measures/<uuid:measure_id>/report/",
        views.round_report,
        name="round_report",
    ),
    path(round_ + "report/", views_council_report.council_report, name="council_report"),
    path(
        round_ + "report.<str:fmt>",
        views_council_report.council_report_file,
        name="council_report_file",
    ),
    path(round_ + "summary/", views_council_report.round_narrative, name="round_narrative"),
    path(version + "evaluations/<str:kind>/", views.evaluation, name="evaluation"),
    path(version + "evaluations/<str:kind>/save/", views.evaluation_save, name="evaluation_save"),
    path(version + "revise/", views.revise, name="revise"),
    path(version + "diff/", views.diff, name="diff"),
    path(version + "plan.<str:fmt>", views.document, name="document"),
    path(version, include("samvern.plans.urls_guideline")),
]
