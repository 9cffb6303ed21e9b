import logging
import signal
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Publish and unpublish pages and snippets at the times editors scheduled, checking "
        "every minute. Runs until stopped; run one alongside the web server (see README, "
        "'Scheduled publishing')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=int, default=60, help="seconds between checks (default 60)"
        )
        parser.add_argument("--once", action="store_true", help="check once, then stop")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stopping = threading.Event()

    def handle(self, *args, interval, once, **options):
        if once:
            self.run_once()
            return
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.stopping.set())
        self.stdout.write(f"Checking for scheduled publishing every {interval} seconds.")
        while not self.stopping.is_set():
            # A long-running process must not hold on to a connection the
            # database has since dropped.
            close_old_connections()
            self.run_once()
            close_old_connections()
            self.stopping.wait(interval)
        self.stdout.write("Scheduler stopped.")

    def run_once(self):
        # A failed run (say, the database restarting) is logged, not fatal: the
        # next run a minute later catches up on anything that was due.
        try:
            call_command("publish_scheduled", verbosity=0)
        except Exception:
            logger.exception("Scheduled publishing failed; trying again at the next check")
