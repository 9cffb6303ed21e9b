"""`make run` and `manage.py` as real processes, on a throw-away SQLite database.

For the tests of what a developer sees: the development server and the
scheduler started together and stopped together. Each site gets its own folder
(database and media), independent of the suite's own database.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
# Ports away from make run's 8000, so a developer's own site is left alone.
PORTS = range(8140, 8150)


def free_port(ports: range = PORTS) -> int:
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ports.start}-{ports.stop - 1} for a test server.")


def site_environment(folder: Path) -> dict[str, str]:
    """The environment `make run` would have, pointed at the folder's own database and media."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "BASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(folder: Path, *args: str, timeout: float = 120) -> str:
    """Run `manage.py` for the folder's site, as a developer would; returns its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPOSITORY,
        env=site_environment(folder),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def migrated_copy(template: Path, folder: Path) -> Path:
    """A site folder whose database starts as a copy of an already migrated one."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template / "db.sqlite3", folder / "db.sqlite3")
    return folder


class Processes:
    """A command started in a process group of its own, as a terminal runs a command.

    `ctrl_c()` sends SIGINT to the whole group, as the terminal does when a
    developer presses Ctrl+C; `remaining()` lists the group's processes that are
    still running, so a test can tell whether anything was left behind.
    """

    def __init__(self, args: list[str], folder: Path, log_name: str = "output.log"):
        self.log_path = folder / log_name
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            args,
            cwd=REPOSITORY,
            env=site_environment(folder),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.group = self.process.pid

    def output(self) -> str:
        return self.log_path.read_text()

    def remaining(self) -> list[str]:
        listing = subprocess.run(
            ["ps", "-ww", "-e", "-o", "pgid=,stat=,args="],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        running = []
        for line in listing.splitlines():
            pgid, state, args = line.split(None, 2)
            if int(pgid) == self.group and not state.startswith("Z"):
                running.append(args)
        return running

    def wait_for_output(self, text: str, timeout: float = 60, *, running: bool = True) -> None:
        """Wait for the command's output to include `text`.

        With `running=False`, the command may already have ended: what its
        processes wrote as they stopped can reach the log a moment after `ps`
        stops listing them.
        """
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if running and self.process.poll() is not None:
                raise AssertionError(f"Stopped before saying {text!r}:\n{self.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"Did not say {text!r} in {timeout} s:\n{self.output()}")
            time.sleep(0.2)

    def ctrl_c(self) -> None:
        os.killpg(self.group, signal.SIGINT)

    def wait(self, timeout: float = 30) -> int:
        """Wait for the command to finish and for every process it started to stop."""
        deadline = time.monotonic() + timeout
        self.process.wait(timeout)
        while self.remaining() and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.process.returncode

    def kill(self) -> None:
        """Kill whatever is left, so a failed test leaves nothing running."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.group, signal.SIGKILL)
        self.process.wait()
        self._log.close()


def make_run(folder: Path, port: int, *make_args: str) -> Processes:
    """`make run` for the folder's site, on the given port."""
    return Processes(
        ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}", *make_args],
        folder,
    )


def wait_until_serving(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def require_make() -> None:
    """Skip (fail in CI) unless `make run` can run here without installing anything."""
    import pytest

    if shutil.which("make") is None:
        message = "make is not installed."
    elif not (REPOSITORY / ".venv" / ".installed-base").exists():
        message = "make run's virtual environment (.venv) is not set up: run `make install-dev`."
    else:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)
