from django.urls import path

app_name = "submissions"

urlpatterns: list = [
    # path("...", views.something, name="something"),
]
