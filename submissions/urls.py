from django.urls import path

from submissions import views

app_name = "submissions"

# The app's pages; included by cms/urls.py inside i18n_patterns, before Wagtail's catch-all.
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/invite/", views.organisation_invite, name="organisation_invite"),
    path(
        "organisations/<int:pk>/transfer/",
        views.organisation_transfer,
        name="organisation_transfer",
    ),
    path(
        "organisations/<int:pk>/members/<int:membership_id>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "organisations/<int:pk>/members/<int:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("participant/", views.participant_profile, name="participant"),
    path("guardian-consent/<str:token>/", views.guardian_consent, name="guardian_consent"),
    path("calls/<int:page_id>/submit/", views.call_start, name="call_start"),
    path("calls/<int:page_id>/questions/", views.clarification_ask, name="clarification_ask"),
    path("submissions/", views.submission_list, name="list"),
    path("submissions/<int:pk>/", views.submission_detail, name="detail"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="edit"),
    path("submissions/<int:pk>/autosave/", views.submission_autosave, name="autosave"),
    path(
        "submissions/<int:pk>/earlier-versions/<int:snapshot_id>/restore/",
        views.submission_restore_draft,
        name="restore_draft",
    ),
    path("submissions/csrf-token/", views.csrf_token, name="csrf_token"),
    path("submissions/<int:pk>/review/", views.submission_review, name="review"),
    path("submissions/<int:pk>/withdraw/", views.submission_withdraw, name="withdraw"),
    path("submissions/<int:pk>/team/", views.team_member_add, name="team_member_add"),
    path(
        "submissions/<int:pk>/team/<int:member_id>/remove/",
        views.team_member_remove,
        name="team_member_remove",
    ),
    path("team-confirmation/<str:token>/", views.team_confirmation, name="team_confirmation"),
    path("submissions/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "submissions/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "submissions/<int:pk>/attachments/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "submissions/<int:pk>/versions/<int:number>/",
        views.version_detail,
        name="version",
    ),
]
