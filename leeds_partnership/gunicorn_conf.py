"""gunicorn settings, read from the environment.

Use with: gunicorn -c python:leeds_partnership.gunicorn_conf leeds_partnership.wsgi
"""

import multiprocessing
import os

from gunicorn.http import wsgi

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Restart workers now and then so a slow leak can never take the site down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
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
