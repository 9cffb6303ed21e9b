"""Serving films' own files (video, captions, chapters) with byte ranges.

Browsers fetch a video in pieces: a seek asks for the bytes from that point on
(HTTP Range), and Safari will not play a video at all unless the server
answers such a request with 206 Partial Content. Django's static file view
always sends the whole file, so films are served here, from whichever storage
holds uploads, and only while a published film uses them (editors with access
to films also get their drafts' files, for previews).

Each upload gets an address of its own (see `film_upload_to`), so responses
can be cached for a year.
"""

import hashlib
import mimetypes
import re

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from home.models.film import FILM_FILE_FIELDS, FILM_FILE_PREFIX, Film
from home.storage import read_range

# An open-ended request ("bytes=0-", as browsers ask when a video starts) is
# answered with at most this much; the browser asks for the next part as it
# plays. No request then holds a web worker for the length of a whole film.
LONGEST_ANSWER = 4 * 1024 * 1024
CACHE_FOR_A_YEAR = "public, max-age=31536000, immutable"
# A draft's file, fetched by an editor previewing it: never kept by any cache.
NOT_KEPT = "private, no-store"
CONTENT_TYPES = {
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".vtt": "text/vtt; charset=utf-8",
}
# One range, as browsers ask for video: "bytes=0-", "bytes=500-999" or "bytes=-500".
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _visibility(request, name: str) -> str | None:
    """ "public" if a published film plays this file, "private" if only an editor may see
    it (a draft's, for a preview), None if nobody may."""
    in_a_live_film = Q()
    for field in FILM_FILE_FIELDS:
        in_a_live_film |= Q(**{field: name})
    if Film.objects.filter(in_a_live_film, live=True).exists():
        return "public"
    user = getattr(request, "user", None)
    if user and user.is_authenticated and user.has_perm("home.change_film"):
        return "private"
    return None


def _content_type(name: str) -> str:
    for suffix, content_type in CONTENT_TYPES.items():
        if name.lower().endswith(suffix):
            return content_type
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte asked for, or None to send the whole file.

    Raises ValueError when the range cannot be satisfied (it starts past the end).
    Anything unusual (several ranges, another unit, nonsense) is ignored, as
    RFC 9110 allows, and the whole file is sent.
    """
    match = SINGLE_RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            raise ValueError("an empty suffix range")
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else min(size, start + LONGEST_ANSWER) - 1
    if start > end or start >= size:
        if last and int(last) < start:
            return None  # invalid, not unsatisfiable: ignore it
        raise ValueError("the range starts past the end of the file")
    return start, end


@require_safe
def film_file(request, path: str):
    """/films/<path>: a film's video, captions or chapters file, with byte ranges."""
    name = FILM_FILE_PREFIX + path
    visibility = None if ".." in path.split("/") else _visibility(request, name)
    if visibility is None:
        raise Http404("There is no film file at this address.")
    try:
        size = default_storage.size(name)
    except (OSError, NotImplementedError):
        # A database that names a file the storage has lost: a 404, not an error.
        raise Http404("This film file is missing.") from None

    # The name is unique to one upload, so name and size identify the content.
    etag = '"{}"'.format(hashlib.sha256(f"{name}:{size}".encode()).hexdigest()[:20])
    headers = {
        "Accept-Ranges": "bytes",
        "Cache-Control": CACHE_FOR_A_YEAR if visibility == "public" else NOT_KEPT,
        "ETag": etag,
        "Content-Disposition": "inline",
    }
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
        for header, value in headers.items():
            response[header] = value
        return response

    status, start, end = 200, 0, size - 1
    range_header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if range_header and size and (if_range is None or if_range == etag):
        try:
            asked = byte_range(range_header, size)
        except ValueError:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            response["Accept-Ranges"] = "bytes"
            return response
        if asked is not None:
            status, (start, end) = 206, asked

    length = end - start + 1 if size else 0
    if request.method == "HEAD" or not length:
        response = HttpResponse(status=status, content_type=_content_type(name))
    else:
        try:
            content = read_range(name, start, end)
        except OSError:
            raise Http404("This film file is missing.") from None
        response = StreamingHttpResponse(content, status=status, content_type=_content_type(name))
    response["Content-Length"] = str(length)
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    for header, value in headers.items():
        response[header] = value
    return response
