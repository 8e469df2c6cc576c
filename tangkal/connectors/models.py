from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateWindow(models.Model):
    """Requests spent against one platform in one fixed time window, shared by every worker.

    A worker spends one request with a conditional UPDATE (`used < limit`), so however many
    processes or machines share the database, together they never exceed the limit.
    """

    platform = models.CharField(max_length=20)
    window = models.BigIntegerField(help_text="epoch seconds // window length")
    used = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("jendela kuota platform")
        verbose_name_plural = _("jendela kuota platform")
        constraints = [models.UniqueConstraint(fields=["platform", "window"], name="ratewindow_unique")]

    def __str__(self) -> str:
        return f"{self.platform}@{self.window}: {self.used}"


class PlatformBlock(models.Model):
    """A platform told us to wait (429 with Retry-After): every worker waits until `until`."""

    platform = models.CharField(max_length=20, primary_key=True)
    until = models.DateTimeField()

    class Meta:
        verbose_name = _("jeda platform")
        verbose_name_plural = _("jeda platform")

    def __str__(self) -> str:
        return f"{self.platform} until {self.until:%H:%M:%S}"
