from django.urls import path

from samvern.cases import views, views_referrals

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("refer/", views.refer, name="refer"),
    path("referrals/", views_referrals.referrals_to_us, name="referrals_to_us"),
    path("referrals/mine/", views_referrals.my_referrals, name="my_referrals"),
    path(
        "referrals/settings/<uuid:partnership_id>/",
        views_referrals.referral_settings,
        name="referral_settings",
    ),
    path("referrals/<uuid:referral_id>/", views_referrals.referral_detail, name="referral"),
    path(
        "referrals/<uuid:referral_id>/accept/",
        views_referrals.accept_referral,
        name="accept_referral",
    ),
    path(
        "referrals/<uuid:referral_id>/decline/",
        views_referrals.decline_referral,
        name="decline_referral",
    ),
    path(
        "referrals/<uuid:referral_id>/withdraw/",
        views_referrals.withdraw_referral,
        name="withdraw_referral",
    ),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/summary/", views.case_summary, name="summary"),
    path("<uuid:case_id>/state/", views.transition, name="transition"),
    path("<uuid:case_id>/participants/add/", views.add_participant, name="add_participant"),
    path("<uuid:case_id>/persons/add/", views.add_person, name="add_person"),
    path("<uuid:case_id>/notes/add/", views.add_note, name="add_note"),
    path("<uuid:case_id>/documents/add/", views.add_document, name="add_document"),
    path("<uuid:case_id>/assessments/add/", views.add_assessment, name="add_assessment"),
    path("<uuid:case_id>/consents/", views.consents, name="consents"),
    path("<uuid:case_id>/export.docx", views.export_case, name="export"),
    path("persons/<uuid:person_id>/", views.person_detail, name="person"),
    path("persons/<uuid:person_id>/edit/", views.edit_person, name="edit_person"),
    path("persons/<uuid:person_id>/reveal-address/", views.reveal_address, name="reveal_address"),
    path("persons/<uuid:person_id>/match/", views.confirm_match, name="match"),
    path("items/<uuid:item_id>/", views.item_detail, name="item"),
    path("items/<uuid:item_id>/share/", views.share_item, name="share_item"),
    path("items/<uuid:item_id>/download/", views.download, name="download"),
    path("assessments/<uuid:assessment_id>/", views.assessment_detail, name="assessment"),
    path("consents/<uuid:consent_id>/withdraw/", views.withdraw_consent, name="withdraw_consent"),
]
