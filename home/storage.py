"""Uploads wherever they are kept: MEDIA_ROOT on this machine, or an S3-compatible bucket.

Everything the site does with uploaded files goes through Django's storage API
(open, size, exists, url), so it works the same on both; these are the few
places where the two differ.
"""

from urllib.parse import urlsplit

from django.core.files.storage import default_storage

CHUNK_SIZE = 64 * 1024


def local_root() -> str | None:
    """The folder uploads are kept in, or None when they are in object storage."""
    try:
        return default_storage.path("")
    except NotImplementedError:
        return None


def remote_origin() -> str | None:
    """Where visitors' browsers fetch uploads from when that is not this site (a bucket or
    the domain in front of it), for the Content-Security-Policy; None for MEDIA_ROOT."""
    if local_root() is not None:
        return None
    parts = urlsplit(default_storage.url("origin"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def read_range(name: str, start: int, end: int):
    """The bytes from `start` to `end` (inclusive) of a stored file, in chunks.

    Raises FileNotFoundError (an OSError) if the file is missing. Object storage
    is asked for just those bytes: reading through its file object would fetch
    the whole film first, for every seek.
    """
    file = default_storage.open(name, "rb")
    stored_object = getattr(file, "obj", None)  # django-storages' S3File
    if stored_object is not None and hasattr(stored_object, "get"):
        return _remote_range(file, stored_object, start, end)
    return _local_range(file, start, end)


def _remote_range(file, stored_object, start: int, end: int):
    body = stored_object.get(Range=f"bytes={start}-{end}")["Body"]
    try:
        yield from body.iter_chunks(CHUNK_SIZE)
    finally:
        body.close()
        file.close()


def _local_range(file, start: int, end: int):
    try:
        file.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = file.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        file.close()
