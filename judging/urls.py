from django.urls import path

from judging import award_views, views

app_name = "judging"

# The app's pages; included by cms/urls.py inside i18n_patterns, before Wagtail's catch-all.
urlpatterns = [
    path("judging/", views.home, name="home"),
    path("judging/profile/", views.profile, name="profile"),
    path("judging/panels/<int:panel_id>/conflicts/", views.conflicts, name="conflicts"),
    path("judging/assignments/<int:pk>/", views.review, name="review"),
    path("judging/assignments/<int:pk>/autosave/", views.autosave, name="autosave"),
    path(
        "judging/assignments/<int:pk>/attachments/<int:number>/",
        views.attachment,
        name="attachment",
    ),
    path("judging/reviews/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("judging/rounds/<int:pk>/", views.dashboard, name="dashboard"),
    path("judging/rounds/<int:pk>/export/<str:by>.<str:fmt>", views.export, name="export"),
    path(
        "judging/rounds/<int:pk>/entries/<int:submission_id>/notes/",
        views.consensus_note,
        name="consensus_note",
    ),
    path("judging/invitations/<str:token>/", views.invitation, name="invitation"),
    path("judging/awards/", award_views.policies, name="award_policies"),
    path("judging/awards/policies/<int:pk>/", award_views.policy, name="award_policy"),
    path("judging/awards/runs/<int:pk>/", award_views.run, name="award_run"),
    path("results/<int:page_id>/", award_views.results, name="results"),
    path(
        "results/<int:page_id>/appeals/<int:decision_id>/",
        award_views.appeal,
        name="appeal",
    ),
    path("stripe/webhook/", award_views.stripe_webhook, name="stripe_webhook"),
]
