"""Health checks for load balancers, container platforms and monitoring.

`/health/live` says the web process answers at all (nothing else is touched);
`/health/ready` says it can serve pages: the database and the cache answer.
Both are JSON, never cached, and answered before anything else runs, so they
work over plain HTTP from inside the container or the load balancer, whatever
host name it uses and whatever HTTPS redirect the site has.
"""

import json
import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

LIVE = "/health/live"
READY = "/health/ready"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"lahp:health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("what was stored could not be read back")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


def readiness() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            # The details go to the log, not to whoever asks.
            logger.warning("Health check: the %s is not available: %r", name, error)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return all(result == "ok" for result in results.values()), results


def json_response(body: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers the health addresses first, for any host, over HTTP or HTTPS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path not in (LIVE, READY):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = json_response({"error": "Use GET."}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        if path == LIVE:
            return json_response({"status": "live"})
        ready, checks = readiness()
        if ready:
            return json_response({"status": "ready", "checks": checks})
        response = json_response({"status": "not ready", "checks": checks}, status=503)
        response["Retry-After"] = "10"
        return response
