"""Open the ZIP container of DOCX/XLSX/ODT files without letting a zip bomb inflate.

Sizes declared in the central directory are checked before anything is decompressed (total size,
member count, compression ratio), and every read is still capped, because declared sizes can lie.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO

from servex.plugins.documents._model import ExtractionError

__all__ = ["MAX_MEMBERS", "MAX_RATIO", "SafeZip"]

MAX_MEMBERS = 10_000
MAX_RATIO = 200  # office XML compresses 5-50x; hundreds or thousands means a bomb
_RATIO_FLOOR = 1 << 20  # small members may legitimately compress very well


class _Capped(io.RawIOBase):
    """A read-only member stream that charges what it inflates to its package's budget."""

    def __init__(self, package: SafeZip, name: str, member: IO[bytes]) -> None:
        self.package, self.name, self.member = package, name, member

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self.member.read(len(buffer))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ExtractionError(f"part {self.name} is damaged ({exc})") from None
        self.package._spend(self.name, len(data))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.member.close()
        super().close()


class SafeZip:
    def __init__(self, path: Path, max_unzipped: int) -> None:
        with open(path, "rb") as handle:
            head = handle.read(4)
        if head[:2] != b"PK":
            raise ExtractionError("not a ZIP-based office file (no PK header); is the extension wrong?")
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ExtractionError(f"the file is damaged: its ZIP container cannot be read ({exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise ExtractionError(f"the ZIP container holds {len(infos)} parts (more than {MAX_MEMBERS}); refused")
        total = sum(info.file_size for info in infos)
        if total > max_unzipped:
            raise ExtractionError(
                f"it would inflate to {total:,} bytes (limit {max_unzipped:,}); refused as a likely zip bomb"
            )
        for info in infos:
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ExtractionError(
                    f"part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}:1 "
                    f"(limit {MAX_RATIO}:1); refused as a possible zip bomb"
                )
        self.names = {info.filename for info in infos}
        self.max_unzipped = max_unzipped
        self._read = 0

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        """The member's bytes, never more than what is left of the inflation budget."""
        room = self.max_unzipped - self._read
        try:
            with self.zip.open(name) as member:
                data = member.read(room + 1)
        except KeyError:
            raise ExtractionError(f"part {name} is missing from the ZIP container") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ExtractionError(f"part {name} is damaged ({exc})") from None
        if len(data) > room:
            raise ExtractionError(f"part {name} inflates beyond {self.max_unzipped:,} bytes; refused as a zip bomb")
        self._read += len(data)
        return data

    def stream(self, name: str) -> _Capped:
        """The member as a stream that inflates only as it is read, within the same budget as `read`:
        a large sheet or document body is parsed as it comes instead of sitting whole in memory."""
        try:
            member = self.zip.open(name)
        except KeyError:
            raise ExtractionError(f"part {name} is missing from the ZIP container") from None
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ExtractionError(f"part {name} is damaged ({exc})") from None
        return _Capped(self, name, member)

    def _spend(self, name: str, count: int) -> None:
        self._read += count
        if self._read > self.max_unzipped:
            raise ExtractionError(f"part {name} inflates beyond {self.max_unzipped:,} bytes; refused as a zip bomb")

    def close(self) -> None:
        self.zip.close()
