"""Reporters: they consume a RunResult and write one output format. Nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

FORMATS = ("text", "json", "sarif", "github", "markdown")


def writer(fmt: str) -> Callable[..., None]:
    if fmt == "text":
        from .text import write
    elif fmt == "json":
        from .json import write
    elif fmt == "sarif":
        from .sarif import write  # type: ignore[assignment]
    elif fmt == "github":
        from .github import write
    elif fmt == "markdown":
        from .summary import write
    else:  # pragma: no cover - click restricts the choice
        raise ValueError(fmt)
    return write


__all__ = ["FORMATS", "TextIO", "writer"]
