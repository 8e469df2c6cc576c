"""Independent verification of a credential against this deployment's did:web and status lists.

Nothing is fetched over the network: the DID document and the status lists are the ones this
deployment publishes, read the same way the public endpoints serve them. A credential issued by
any other DID fails the signature check with a message saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tangkal.badges import issuer
from tangkal.badges.crypto.credential import verify_credential
from tangkal.badges.crypto.results import Check, CheckStatus, VerificationResult
from tangkal.badges.models import StatusList

_STATUS_PATH = re.compile(r"/lencana/status/(revocation|suspension)/([1-9][0-9]{0,8})")


def local_status_list(url: str) -> dict[str, Any]:
    """The signed status list credential this deployment publishes at `url`."""
    if not url.startswith(settings.SITE_URL + "/"):
        raise ValueError(f"{url} is not published by this deployment ({settings.SITE_URL})")
    match = _STATUS_PATH.fullmatch(url[len(settings.SITE_URL):])
    if match is None:
        raise ValueError(f"{url} is not a status list address of this deployment")
    status_list = StatusList.objects.filter(purpose=match[1], number=int(match[2])).first()
    if status_list is None:
        raise ValueError(f"status list {url} does not exist")
    if status_list.credential is None:
        from tangkal.badges.status_lists import status_list_publish

        status_list = status_list_publish(status_list=status_list)
    return status_list.credential


def _resolver():
    own_did = issuer.site_did()
    own_keys = issuer.local_key_resolver()

    def resolve(method: str):
        did = method.split("#", 1)[0]
        if did != own_did:
            raise ValueError(f"issuer {did} is not this deployment ({own_did}); only local did:web is resolved")
        return own_keys(method)

    return resolve


def clock() -> datetime:
    return timezone.now()


def verify(credential: Any, *, now: datetime | None = None) -> VerificationResult:
    return verify_credential(credential=credential, resolve_key=_resolver(), fetch_status_list=local_status_list,
                             now=now or clock())


# --- the verdict in words ------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    state: str  # valid, tampered, invalid, expired, not_yet_valid, revoked, suspended, unverifiable
    failed_check: str | None
    failed_code: str | None


def verdict(result: VerificationResult) -> Verdict:
    """One word for the whole result; the first failure in this order decides it."""
    failures = {check.name: check for check in result.failures}
    order = [
        ("structure", None), ("signature", None), ("status:revocation", "revoked"),
        ("status:suspension", "suspended"), ("validity_period", None),
    ]
    for name, state in order:
        check = failures.get(name)
        if check is None:
            continue
        if state is None:
            state = {"signature_invalid": "tampered", "expired": "expired", "not_yet_valid": "not_yet_valid",
                     "canonicalization_failed": "tampered"}.get(check.code, "invalid")
        elif check.code not in {"revoked", "suspended"}:
            state = "unverifiable"
        return Verdict(state, check.name, check.code)
    if result.failures:
        check = result.failures[0]
        return Verdict("invalid", check.name, check.code)
    if not result.ok:
        return Verdict("unverifiable", None, None)
    return Verdict("valid", None, None)


def check_label(name: str) -> str:
    return {
        "structure": _("Struktur kredensial"),
        "signature": _("Tanda tangan digital"),
        "validity_period": _("Masa berlaku"),
        "status:revocation": _("Status pencabutan"),
        "status:suspension": _("Status penangguhan"),
    }.get(name, name)


def check_explanation(check: Check) -> str:
    """A sentence in the reader's language for one check (the English detail stays in `message`)."""
    if check.ok:
        return _("Lolos.")
    if check.status == CheckStatus.SKIPPED:
        return _("Tidak diperiksa.")
    return {
        "structure_invalid": _("Kredensial tidak lengkap atau bentuknya salah."),
        "signature_invalid": _("Tanda tangan tidak cocok: isi kredensial telah diubah setelah ditandatangani."),
        "canonicalization_failed": _("Isi kredensial tidak dapat diproses sehingga tanda tangan tidak dapat diperiksa."),
        "verification_method_unknown": _("Kunci penanda tangan tidak dikenal oleh penerbit."),
        "verification_method_unresolvable": _("Penerbit kredensial ini bukan Tangkal di alamat ini."),
        "verification_method_mismatch": _("Kredensial ditandatangani dengan kunci milik pihak lain."),
        "proof_missing": _("Kredensial tidak memiliki tanda tangan digital."),
        "expired": _("Masa berlaku lencana telah habis."),
        "not_yet_valid": _("Lencana belum mulai berlaku."),
        "revoked": _("Lencana telah dicabut oleh penerbit."),
        "suspended": _("Lencana sedang ditangguhkan oleh penerbit."),
        "status_list_unavailable": _("Daftar status tidak dapat dibaca."),
    }.get(check.code) or _("Pemeriksaan gagal (%(code)s).") % {"code": check.code}


def state_label(state: str) -> str:
    return {
        "valid": _("SAH"),
        "active": _("AKTIF"),
        "tampered": _("DIUBAH — TIDAK SAH"),
        "invalid": _("TIDAK SAH"),
        "expired": _("KEDALUWARSA"),
        "not_yet_valid": _("BELUM BERLAKU"),
        "revoked": _("DICABUT"),
        "suspended": _("DITANGGUHKAN"),
        "superseded": _("DIPERBARUI"),
        "unverifiable": _("TIDAK DAPAT DIPERIKSA"),
    }.get(state, state.upper())


def result_as_dict(result: VerificationResult) -> dict[str, Any]:
    decided = verdict(result)
    return {
        "ok": result.ok,
        "state": decided.state,
        "state_label": state_label(decided.state),
        "failed_check": decided.failed_check,
        "failed_code": decided.failed_code,
        "checks": [
            {"name": check.name, "label": check_label(check.name), "status": check.status.value, "code": check.code,
             "explanation": check_explanation(check), "message": check.message}
            for check in result.checks
        ],
    }
