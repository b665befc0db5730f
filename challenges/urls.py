from django.urls import path

from challenges import views

app_name = "challenges"

# The app's pages; included by cms/urls.py inside i18n_patterns, before Wagtail's catch-all.
urlpatterns: list = [
    path("search/", views.search, name="search"),
    path("calendar.ics", views.calendar_all, name="calendar"),
    path("calendar/<int:page_id>.ics", views.calendar_call, name="call_calendar"),
    path("open-data/problems.json", views.problems_json, name="problems_json"),
    path("open-data/problems.csv", views.problems_csv, name="problems_csv"),
]
