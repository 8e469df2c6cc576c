from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from tangkal.core.models import PublicIdModel, TimeStampedModel


class Region(models.Model):
    """Province, regency (kabupaten) or city (kota) with its Kemendagri code, e.g. 32 or 32.73."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten")
        CITY = "city", _("Kota")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]


class Agency(TimeStampedModel):
    """An instansi: a ministry, an agency, or a provincial, regency or city government."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Kementerian")
        AGENCY = "agency", _("Lembaga")
        PROVINCE = "province", _("Pemerintah Provinsi")
        REGENCY = "regency", _("Pemerintah Kabupaten")
        CITY = "city", _("Pemerintah Kota")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="agencies",
        help_text=_("Wilayah pemerintah daerah; kosong untuk instansi pusat."),
    )
    email_domains = models.CharField(
        _("domain email"), max_length=400, default="go.id",
        help_text=_("Domain email kerja yang diterima, dipisah koma; subdomain ikut diterima."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name

    def accepts_email(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].lower().strip()
        for allowed in (d.strip().lower() for d in self.email_domains.split(",") if d.strip()):
            if domain == allowed or domain.endswith("." + allowed):
                return True
        return False


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin program")
    COORDINATOR = "coordinator", _("Koordinator instansi")
    VERIFIER = "verifier", _("Verifikator")
    INFLUENCER = "influencer", _("Influencer ASN")


STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.VERIFIER})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.INFLUENCER)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("instansi"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin Django"), default=False)
    date_joined = models.DateTimeField(_("bergabung"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="coordinator_has_agency",
                condition=~Q(role="coordinator") | Q(agency__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_programme_admin(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def is_verifier(self) -> bool:
        return self.is_active and self.role == Role.VERIFIER

    @property
    def is_influencer(self) -> bool:
        return self.is_active and self.role == Role.INFLUENCER

    @property
    def needs_two_factor(self) -> bool:
        return self.role in STAFF_ROLES

    def _get_session_auth_hash(self, secret=None):
        # Django derives it from the password alone; with the email in it too, "Ganti email" ends the
        # account's other sessions (the cache session store cannot list them). Current and fallback
        # secret keys both pass through here.
        key_salt = "tangkal.accounts.User.session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}\x00{self.email.lower()}", secret=secret,
                           algorithm="sha256").hexdigest()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class APIToken(PublicIdModel):
    """A bearer token for the REST API. Only its SHA-256 is stored; the raw value is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Baca")
        WRITE = "write", _("Baca dan tulis")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("cakupan"), max_length=5, choices=Scope.choices, default=Scope.READ)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user: User, name: str, scope: str = Scope.READ) -> tuple[APIToken, str]:
        raw = "tgk_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=raw[4:12], token_hash=hash_token(raw), scope=scope
        )
        return token, raw
