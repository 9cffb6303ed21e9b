import argparse
import logging
import os
import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from home.models import SchedulerLease
from home.scheduling import StopSignals, changes_since, latest_log_ids

logger = logging.getLogger(__name__)


def positive_seconds(value: str) -> int:
    try:
        seconds = int(value)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of seconds, 1 or more: {value!r}")
    return seconds


class Command(BaseCommand):
    help = (
        "Publish and unpublish pages and snippets at the times editors scheduled, checking "
        "every minute, until stopped (SIGTERM or Ctrl+C). However many are started against "
        "one database, only one publishes at a time; another takes over if it stops (see "
        "README, 'Scheduled publishing'). With --once: check once and say what was "
        "published and unpublished."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=positive_seconds,
            default=60,
            metavar="SECONDS",
            help="seconds between checks (default 60)",
        )
        parser.add_argument(
            "--once", action="store_true", help="check once, say what happened, then stop"
        )

    def handle(self, *args, interval=60, once=False, **options):
        me = f"{socket.gethostname()} (process {os.getpid()})"
        # Long enough to outlast a slow check; short enough that another
        # scheduler takes over within a few minutes if this one dies.
        lease_seconds = 2 * interval + 30
        if once:
            holding = self.take_lease(me, lease_seconds)
            if holding is False:
                self.stdout.write(
                    f"{self.other_scheduler()} is publishing scheduled changes, so this "
                    "check did nothing."
                )
                return
            changes = self.run_once()
            if holding:
                SchedulerLease.give_back(me)
            if changes is None:
                raise CommandError("Scheduled publishing failed: see the error above.")
            self.stdout.write(
                "\n".join(changes) or "Nothing was due to be published or unpublished."
            )
            return
        holding = None  # not known yet
        with StopSignals() as stop:
            self.stdout.write(f"Checking for scheduled publishing every {interval} seconds.")
            self.stdout.flush()
            while not stop.received:
                # A long-running process must not hold on to a connection the
                # database has since dropped.
                close_old_connections()
                took = self.take_lease(me, lease_seconds)
                if took and holding is False:
                    self.say(
                        "The other scheduler stopped: this one publishes scheduled changes now."
                    )
                elif took is False and holding is not False:
                    self.say(
                        f"{self.other_scheduler()} is publishing scheduled changes: this one "
                        "waits, and takes over if that one stops."
                    )
                if took is not None:
                    holding = took
                if took:
                    for change in self.run_once() or ():
                        logger.info(change)
                close_old_connections()
                stop.wait(interval)
            if holding:
                self.give_back(me)
        self.stdout.write("Scheduler stopped.")

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def take_lease(self, me: str, seconds: float) -> bool | None:
        """True if this scheduler may publish, False if another is, None if unknown."""
        try:
            return SchedulerLease.take(me, seconds)
        except Exception:
            logger.exception("Could not check for another scheduler; trying again later")
            return None

    def give_back(self, me: str) -> None:
        try:
            SchedulerLease.give_back(me)
        except Exception:  # the lease runs out by itself soon
            logger.exception("Could not hand over scheduled publishing")

    def other_scheduler(self) -> str:
        lease = SchedulerLease.objects.filter(pk=1).first()
        return (
            f"Another scheduler, {lease.holder}," if lease and lease.holder else "Another scheduler"
        )

    def run_once(self) -> list[str] | None:
        """Publish and unpublish what is due; returns what was done, or None if that failed."""
        # A failed run (say, the database restarting) is logged, not fatal: the
        # next run a minute later catches up on anything that was due.
        try:
            log_ids = latest_log_ids()
            call_command("publish_scheduled", verbosity=0)
            return changes_since(log_ids)
        except Exception:
            logger.exception("Scheduled publishing failed; trying again at the next check")
            return None
