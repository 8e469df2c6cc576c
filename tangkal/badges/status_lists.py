"""Bitstring status lists: index allocation, bit changes and (re)publication.

Every bit change re-signs the list inside the same transaction, so the published list and the
badge rows can never disagree; `status_lists_publish_pending` only catches up after a crash or
a key rotation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from tangkal.badges import issuer
from tangkal.badges.crypto.eddsa_rdfc_2022 import sign_document
from tangkal.badges.crypto.status_list import StatusList as Bits
from tangkal.badges.crypto.status_list import build_status_list_credential
from tangkal.badges.models import StatusList


def status_list_url(status_list: StatusList) -> str:
    path = reverse("badges:status_list", kwargs={"purpose": status_list.purpose, "number": status_list.number})
    return settings.SITE_URL + path


def _empty(size: int) -> str:
    return Bits(size=size).encode()


@transaction.atomic
def status_index_allocate(*, purpose: str) -> tuple[StatusList, int]:
    """Hand out the next free index of a list with room, opening a new list when all are full.

    The row lock (PostgreSQL) or the write transaction (SQLite, BEGIN IMMEDIATE) makes two
    concurrent issuers wait for each other, so an index is never given out twice; the unique
    constraints on Badge are the last line of defence.
    """
    for _attempt in range(5):
        status_list = (
            StatusList.objects.select_for_update()
            .filter(purpose=purpose, next_index__lt=F("size"))
            .order_by("number")
            .first()
        )
        if status_list is None:
            number = (StatusList.objects.filter(purpose=purpose).aggregate(n=Max("number"))["n"] or 0) + 1
            try:
                with transaction.atomic():
                    status_list = StatusList.objects.create(purpose=purpose, number=number,
                                                            encoded_list=_empty(StatusList._meta.get_field("size").default))
            except IntegrityError:
                continue  # another process opened that list first: take a slot in it
            status_list = StatusList.objects.select_for_update().get(pk=status_list.pk)
        index = status_list.next_index
        claimed = StatusList.objects.filter(pk=status_list.pk, next_index=index).update(next_index=index + 1)
        if claimed == 1:
            status_list.next_index = index + 1
            return status_list, index
    raise RuntimeError(f"could not allocate a {purpose} status index")


@transaction.atomic
def status_bit_set(*, status_list_id: int, index: int, value: bool) -> StatusList:
    """Set or clear one bit and republish the list; a no-op change republishes nothing."""
    status_list = StatusList.objects.select_for_update().get(pk=status_list_id)
    bits = Bits.decode(status_list.encoded_list) if status_list.encoded_list else Bits(size=status_list.size)
    if bits.get(index) == value and status_list.credential is not None:
        return status_list
    bits.set(index, value)
    status_list.encoded_list = bits.encode()
    status_list.version += 1
    status_list.save(update_fields=["encoded_list", "version", "updated_at"])
    return status_list_publish(status_list=status_list)


def status_list_publish(*, status_list: StatusList) -> StatusList:
    """Sign the list's current bits with the current issuer key and store the credential."""
    keyring = issuer.load_keyring()
    now = timezone.now()
    bits = Bits.decode(status_list.encoded_list) if status_list.encoded_list else Bits(size=status_list.size)
    unsigned = build_status_list_credential(
        credential_id=status_list_url(status_list),
        issuer=issuer.site_did(),
        status_purpose=status_list.purpose,
        status_list=bits,
        valid_from=now,
    )
    status_list.credential = sign_document(
        document=unsigned, private_key=keyring.current_key,
        verification_method=issuer.verification_method(keyring), created=now,
    )
    status_list.published_version = status_list.version
    status_list.published_at = now
    status_list.save(update_fields=["credential", "published_version", "published_at", "updated_at"])
    from tangkal.badges.cache import forget_status_list

    transaction.on_commit(lambda: forget_status_list(status_list.purpose, status_list.number))
    return status_list


def status_lists_publish_pending(*, force: bool = False) -> int:
    """Republish lists never published or changed since (all of them with `force`, e.g. after rotation)."""
    count = 0
    for pk in StatusList.objects.values_list("pk", flat=True):
        with transaction.atomic():
            status_list = StatusList.objects.select_for_update().get(pk=pk)
            if force or status_list.credential is None or status_list.published_version != status_list.version:
                status_list_publish(status_list=status_list)
                count += 1
    return count
