# The production image: gunicorn serving the site, static files compressed and
# fingerprinted at build time, running as an unprivileged user.
#
#   docker build -t lahp-website .
#   docker run --env-file production.env -p 8000:8000 lahp-website
#
# See "Deploying" in README.md for the environment and the release steps.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements/base.txt /tmp/requirements.txt
# Exact versions, checked against their hashes: the same packages as CI.
RUN /opt/venv/bin/pip install --require-hashes -r /tmp/requirements.txt


FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=leeds_partnership.settings.production \
    PORT=8000

# pg_dump, pg_restore and psql for `manage.py backup` and `restore`: Debian 12's
# are PostgreSQL 15, the production server's version.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin lahp
COPY --from=build /opt/venv /opt/venv

WORKDIR /app
# The code stays owned by root, so the running site cannot change it.
COPY . .

# collectstatic reads settings, so it is given throw-away values that exist only
# for this one command; the real ones come from the environment at run time.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown lahp:lahp /app/media

USER lahp
EXPOSE 8000
# Healthy while the site can serve pages: it answers and so do its database and
# cache (see "Health checks" in README.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health/ready' % os.environ.get('PORT', '8000'), timeout=4)"]
VOLUME ["/app/media"]

CMD ["gunicorn", "--config", "python:leeds_partnership.gunicorn_conf", "leeds_partnership.wsgi"]
