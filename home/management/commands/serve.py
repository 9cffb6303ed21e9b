import ctypes
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.management.commands.run_scheduler import positive_seconds
from home.scheduling import StopSignals

# How long each process has to stop by itself before it is killed.
STOP_TIMEOUT = 10


# Linux can tell a child when its parent dies (prctl's PR_SET_PDEATHSIG).
LIBC = ctypes.CDLL(None) if sys.platform == "linux" else None
PR_SET_PDEATHSIG = 1


def stop_with_parent():  # pragma: no cover - runs in the child, between fork and exec
    """Have the child sent SIGTERM if this command is ever killed outright (Linux only)."""
    if LIBC is not None:
        LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = (
        "Serve the site for development: Django's development server with the scheduler "
        "beside it, so scheduled changes go live. Ctrl+C stops both, and if either stops "
        "the other is stopped too. `make run` runs this."
    )
    requires_system_checks = []  # the development server runs them

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="address and port to serve on"
        )
        parser.add_argument(
            "--scheduler-interval",
            type=positive_seconds,
            default=60,
            metavar="SECONDS",
            help="seconds between the scheduler's checks (default 60)",
        )

    def handle(self, *args, addrport, scheduler_interval, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        with StopSignals() as stop:
            # Both stay in this process group, so Ctrl+C reaches them as usual and a
            # breakpoint() in a view can still read from the terminal.
            processes = {
                "The development server": subprocess.Popen(
                    [*manage, "runserver", addrport], preexec_fn=stop_with_parent
                ),
                "The scheduler": subprocess.Popen(
                    [*manage, "run_scheduler", "--interval", str(scheduler_interval)],
                    preexec_fn=stop_with_parent,
                ),
            }
            ended = None
            while ended is None and not stop.wait(0.2):
                ended = next(
                    (name for name, process in processes.items() if process.poll() is not None),
                    None,
                )
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            stopped_by_signal = stop.received is not None

        if ended is not None and not stopped_by_signal:
            status = processes[ended].returncode
            other = "the scheduler" if ended == "The development server" else "the server"
            raise CommandError(
                f"{ended} stopped (exit status {status}), so {other} was stopped too."
            )
