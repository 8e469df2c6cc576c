app_name = "badges"
urlpatterns: list = []
