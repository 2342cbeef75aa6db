from django.urls import path

from samvern.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path(
        "two-factor/backup-codes/new/",
        views.backup_codes_regenerate,
        name="backup_codes_regenerate",
    ),
    path("two-factor/replace/", views.authenticator_replace, name="authenticator_replace"),
    path("me/", views.account, name="account"),
    path("me/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("me/api-token/", views.api_token_issue, name="api_token_issue"),
    path("me/api-tokens/<uuid:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("me/organisation/", views.switch_organisation, name="switch_organisation"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("organisations/<uuid:organisation_id>/members/", views.members, name="members"),
    path("organisations/<uuid:organisation_id>/members/add/", views.member_add, name="member_add"),
    path(
        "organisations/<uuid:organisation_id>/members/<uuid:membership_id>/",
        views.membership_edit,
        name="membership_edit",
    ),
    path(
        "organisations/<uuid:organisation_id>/members/<uuid:membership_id>/deactivate/",
        views.membership_deactivate,
        name="membership_deactivate",
    ),
    path(
        "organisations/<uuid:organisation_id>/members/<uuid:membership_id>/reactivate/",
        views.membership_reactivate,
        name="membership_reactivate",
    ),
    path(
        "organisations/<uuid:organisation_id>/members/<uuid:membership_id>/invitation/",
        views.invitation_resend,
        name="invitation_resend",
    ),
]
