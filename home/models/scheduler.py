from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone


class SchedulerLease(models.Model):
    """Which scheduler process publishes scheduled changes, and until when.

    However many schedulers are started against one database (a second server,
    a restarted container beside a stuck one), only the holder of the lease
    publishes. It renews the lease on every check; if it stops without giving
    the lease back, another takes over once the lease runs out.
    """

    holder = models.CharField(max_length=255, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.holder or 'nobody'} until {self.expires_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def take(cls, holder: str, seconds: float) -> bool:
        """Take or renew the lease for `seconds`; False if another holder still has it."""
        now = timezone.now()
        # One row, made by whichever scheduler comes first.
        try:
            with transaction.atomic():
                cls.objects.get_or_create(pk=1, defaults={"expires_at": now})
        except IntegrityError:
            pass  # another scheduler made it a moment ago
        # A single conditional UPDATE: atomic on PostgreSQL and SQLite alike, so
        # two schedulers checking at the same moment cannot both win.
        taken = (
            cls.objects.filter(pk=1)
            .filter(Q(holder=holder) | Q(holder="") | Q(expires_at__lt=now))
            .update(holder=holder, expires_at=now + timedelta(seconds=seconds))
        )
        return taken == 1

    @classmethod
    def give_back(cls, holder: str) -> None:
        cls.objects.filter(pk=1, holder=holder).update(holder="", expires_at=timezone.now())

    @classmethod
    def current(cls) -> "SchedulerLease | None":
        return cls.objects.filter(pk=1, expires_at__gte=timezone.now()).first()
