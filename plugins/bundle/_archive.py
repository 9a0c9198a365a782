"""A deterministic ZIP (same members, same bytes) and a careful reader for a bundle received from elsewhere.

Writing: members sorted by name, each dated with the result's own time (ZIP cannot go before 1980),
mode 0644, no extra fields, deflated; so the same inputs give the same archive. Reading: a bundle may be
hostile, so names that are absolute or climb out (`..`), links and oversized members are refused before
anything is extracted, and every read is capped.
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from servex import InvalidInputError

__all__ = ["MAX_BUNDLE_MB", "BundleReader", "write_zip"]

MAX_BUNDLE_MB = "SERVEX_MAX_BUNDLE_MB"
_DEFAULT_MB = 4096


def _zip_time(stamp: str) -> tuple[int, int, int, int, int, int]:
    try:
        moment = _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        moment = _dt.datetime(1980, 1, 1)
    moment = max(moment.replace(tzinfo=None), _dt.datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second // 2 * 2)


def write_zip(target: Path, members: Iterable[tuple[str, bytes | Path]], stamp: str) -> None:
    """Write `members` (archive name, bytes or a file to copy) to `target` atomically and reproducibly."""
    when = _zip_time(stamp)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in sorted(members, key=lambda m: m[0]):
                info = zipfile.ZipInfo(name, date_time=when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                if isinstance(content, Path):
                    with open(content, "rb") as source, archive.open(info, "w") as sink:
                        for chunk in iter(lambda: source.read(1 << 20), b""):
                            sink.write(chunk)
                else:
                    archive.writestr(info, content)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


class BundleReader:
    """The members of a bundle, checked before use; `read` caps what it inflates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = os.environ.get(MAX_BUNDLE_MB, "").strip() or str(_DEFAULT_MB)
        if not raw.isdigit():
            raise InvalidInputError(f"{MAX_BUNDLE_MB}={raw!r} is not a whole number of megabytes")
        limit = int(raw) * (1 << 20)
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InvalidInputError(f"{path}: not a servex bundle: the ZIP archive cannot be read ({exc})") from None
        if sum(i.file_size for i in infos) > limit:
            raise InvalidInputError(f"{path}: the bundle would inflate beyond {MAX_BUNDLE_MB} ({limit >> 20} MB)")
        self.sizes: dict[str, int] = {}
        for info in infos:
            name = info.filename
            parts = PurePosixPath(name).parts
            if name.startswith(("/", "\\")) or ".." in parts or "\\" in name or (len(name) > 1 and name[1] == ":"):
                raise InvalidInputError(f"{path}: member {name!r} would be written outside the bundle; refused")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InvalidInputError(f"{path}: member {name!r} is a link; refused")
            if not info.is_dir():
                self.sizes[name] = info.file_size
        self.limit = limit

    def names(self) -> list[str]:
        return sorted(self.sizes)

    def read(self, name: str) -> bytes:
        try:
            with self.zip.open(name) as member:
                data = member.read(self.sizes[name] + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InvalidInputError(f"{self.path}: member {name} is damaged ({exc})") from None
        if len(data) > self.sizes[name]:
            raise InvalidInputError(f"{self.path}: member {name} inflates beyond its declared size; refused")
        return data

    def extract(self, name: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.read(name))
