"""Measure every live page: SQL queries, server time and what a visitor downloads."""

import gzip
import re
import statistics
import time
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.core.signals import request_started
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


class Command(BaseCommand):
    help = (
        "Measure each live page in-process: SQL queries on a cold and a warm cache, "
        "median and 95th-percentile server time, and page weight (HTML plus the CSS, "
        "JavaScript and icons it loads, raw and gzipped)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="requests per page")

    def handle(self, *args, requests, **options):
        # Django empties its query log as each request starts; the counts need it kept.
        request_started.disconnect(reset_queries)
        client = Client(HTTP_HOST="localhost")
        rows = []
        for page in Page.objects.live().filter(depth__gt=1).order_by("path").specific():
            url = page.url
            if not url:
                continue
            cache.clear()
            reset_queries()  # the log is capped; a full one would hide new queries
            with CaptureQueriesContext(connection) as cold:
                response = client.get(url)
            if response.status_code != 200:
                self.stderr.write(f"{url} answered {response.status_code}; skipped")
                continue
            reset_queries()
            with CaptureQueriesContext(connection) as warm:
                client.get(url)
            timings = []
            for _ in range(requests):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            html = response.content
            assets = sorted(set(ASSET.findall(html.decode())))
            asset_bytes = [self._static_file(path) for path in assets]
            raw = len(html) + sum(len(data) for data in asset_bytes)
            zipped = len(gzip.compress(html)) + sum(len(gzip.compress(d)) for d in asset_bytes)
            rows.append(
                (
                    url,
                    type(page).__name__,
                    len(cold),
                    len(warm),
                    statistics.median(timings),
                    sorted(timings)[int(len(timings) * 0.95) - 1],
                    len(assets) + 1,
                    raw / 1024,
                    zipped / 1024,
                )
            )
        header = (
            f"{'page':<52} {'type':<19} {'SQL cold':>8} {'SQL warm':>8} {'median ms':>9} "
            f"{'p95 ms':>7} {'files':>5} {'KiB':>6} {'KiB gz':>6}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for url, kind, cold, warm, median, p95, files, raw, zipped in rows:
            self.stdout.write(
                f"{url:<52} {kind:<19} {cold:>8} {warm:>8} {median:>9.1f} {p95:>7.1f} "
                f"{files:>5} {raw:>6.1f} {zipped:>6.1f}"
            )
        self.stdout.write(
            f"\n{requests} requests a page through Django's test client (no network, "
            f"database: {connection.vendor})."
        )

    @staticmethod
    def _static_file(url: str) -> bytes:
        path = finders.find(url.removeprefix("/static/"))
        return Path(path).read_bytes() if path else b""
