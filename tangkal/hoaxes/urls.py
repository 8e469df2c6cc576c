app_name = "hoaxes"
urlpatterns: list = []
