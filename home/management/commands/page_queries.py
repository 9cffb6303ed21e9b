"""How many SQL queries each address costs when rendered (not kept whole), as JSON.

Used by `make bench`; the query budgets themselves are tests
(tests/test_query_budgets.py).
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings


class Command(BaseCommand):
    help = "Print the SQL queries each address costs when rendered, warm, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, paths, **options):
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".")
        client = Client(HTTP_HOST=host)
        counts = {}
        with override_settings(LAHP_PAGE_CACHE_SECONDS=0):
            for path in paths:
                client.get(path)  # the site, settings and menu are kept after this
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                counts[path] = len(queries)
        self.stdout.write(json.dumps(counts))
