app_name = "connectors"
urlpatterns: list = []
