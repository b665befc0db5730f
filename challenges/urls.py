app_name = "challenges"

# The app's pages; included by cms/urls.py inside i18n_patterns, before Wagtail's catch-all.
urlpatterns: list = []
