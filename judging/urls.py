from django.urls import path

from judging import award_views, open_data, run_exports, sponsor_views, views

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
    path("judging/awards/runs/<int:pk>/policy.json", run_exports.policy, name="award_run_policy"),
    path(
        "judging/awards/runs/<int:pk>/entries.json", run_exports.entries, name="award_run_entries"
    ),
    path("judging/awards/runs/<int:pk>/result.json", run_exports.result, name="award_run_result"),
    path("results/<int:page_id>/", award_views.results, name="results"),
    path("results/<int:page_id>/results.csv", open_data.call_results_csv, name="call_results_csv"),
    path(
        "results/<int:page_id>/results.json", open_data.call_results_json, name="call_results_json"
    ),
    path("open-data/results.csv", open_data.results_csv, name="results_csv"),
    path("open-data/results.json", open_data.results_json, name="results_json"),
    path(
        "results/<int:page_id>/appeals/<int:decision_id>/",
        award_views.appeal,
        name="appeal",
    ),
    path("stripe/webhook/", award_views.stripe_webhook, name="stripe_webhook"),
    path("sponsors/", sponsor_views.sponsor_home, name="sponsor_home"),
    path("sponsors/thanks/", sponsor_views.sponsor_thanks, name="sponsor_thanks"),
    path("sponsors/<int:organisation_id>/", sponsor_views.sponsor_new, name="sponsor_new"),
    path("payouts/<int:organisation_id>/", award_views.payee, name="payee"),
    path("payouts/<int:organisation_id>/stripe/", award_views.payee_onboard, name="payee_onboard"),
    path(
        "payouts/<int:organisation_id>/stripe/refresh/",
        award_views.payee_refresh,
        name="payee_refresh",
    ),
    path(
        "payouts/<int:organisation_id>/stripe/return/",
        award_views.payee_return,
        name="payee_return",
    ),
]
