"""Bounded reads of the files that steer a run: policies, ``pyproject.toml``, custom-rule
files, baselines.  Every such file may come from the scanned (hostile) repository, so it is
read only when it is a regular file, never beyond a byte cap, and its parsed YAML/TOML is
checked for alias expansion ("billion laughs") and nesting depth before anything walks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import safeio

#: byte caps (far above any real file of the kind)
POLICY_BYTES = 1024 * 1024
RULES_BYTES = 8 * 1024 * 1024
BASELINE_BYTES = 64 * 1024 * 1024
#: values a parsed document may stand for once YAML aliases are expanded, and its depth
POLICY_VALUES = 100_000
RULES_VALUES = 1_000_000
MAX_DEPTH = 64


class ReadError(Exception):
    """A file that cannot be read within the limits; ``missing`` when it does not exist."""

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.missing = missing


def read(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (symbolic links followed), at most ``limit``.
    FIFOs, devices and folders are refused without being read (or, for a FIFO, blocking).
    The one bounded reader is :func:`safeio.read_regular`; this gives its refusals the
    wording that policy, rule-file and baseline errors use."""
    try:
        return safeio.read_regular(path, limit)
    except FileNotFoundError:
        raise ReadError("does not exist", missing=True) from None
    except IsADirectoryError:
        raise ReadError("is a folder, not a file") from None
    except safeio.NotRegularFile as exc:
        if "folder" in str(exc):
            raise ReadError("is a folder, not a file") from None
        raise ReadError("is not a regular file (a device, FIFO or socket): not read") from None
    except safeio.FileTooLarge:
        raise ReadError(f"is larger than the limit of {limit} bytes: not read") from None
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}") from None


def shape_problem(value: Any, max_values: int, max_depth: int = MAX_DEPTH) -> str | None:
    """Why a parsed document is too big to walk: more than ``max_values`` values once shared
    (aliased) parts are counted every time they are used, or nesting deeper than
    ``max_depth``; None when it is fine.  Linear in the distinct objects."""
    sizes: dict[int, int] = {}
    too_deep = False

    def size(v: Any, depth: int) -> int:
        nonlocal too_deep
        if not isinstance(v, (dict, list)):
            return 1
        if depth > max_depth:
            too_deep = True
            return max_values + 1
        known = sizes.get(id(v))
        if known is not None:
            return known
        sizes[id(v)] = max_values + 1  # a cycle (`&a [*a]`) is too big as well
        items = list(v.items()) if isinstance(v, dict) else v
        total = 1
        for item in items:
            total += sum(size(x, depth + 1) for x in item) if isinstance(v, dict) else size(item, depth + 1)
            if total > max_values:
                break
        sizes[id(v)] = total
        return total

    total = size(value, 0)
    if too_deep:
        return f"is nested deeper than {max_depth} levels"
    if total > max_values:
        return f"holds more than {max_values} values once YAML aliases are expanded"
    return None
