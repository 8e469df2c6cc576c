app_name = "influencers"
urlpatterns: list = []
