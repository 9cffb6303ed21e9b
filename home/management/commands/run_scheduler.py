import argparse
import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

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
        "every minute, until stopped (SIGTERM or Ctrl+C). Run exactly one per site, beside "
        "the web server (see README, 'Scheduled publishing'). With --once: check once and "
        "say what was published and unpublished."
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
        if once:
            changes = self.run_once()
            if changes is None:
                raise CommandError("Scheduled publishing failed: see the error above.")
            self.stdout.write(
                "\n".join(changes) or "Nothing was due to be published or unpublished."
            )
            return
        with StopSignals() as stop:
            self.stdout.write(f"Checking for scheduled publishing every {interval} seconds.")
            self.stdout.flush()
            while not stop.received:
                # A long-running process must not hold on to a connection the
                # database has since dropped.
                close_old_connections()
                for change in self.run_once() or ():
                    logger.info(change)
                close_old_connections()
                stop.wait(interval)
        self.stdout.write("Scheduler stopped.")

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
