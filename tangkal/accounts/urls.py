from django.urls import path

from tangkal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("akun/masuk/", views.login_view, name="login"),
    path("akun/keluar/", views.logout_view, name="logout"),
    path("akun/lupa-sandi/", views.password_reset_view, name="password_reset"),
    path("akun/lupa-sandi/terkirim/", views.password_reset_done_view, name="password_reset_done"),
    path("akun/lupa-sandi/selesai/", views.password_reset_complete_view, name="password_reset_complete"),
    path("akun/lupa-sandi/<uidb64>/<token>/", views.password_reset_confirm_view, name="password_reset_confirm"),
    path("akun/2fa/pasang/", views.two_factor_setup, name="2fa_setup"),
    path("akun/2fa/verifikasi/", views.two_factor_verify, name="2fa_verify"),
    path("akun/email/", views.email_change, name="email_change"),
    path("akun/email/konfirmasi/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("akun/token-api/", views.api_tokens, name="api_tokens"),
    path("akun/token-api/<uuid:public_id>/cabut/", views.api_token_revoke, name="api_token_revoke"),
]
