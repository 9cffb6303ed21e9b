#!/usr/bin/env bash
# Build the production image and check it as the README's Docker steps run it:
# nothing secret or stray in the image, a read-only root file system, the seed
# loaded into PostgreSQL, a healthy HEALTHCHECK, pages through the proxy
# headers, and the worker count following the container's CPU limit.
#
#   make docker-check                     # docker or podman, whichever is installed
#   IMAGE_BUILD="bash ../shared/tools/docker-build.sh . lahp-website" make docker-check
#
# Needs PostgreSQL on the host (DOCKER_CHECK_DATABASE_URL, default the local
# server) and host networking (Linux). Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."

# docker when its daemon answers, otherwise podman (CONTAINER_ENGINE chooses).
ENGINE="${CONTAINER_ENGINE:-}"
if [ -z "$ENGINE" ]; then
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then ENGINE=docker
    elif command -v podman >/dev/null; then ENGINE=podman
    else echo "Neither a running docker nor podman was found."; exit 1
    fi
fi
IMAGE="${IMAGE:-lahp-website}"
PORT="${DOCKER_CHECK_PORT:-8231}"
export PGOPTIONS="-c client_min_messages=warning"
SERVER="${DOCKER_CHECK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
DB="lahp_docker_check"
DATABASE_URL="${SERVER%/*}/$DB"
NAME="lahp-docker-check-$$"
VOLUME="lahp-docker-check-media-$$"

say() { printf '== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*"; exit 1; }
cleanup() {
    "$ENGINE" rm -f "$NAME" >/dev/null 2>&1 || true
    "$ENGINE" rm -f "$NAME-bare" >/dev/null 2>&1 || true
    "$ENGINE" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
    psql -q "$SERVER" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -f production.env
}
trap cleanup EXIT

# The README has operators write production.env in this folder: it must never
# reach the image, whatever else is lying around.
if [ -e production.env ]; then fail "production.env already exists here; move it away first."; fi
echo "SECRET_KEY=must-never-be-in-the-image" > production.env

say "Building $IMAGE"
started=$(date +%s)
if [ -n "${IMAGE_BUILD:-}" ]; then eval "$IMAGE_BUILD"; else "$ENGINE" build --format docker -t "$IMAGE" . 2>/dev/null || "$ENGINE" build -t "$IMAGE" .; fi
build_seconds=$(( $(date +%s) - started ))
size=$("$ENGINE" image inspect "$IMAGE" --format '{{.Size}}')
say "Built in ${build_seconds} s; image size $(( size / 1000000 )) MB"

say "Nothing secret or stray in the image"
stray=$("$ENGINE" run --rm "$IMAGE" sh -c \
    'find /app \( -name "*.env" -o -name ".env*" -o -name "*.pyc" -o -name "*.sqlite3" -o -name ".git" -o -name tests \) -print')
[ -z "$stray" ] || fail "found in the image: $stray"
"$ENGINE" run --rm "$IMAGE" sh -c 'test "$(id -u)" != 0' || fail "the site runs as root"

run() {  # the README's environment, on a read-only root file system
    "$ENGINE" run --network host --read-only --tmpfs /tmp \
        -e DATABASE_URL="$DATABASE_URL" -e SECRET_KEY=docker-check-secret-key-0123456789abcdefghijklmnop \
        -e ALLOWED_HOSTS=www.lahp.example -e TRUST_X_FORWARDED_PROTO=true -e PORT="$PORT" \
        -e BASE_URL=https://www.lahp.example "$@"
}

say "Migrating and loading the seed content, read-only"
psql -q "$SERVER" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
run --rm -v "$VOLUME:/app/media" "$IMAGE" python manage.py migrate --noinput >/dev/null
run --rm -v "$VOLUME:/app/media" "$IMAGE" python manage.py load_seed_content >/dev/null

say "Serving with one CPU"
run -d --name "$NAME" --cpus 1 -v "$VOLUME:/app/media" "$IMAGE" >/dev/null
get() {  # status of a page asked for as the front proxy would
    curl -s -o /dev/null -w '%{http_code}' -H 'Host: www.lahp.example' \
        -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT$1"
}
for _ in $(seq 1 60); do
    [ "$(get /health/ready)" = 200 ] && break
    sleep 1
done
[ "$(get /health/ready)" = 200 ] || { "$ENGINE" logs "$NAME" | tail -20; fail "/health/ready never answered 200"; }
"$ENGINE" healthcheck run "$NAME" >/dev/null 2>&1 || [ "$ENGINE" != "${ENGINE%docker}" ] \
    || fail "the image's HEALTHCHECK reports unhealthy"
health=$("$ENGINE" inspect "$NAME" --format '{{.State.Health.Status}}' 2>/dev/null || echo unknown)
say "Health check: $health"
for path in / /programmes/ /programmes/one-leeds-workforce/ /members/ /search/?q=leeds /sitemap.xml; do
    status=$(get "$path")
    [ "$status" = 200 ] || fail "$path answered $status"
done
film=$(curl -s -H 'Host: www.lahp.example' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/" \
    | grep -o '/films/[^"]*\.mp4' | head -n 1)
[ -n "$film" ] && [ "$(get "$film")" = 200 ] || fail "the strategy film is not served ($film)"
workers=$("$ENGINE" logs "$NAME" 2>&1 | grep -c "Booting worker" || true)
[ "$workers" = 3 ] || fail "expected 3 workers for one CPU (2 × 1 + 1), saw $workers"
say "Workers for one CPU: $workers"

say "Without the media volume the pages still answer"
"$ENGINE" rm -f "$NAME" >/dev/null
run -d --name "$NAME-bare" "$IMAGE" >/dev/null
for _ in $(seq 1 60); do
    [ "$(get /health/ready)" = 200 ] && break
    sleep 1
done
for path in / /programmes/one-leeds-workforce/; do
    status=$(get "$path")
    [ "$status" = 200 ] || fail "$path answered $status without the media volume"
done

say "The image passed: built in ${build_seconds} s, $(( size / 1000000 )) MB, health $health"
