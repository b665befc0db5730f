from django.urls import path

app_name = "judging"

urlpatterns: list = [
    # path("...", views.something, name="something"),
]
