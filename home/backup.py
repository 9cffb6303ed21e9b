"""Backups of the whole site (database and uploaded files) in one archive, and restoring them.

An archive is a gzipped tar file holding:

    database/db.sqlite3 or database/db.pgdump   the database, copied by its own tools
    media/<name>                                every file in the media storage
    manifest.json                               when, which versions, which migrations,
                                                counts, and every file's size and SHA-256

The database is copied first and the media files after, so every file the
database names is in the archive (an upload that lands in between is only an
unused extra file). A restore unpacks and checks the whole archive before it
changes anything, replaces the database in one transaction, then writes the
media files.
"""

import hashlib
import json
import os
import platform
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

import wagtail
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA_FOLDER = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something a person running a backup or restore must be told, in words."""


@dataclass
class RestoreResult:
    manifest: dict
    media_files: int
    media_bytes: int
    migrations_to_apply: list[str] = field(default_factory=list)


def archive_name(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"lahp-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def describe_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    for unit in ("kB", "MB", "GB"):
        size /= 1000
        if size < 1000 or unit == "GB":
            return f"{size:.1f} {unit}"
    raise AssertionError("unreachable")


def describe_counts(counts: dict[str, int]) -> str:
    words = {
        "pages": ("page", "pages"),
        "images": ("image", "images"),
        "documents": ("document", "documents"),
        "accounts": ("account", "accounts"),
    }
    return ", ".join(
        f"{counts[key]} {one if counts[key] == 1 else many}"
        for key, (one, many) in words.items()
        if key in counts
    )


# --- Backing up ---------------------------------------------------------------


def create_backup(path: Path) -> dict:
    """Write the site's database and media files into one archive at `path`; returns its manifest.

    The archive is written under a temporary name and renamed when complete,
    so `path` is never a half-written backup.
    """
    engine = database_engine()
    _check_there_is_a_site(engine)
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose another name.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    partial = path.with_name(f".{path.name}.partial")
    files: dict[str, dict] = {}
    created = datetime.now(UTC).replace(microsecond=0)
    try:
        with tempfile.TemporaryDirectory(prefix="lahp-backup-") as work:
            dump = Path(work) / PurePosixPath(DATABASE_FILES[engine]).name
            dump_database(engine, dump)
            # Readable by its owner only: it holds editors' accounts and drafts.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                database_file = DATABASE_FILES[engine]
                with dump.open("rb") as source:
                    files[database_file] = _add(tar, database_file, source, created)
                dump.unlink()
                for name in media_names():
                    with default_storage.open(name, "rb") as source:
                        files[f"{MEDIA_FOLDER}/{name}"] = _add(
                            tar, f"{MEDIA_FOLDER}/{name}", source, created
                        )
                manifest = _manifest(engine, created, files)
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), created.timestamp(), 0o644
                tar.addfile(info, _BytesReader(data))
        partial.replace(path)
    except OSError as error:
        raise BackupError(f"Could not write the backup: {error}") from None
    except (DatabaseError, sqlite3.Error) as error:
        raise BackupError(f"Could not read the database: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _add(tar: tarfile.TarFile, name: str, source, mtime: datetime) -> dict:
    """Add one file to the archive, copied once through a temporary file to learn its size."""
    digest = hashlib.sha256()
    size = 0
    with tempfile.TemporaryFile() as copy:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            copy.write(chunk)
        copy.seek(0)
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, mtime.timestamp(), 0o644
        tar.addfile(info, copy)
    return {"size": size, "sha256": digest.hexdigest()}


class _BytesReader:
    def __init__(self, data: bytes):
        self._data, self._position = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._position + size
        chunk = self._data[self._position : end]
        self._position += len(chunk)
        return chunk


def _manifest(engine: str, created: datetime, files: dict[str, dict]) -> dict:
    media = {name: info for name, info in files.items() if name.startswith(f"{MEDIA_FOLDER}/")}
    return {
        "format": FORMAT,
        "created": created.isoformat(),
        "versions": {
            "python": platform.python_version(),
            "django": django.__version__,
            "wagtail": wagtail.__version__,
        },
        "database": {
            "engine": engine,
            "server_version": server_version(engine),
            "file": DATABASE_FILES[engine],
            "counts": content_counts(),
        },
        "migrations": applied_migrations(),
        "media": {"files": len(media), "bytes": sum(info["size"] for info in media.values())},
        "files": files,
    }


def database_engine() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            f"Backups cover SQLite and PostgreSQL databases; this site uses {connection.vendor}."
        )
    return connection.vendor


def _check_there_is_a_site(engine: str) -> None:
    """Refuse to back up nothing: a wrong DATABASE_URL should not pass unnoticed."""
    name = connection.settings_dict["NAME"]
    if engine == "sqlite" and str(name) != ":memory:" and not Path(name).is_file():
        raise BackupError(f"There is no SQLite database at {name}: is DATABASE_URL right?")
    try:
        counts = content_counts()
    except DatabaseError as error:
        raise BackupError(f"Could not read the database: {error}") from None
    if counts is None:
        raise BackupError(
            f"The database {name} has no tables: is DATABASE_URL right, and has "
            "`manage.py migrate` run? There is nothing to back up."
        )


def server_version(engine: str) -> str:
    if engine == "sqlite":
        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


def dump_database(engine: str, path: Path) -> None:
    if engine == "sqlite":
        # SQLite's online backup: a consistent copy even while the site is writing.
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
            # One self-contained file, whatever journal mode the site runs in.
            copy.execute("PRAGMA journal_mode=DELETE")
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
        if result != "ok":
            raise BackupError(f"The database's copy failed SQLite's integrity check: {result}")
    else:
        _run_postgres(
            ["pg_dump", "--format=custom", f"--file={path}"],
            "Could not dump the PostgreSQL database",
        )


def media_names(folder: str = "") -> list[str]:
    """Every file in the media storage, through Django's storage API (local or S3 alike).

    Hidden files (such as a `.gitkeep`) are not uploads and are left out.
    """
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [posixpath.join(folder, name) for name in sorted(files) if not name.startswith(".")]
    for sub in sorted(folders):
        names.extend(media_names(posixpath.join(folder, sub)))
    return names


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def content_counts() -> dict[str, int] | None:
    """How much the database holds, or None when it has no tables yet."""
    if Page._meta.db_table not in connection.introspection.table_names():
        return None
    return {
        "pages": Page.objects.filter(depth__gt=1).count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "accounts": get_user_model().objects.count(),
        "revisions": Revision.objects.count(),
    }


# --- Restoring ----------------------------------------------------------------


def restore_backup(archive: Path, *, force: bool = False) -> RestoreResult:
    """Replace the site's database and media files with those in `archive`.

    Checks everything first (the archive is whole, it fits this code and this
    database, and nothing would be lost without `force`); then the database,
    in one transaction; then the media files.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"There is no backup at {archive}.")
    try:
        return _restore(archive, force)
    except DatabaseError as error:
        raise BackupError(f"Could not use the database: {error}") from None


def _restore(archive: Path, force: bool) -> RestoreResult:
    with tempfile.TemporaryDirectory(prefix="lahp-restore-") as work:
        unpacked = Path(work)
        manifest = unpack(archive, unpacked)
        engine = database_engine()
        _check_fits(manifest, engine)
        if not force:
            _check_nothing_lost()
        restore_database(engine, unpacked / manifest["database"]["file"], unpacked)
        # Pages kept whole under the old content must not be shown again.
        from home.cache import content_changed

        content_changed()
        count, size = 0, 0
        for name, info in manifest["files"].items():
            if not name.startswith(f"{MEDIA_FOLDER}/"):
                continue
            storage_name = name.removeprefix(f"{MEDIA_FOLDER}/")
            try:
                if default_storage.exists(storage_name):
                    default_storage.delete(storage_name)
                with (unpacked / name).open("rb") as source:
                    saved = default_storage.save(storage_name, File(source))
            except OSError as error:
                raise BackupError(
                    f"The database was restored, but writing the media file {storage_name} "
                    f"failed after {count} of {manifest['media']['files']} files: {error}. "
                    "Fix the cause and run the restore again with --force."
                ) from None
            if saved != storage_name:
                raise BackupError(
                    f"The media storage saved {storage_name} as {saved}; the restored pages "
                    "would not find it. Run the restore again with --force."
                )
            count += 1
            size += info["size"]
    code = _code_migrations()
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    to_apply = sorted(f"{app}.{name}" for app, name in code - archived)
    return RestoreResult(manifest, count, size, to_apply)


def unpack(archive: Path, folder: Path) -> dict:
    """Unpack the archive into `folder`, checking every file against the manifest."""
    found: dict[str, dict] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = _safe_name(member)
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with tar.extractfile(member) as source, target.open("wb") as copy:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        copy.write(chunk)
                found[name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{archive} is not a complete backup archive (damaged, cut short, or not a "
            f"backup at all): {error or type(error).__name__}. Nothing was changed."
        ) from None
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        expected = manifest["files"]
        for required in (manifest["database"]["file"], manifest["migrations"], manifest["media"]):
            if required is None:
                raise KeyError(required)
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(
            f"{archive} has no readable manifest.json, so it is not a backup made by "
            "`manage.py backup` (or it is damaged). Nothing was changed."
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive} is in backup format {manifest.get('format')!r}; this version of the "
            f"site reads format {FORMAT}. Nothing was changed."
        )
    found.pop(MANIFEST, None)
    damaged = sorted(name for name in expected if found.get(name) != expected[name])
    unexpected = sorted(set(found) - set(expected))
    if damaged or unexpected:
        listed = ", ".join((damaged + unexpected)[:5])
        raise BackupError(
            f"{archive} does not match its manifest ({len(damaged)} files missing or changed, "
            f"{len(unexpected)} not listed: {listed}). It is damaged; nothing was changed."
        )
    return manifest


def _safe_name(member: tarfile.TarInfo) -> str:
    path = PurePosixPath(member.name)
    if (
        not member.isfile()
        or path.is_absolute()
        or ".." in path.parts
        or not (path.name == MANIFEST or path.parts[0] in {"database", MEDIA_FOLDER})
    ):
        raise tarfile.TarError(f"unexpected entry {member.name!r}")
    return str(path)


def _code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _check_fits(manifest: dict, engine: str) -> None:
    code = _code_migrations()
    newer = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in code
    )
    if newer:
        raise BackupError(
            f"This backup was made by a newer version of the site: its database has "
            f"{len(newer)} migration{'s' if len(newer) != 1 else ''} this code does not have "
            f"({', '.join(newer[:5])}{', …' if len(newer) > 5 else ''}). Restore it with the "
            "code it was made with (or newer). Nothing was changed."
        )
    archived_engine = manifest["database"]["engine"]
    if archived_engine != engine:
        raise BackupError(
            f"This backup holds a {ENGINE_NAMES.get(archived_engine, archived_engine)} "
            f"database and this site uses {ENGINE_NAMES[engine]}: restore it into a "
            f"{ENGINE_NAMES.get(archived_engine, archived_engine)} database (set "
            "DATABASE_URL). Nothing was changed."
        )
    if manifest["database"]["file"] != DATABASE_FILES[engine]:
        raise BackupError("The backup's manifest names no database file. Nothing was changed.")


def _check_nothing_lost() -> None:
    counts = content_counts()
    held = []
    if counts and any(counts[key] for key in ("accounts", "revisions", "images", "documents")):
        held.append(f"the database has content ({describe_counts(counts)})")
    files = media_names()
    if files:
        held.append(f"the media storage holds {len(files)} file{'s' if len(files) != 1 else ''}")
    if held:
        raise BackupError(
            f"Not restoring: {' and '.join(held)}. A restore replaces all of it with the "
            "backup's. Run the restore again with --force if that is what you want. "
            "Nothing was changed."
        )


def restore_database(engine: str, dump: Path, work: Path) -> None:
    if engine == "sqlite":
        # SQLite's backup API replaces the whole database in one step, or not at all.
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(
                f"Could not restore the SQLite database: {error}. Nothing was changed."
            ) from None
        finally:
            source.close()
            connection.close()
        return
    # pg_restore writes the SQL (dropping what the backup has, then creating and
    # loading it); tables the target has beyond the backup's (from a later
    # migration) are dropped too, so the result is exactly the backup. psql runs
    # all of it in one transaction: any error leaves the database as it was.
    script = work / "restore.sql"
    _run_postgres(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            f"--file={script}",
            str(dump),
        ],
        "Could not read the PostgreSQL dump",
        database=False,
    )
    listing = _run_postgres(
        ["pg_restore", "--list", str(dump)], "Could not read the PostgreSQL dump", database=False
    )
    # Lines such as "215; 1259 16390 TABLE public home_homepage owner".
    archived = {
        parts[5]
        for line in listing.splitlines()
        if len(parts := line.split()) > 5 and parts[3] == "TABLE" and parts[4] != "DATA"
    }
    extra = sorted(set(connection.introspection.table_names()) - archived)
    drop = work / "drop.sql"
    drop.write_text(
        "".join(
            f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)} CASCADE;\n" for name in extra
        )
    )
    connection.close()
    _run_postgres(
        [
            "psql",
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--file={drop}",
            f"--file={script}",
        ],
        "Could not restore the PostgreSQL database (it is unchanged)",
    )


def _run_postgres(args: list[str], failure: str, *, database: bool = True) -> str:
    """Run one of PostgreSQL's client programs with the site's connection settings.

    They come through the environment (PGHOST, PGPASSWORD…), so no password is
    ever on a command line where other users could see it.
    """
    program = shutil.which(args[0])
    if program is None:
        raise BackupError(
            f"{args[0]} is not installed. Install PostgreSQL's client programs, the same "
            "major version as the server or newer (Debian: apt-get install postgresql-client)."
        )
    environment = dict(os.environ)
    if database:
        settings = connection.settings_dict
        for variable, value in {
            "PGHOST": settings["HOST"],
            "PGPORT": settings["PORT"],
            "PGUSER": settings["USER"],
            "PGPASSWORD": settings["PASSWORD"],
            "PGDATABASE": settings["NAME"],
            "PGSSLMODE": settings["OPTIONS"].get("sslmode"),
        }.items():
            if value:
                environment[variable] = str(value)
    try:
        result = subprocess.run(
            [program, *args[1:]], env=environment, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BackupError(f"{failure}: {error}") from None
    if result.returncode != 0:
        raise BackupError(f"{failure}: {result.stderr.strip() or f'{args[0]} failed'}")
    return result.stdout
