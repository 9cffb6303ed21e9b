"""`make bench`: the site under load, as production runs it, measured with wrk.

For each database (SQLite, and PostgreSQL when it answers), this prepares a
database of its own with the seed content, starts gunicorn with the production
settings on loopback, and runs wrk against the home page, the programmes
index, a programme, a search and one static file, with the page cache on and
then off. Each page's rate is also given as a share of the static file's rate
in the same run, which makes runs on different machines comparable.

It reports, as a Markdown table: requests per second, median and 99th
percentile latency, SQL queries per page (rendered, not kept), and the page's
HTML raw and compressed; and the home page's HTML, CSS and JavaScript,
compressed, against the 15 KB target.
"""

import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PAGES = {
    "home": "/",
    "programmes index": "/programmes/",
    "a programme": "/programmes/one-leeds-workforce/",
    "search": "/search/?q=health",
}
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "lahp_bench"
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')
WRK_LINE = {
    "rate": re.compile(r"Requests/sec:\s+([\d.]+)"),
    "p50": re.compile(r"^\s+50%\s+([\d.]+)(us|ms|s)", re.M),
    "p99": re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)", re.M),
    "errors": re.compile(r"Non-2xx or 3xx responses:\s+(\d+)"),
}
TARGETS = (
    "Targets: kept (cached) pages at least 50% of the static file's rate; the home page "
    "rendered (not kept) at least 30%; p99 at most 50 ms at 8 connections; the home page's "
    "HTML, CSS and JavaScript at most 15 KB compressed."
)


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def milliseconds(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


class Command(BaseCommand):
    help = "Measure the site under load with gunicorn, production settings and wrk."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10, help="wrk's run per address")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument(
            "--databases",
            default="sqlite,postgresql",
            help="which to measure: sqlite, postgresql or both (default)",
        )
        parser.add_argument("--output", default="", help="also write the report to this file")

    def handle(self, *args, seconds, connections, workers, databases, output, **options):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is not installed: sudo apt-get install wrk")
        self.options = {"seconds": seconds, "connections": connections, "workers": workers}
        self.work = Path(settings.BASE_DIR) / ".bench"
        self.work.mkdir(exist_ok=True)
        report = [
            f"# make bench: gunicorn ({workers} workers), production settings, wrk "
            f"({connections} connections, {seconds} s an address)",
            "",
            TARGETS,
        ]
        for database in [name.strip() for name in databases.split(",") if name.strip()]:
            url = self.prepare(database)
            if url is None:
                report += ["", f"## {database}: not measured (not reachable)"]
                continue
            report += self.measure(database, url)
        text = "\n".join(report) + "\n"
        self.stdout.write(text)
        if output:
            Path(output).write_text(text, encoding="utf-8")

    # --- Databases ---------------------------------------------------------------------

    def prepare(self, database: str) -> str | None:
        if database == "sqlite":
            path = self.work / "bench.sqlite3"
            path.unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        elif database == "postgresql":
            url = self.postgres()
            if url is None:
                return None
        else:
            raise CommandError(f"Unknown database {database!r}: use sqlite or postgresql.")
        self.manage(url, "migrate", "--noinput", "-v", "0")
        self.manage(url, "load_seed_content")
        return url

    def postgres(self) -> str | None:
        import psycopg

        admin = os.environ.get("BENCH_POSTGRES_ADMIN_URL", POSTGRES_ADMIN_URL)
        try:
            with psycopg.connect(
                admin.replace("postgres://", "postgresql://"), autocommit=True
            ) as c:
                c.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
                c.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        except psycopg.Error as error:
            self.stderr.write(f"PostgreSQL is not reachable at {admin}: {error}")
            return None
        return admin.rsplit("/", 1)[0] + f"/{BENCH_DATABASE}"

    def environment(self, database_url: str, port: int = 0, page_cache: bool = True) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "leeds_partnership.settings.production",
            "SECRET_KEY": "bench-only-not-a-real-secret-key-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(self.work / "static"),
            "MEDIA_ROOT": str(self.work / "media"),
            "SECURE_SSL_REDIRECT": "false",
            "SERVE_MEDIA": "true",
            "BASE_URL": f"http://127.0.0.1:{port}",
            "LAHP_PAGE_CACHE_SECONDS": "3600" if page_cache else "0",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, database_url: str, *command: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            env=self.environment(database_url),
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise CommandError(f"manage.py {' '.join(command)} failed:\n{result.stderr}")
        return result.stdout

    # --- Measuring ---------------------------------------------------------------------

    def measure(self, database: str, database_url: str) -> list[str]:
        self.manage(database_url, "collectstatic", "--noinput", "-v", "0")
        queries = json.loads(self.manage(database_url, "page_queries", *PAGES.values()))
        lines = [
            "",
            f"## {database}",
            "",
            "| Address | Page cache | Requests/s | Share of static rate | p50 ms | p99 ms "
            "| SQL queries | HTML bytes | HTML bytes gzip |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        weight = None
        for cached in (True, False):
            with self.gunicorn(database_url, page_cache=cached) as base:
                static = self.static_file(base)
                static_run = self.wrk(base + static)
                rows = [("static file (main.css)", static, static_run)]
                for name, path in PAGES.items():
                    rows.append((name, path, self.wrk(base + path)))
                if weight is None:
                    weight = self.home_weight(base)
                for name, path, run in rows:
                    share = run["rate"] / static_run["rate"] if static_run["rate"] else 0
                    is_page = path in PAGES.values()
                    raw, zipped = self.html_bytes(base + path) if is_page else ("", "")
                    lines.append(
                        f"| {name} | {'on' if cached else 'off'} | {run['rate']:.0f} "
                        f"| {share:.0%} | {run['p50']:.1f} | {run['p99']:.1f} "
                        f"| {queries.get(path, '') if is_page else ''} "
                        f"| {raw} | {zipped} |"
                        + (f" ({run['errors']} errors)" if run["errors"] else "")
                    )
        html, assets = weight
        total = html + sum(assets.values())
        lines += [
            "",
            f"Home page, compressed: HTML {html:,} bytes + "
            + " + ".join(f"{name} {size:,}" for name, size in assets.items())
            + f" = **{total:,} bytes** (target 15,000).",
        ]
        return lines

    @contextmanager
    def gunicorn(self, database_url: str, page_cache: bool):
        port = free_port()
        env = self.environment(database_url, port, page_cache)
        env.update(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(self.options["workers"]))
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:leeds_partnership.gunicorn_conf",
                "--access-logfile",
                "/dev/null",
                "leeds_partnership.wsgi",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/", timeout=2).read()
                    break
                except OSError:
                    if process.poll() is not None:
                        stopped = process.stderr.read().decode()
                        raise CommandError(f"gunicorn stopped: {stopped}") from None
                    time.sleep(0.2)
            for path in PAGES.values():  # warm every worker's caches
                for _ in range(self.options["workers"] * 4):
                    urllib.request.urlopen(base + path, timeout=5).read()
            yield base
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)

    def wrk(self, url: str) -> dict:
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{self.options['connections']}",
                f"-d{self.options['seconds']}s",
                "--latency",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        output = result.stdout
        run = {"rate": float(WRK_LINE["rate"].search(output).group(1))}
        for name in ("p50", "p99"):
            match = WRK_LINE[name].search(output)
            run[name] = milliseconds(*match.groups())
        errors = WRK_LINE["errors"].search(output)
        run["errors"] = int(errors.group(1)) if errors else 0
        return run

    @staticmethod
    def fetch(url: str, compressed: bool = False) -> bytes:
        headers = {"Accept-Encoding": "gzip"} if compressed else {}
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
            return r.read()

    def static_file(self, base: str) -> str:
        html = self.fetch(base + "/").decode()
        return next(path for path in ASSET.findall(html) if path.endswith(".css"))

    def html_bytes(self, url: str) -> tuple[int, int]:
        return len(self.fetch(url)), len(self.fetch(url, compressed=True))

    def home_weight(self, base: str) -> tuple[int, dict]:
        html = self.fetch(base + "/")
        zipped_html = len(self.fetch(base + "/", compressed=True))
        assets = {}
        for path in sorted(set(ASSET.findall(html.decode()))):
            # WhiteNoise serves its own compressed copy; measure what a browser gets.
            body = self.fetch(base + path, compressed=True)
            try:
                gzip.decompress(body)
                size = len(body)
            except OSError:
                size = len(gzip.compress(body))
            assets[path.rsplit("/", 1)[-1]] = size
        return zipped_html, assets
