"""gunicorn settings, read from the environment.

Use with: gunicorn -c python:leeds_partnership.gunicorn_conf leeds_partnership.wsgi
"""

import math
import os
from pathlib import Path

from gunicorn.http import wsgi


def available_cpus() -> int:
    """The CPUs this process may use: those it may run on, capped by a container's CPU limit.

    `os.cpu_count()` counts the host's CPUs, so a container limited to one CPU
    on a 32-core host would start 65 workers and run out of memory.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    limits = (
        ("/sys/fs/cgroup/cpu.max", None),  # cgroup v2: "<quota> <period>" or "max <period>"
        ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"),  # v1
    )
    for quota_file, period_file in limits:
        try:
            if period_file is None:
                quota, period = Path(quota_file).read_text().split()
            else:
                quota, period = Path(quota_file).read_text(), Path(period_file).read_text()
            if quota.strip() not in ("max", "-1"):
                cpus = min(cpus, math.ceil(int(quota) / int(period)))
                break
        except (OSError, ValueError):
            continue
    return max(1, cpus or 1)


def setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise SystemExit(f"{name} must be a whole number, 1 or more (got {raw!r}).")
    return value


bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = setting("GUNICORN_WORKERS", available_cpus() * 2 + 1)
threads = setting("GUNICORN_THREADS", 1)
timeout = setting("GUNICORN_TIMEOUT", 30)
# Restart workers now and then so a slow leak can never take the site down.
max_requests = setting("GUNICORN_MAX_REQUESTS", 1000)
# Workers' heartbeat files in memory, not on disk: works with a read-only root
# file system and never stalls on a slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The runtime control socket is not used here, and its default path is shared
# by every gunicorn on a machine.
control_socket_disable = True


# No "Server: gunicorn" banner: it tells a scanner which software (and which of
# its known weaknesses) to try, and visitors nothing. gunicorn has no setting
# for it, so the header is left out of what each response starts with.
def _without_server_header(default_headers):
    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    return headers


wsgi.Response.default_headers = _without_server_header(wsgi.Response.default_headers)
