from ninja import Router, Schema

router = Router(tags=["akun"])
PREFIX = "/accounts"


class MeOut(Schema):
    email: str
    full_name: str
    role: str
    agency_code: str | None = None


@router.get("/me", response=MeOut, summary="Pengguna yang sedang masuk")
def me(request):
    user = request.user
    return {"email": user.email, "full_name": user.full_name, "role": user.role,
            "agency_code": user.agency.code if user.agency_id else None}
