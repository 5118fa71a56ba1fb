"""Reading and writing files without trusting the tree they sit in.

Everything claude-lint writes (``--output``, ``--write-baseline``, the result cache,
``--fix``) goes through :func:`write_atomic`: the data goes to a new temporary file in the
target's folder (created with ``O_CREAT | O_EXCL | O_NOFOLLOW``, so a planted file or
symbolic link under any name cannot be written through), is flushed to disk, and then
``os.replace`` puts it in place.  A symbolic link at the target is *replaced* by the new
regular file, never written through: a pull request that commits ``claude-lint.sarif`` as
a link to ``~/.bashrc`` gets a regular ``claude-lint.sarif``.  Readers never see a torn
file.

Two exceptions, both named by the user rather than found in a tree: a target that is
itself a FIFO, socket or character device (``mkfifo out; claude-lint check -o out``) and a
path under ``/dev/`` or ``/proc/`` (``-o /dev/stdout``, ``-o /dev/fd/3``, bash's
``>(…)``), which are written directly.  Symbolic links in the *folders* of the path are
followed: the user named that folder.

Everything claude-lint reads from a scanned tree goes through :func:`read_regular`: only
a regular file is read (a FIFO, device or socket is refused without blocking on it), and
never more than ``limit`` bytes (a file that grows past its announced size is refused too).
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
#: user-named paths below these are streams (``/dev/stdout``, ``/proc/self/fd/1``): written directly
_STREAM_FOLDERS = ("/dev/", "/proc/")


class NotRegularFile(OSError):
    """The path is a FIFO, socket, device or folder: not read."""


class FileTooLarge(OSError):
    """The file holds more than the reader's limit."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"{size:,} bytes is over the {limit:,}-byte limit")
        self.size = size
        self.limit = limit


def _is_stream_target(path: Path) -> bool:
    """A target to open and write as it is, not to replace (see the module docstring)."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return True
    if stat.S_ISLNK(st.st_mode):
        text = os.path.abspath(path)
        return text.startswith(_STREAM_FOLDERS)
    return False


def write_atomic(path: Path | str, data: bytes | str, *, mode: int | None = None) -> None:
    """Write ``data`` (str: as UTF-8) to ``path`` atomically, replacing (never following)
    a symbolic link there.  ``mode``: the new file's permission bits (default: 0o666 less
    the umask, as ``open`` would).  Raises OSError; on failure nothing is left behind."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if _is_stream_target(path):
        with open(path, "wb") as fh:  # a pipe or device the user named: it cannot be replaced
            fh.write(data)
        return
    folder = path.parent
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
    for _attempt in range(100):
        tmp = folder / f".{path.name[:80]}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 100 collisions of 48 random bits
        raise FileExistsError(f"cannot create a temporary file next to {path}")
    try:
        try:
            if mode is not None:
                os.fchmod(fd, stat.S_IMODE(mode)) if hasattr(os, "fchmod") else os.chmod(tmp, stat.S_IMODE(mode))
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_regular(path: Path | str, limit: int, *, follow: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`NotRegularFile` for a FIFO, socket, device or folder (opened without
    blocking, never read), :class:`FileTooLarge` when the file holds more than ``limit``
    bytes, and OSError as ``open`` does.  ``follow=False``: a symbolic link is refused
    (ELOOP) instead of followed."""
    flags = os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | _O_BINARY | (0 if follow else _O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO, socket or device"
            raise NotRegularFile(0, f"not a regular file ({kind})", str(path))
        if st.st_size > limit:
            raise FileTooLarge(st.st_size, limit)
        chunks: list[bytes] = []
        got = 0
        want = min(limit + 1, max(st.st_size, 0) + 1)
        while True:
            chunk = os.read(fd, max(want - got, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > limit:
                raise FileTooLarge(got, limit)  # it grew while we read
        return b"".join(chunks)
    finally:
        os.close(fd)
