"""Modules of one repository: which file an import names, read from import lines alone.

No parse: a file's imports are found by a regular expression over its bytes (the lines
that start with ``import`` or ``from … import``, parenthesised lists included), so a file
that concerns Claude only through what it imports costs a regex search, not a parse.

An import names a module of the repository when the file exists under one of the places
Python would look for it, in this order:

* relative imports (``from .llm import client``, ``from ..utils.bedrock_client import
  BedrockClient``): the importing file's package;
* absolute imports (``from app.services.claude import generate``): the directory above the
  importing file's outermost package (the folder that holds ``app/`` when ``app/`` and its
  parents down to it have ``__init__.py``), the importing file's own directory (a script next
  to ``prompts.py`` imports ``prompts``), the repository root and its ``src/``.

Anything else — ``import anthropic``, ``import config`` with no ``config.py`` in those
places — is outside the repository and is never looked up by name elsewhere in the tree
(a ``llm.py`` in an unrelated folder is not what ``from llm import client`` imports).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: ``from X import a, b`` / ``from X import (a,\n b)`` / ``import X, Y as Z`` at the start of a line
IMPORT_RE = re.compile(
    rb"^[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]+))",
    re.M,
)
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
#: the most imports read from one file (a generated file with thousands is not worth more)
MAX_IMPORTS = 400


@dataclass(frozen=True)
class ImportLine:
    """One imported name: ``from {'.' * level}{module} import {name}``, or ``import {module}``
    (``name`` empty)."""

    level: int
    module: str
    name: str = ""


def import_lines(data: bytes) -> list[ImportLine]:
    """The imports of a Python file's bytes (no parse; at most :data:`MAX_IMPORTS`)."""
    out: list[ImportLine] = []
    if b"import" not in data:
        return out
    for m in IMPORT_RE.finditer(data):
        dots, module, names, plain = m.group(1), m.group(2), m.group(3), m.group(4)
        if plain is not None:
            for part in plain.decode("utf-8", "replace").split(","):
                found = _NAME.match(part.strip())
                if found:
                    out.append(ImportLine(0, found.group()))
        else:
            text = names.decode("utf-8", "replace").strip("() \t\r\n")
            mod = module.decode("utf-8", "replace")
            for part in text.replace("\\\n", " ").split(","):
                found = _NAME.match(part.strip())
                if found and "." not in found.group():
                    out.append(ImportLine(len(dots), mod, found.group()))
        if len(out) >= MAX_IMPORTS:
            break
    return out


class Modules:
    """The Python modules of one repository root, looked up on the file system on demand
    (memoised): a run over a few staged files resolves their imports without listing the
    tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._exists: dict[Path, bool] = {}
        self._top: dict[Path, Path] = {}

    def _is_file(self, path: Path) -> bool:
        found = self._exists.get(path)
        if found is None:
            try:
                found = path.is_file()
            except OSError:
                found = False
            self._exists[path] = found
        return found

    def _package_base(self, folder: Path) -> Path:
        """The directory above the outermost package that holds ``folder``."""
        found = self._top.get(folder)
        if found is None:
            found = folder
            while found != self.root and self._is_file(found / "__init__.py") and self.root in found.parents:
                found = found.parent
            self._top[folder] = found
        return found

    def _module_file(self, base: Path, dotted: str) -> Path | None:
        if not dotted:
            init = base / "__init__.py"
            return init if self._is_file(init) else None
        parts = dotted.split(".")
        target = base.joinpath(*parts)
        for candidate in (target.with_name(parts[-1] + ".py"), target / "__init__.py"):
            if self._is_file(candidate):
                return candidate
        return None

    def bases(self, importer: Path) -> Iterator[Path]:
        """Where an absolute import of ``importer`` is looked for (see the module docstring)."""
        folder = importer.parent
        seen: set[Path] = set()
        for base in (self._package_base(folder), folder, self.root, self.root / "src"):
            if base not in seen and (base == self.root or self.root in base.parents):
                seen.add(base)
                yield base

    def resolve(self, importer: Path, line: ImportLine) -> tuple[Path, str] | None:
        """The repository file an import names and the attribute it imports from it ("" for
        a module itself): ``from .llm import client`` → (``pkg/llm.py``, ``client``); ``from
        . import llm`` → (``pkg/llm.py``, ""); None outside the repository."""
        if line.level:
            base = importer.parent
            for _ in range(line.level - 1):
                base = base.parent
            if base != self.root and self.root not in base.parents:
                return None
            bases: list[Path] = [base]
        else:
            bases = list(self.bases(importer))
        for base in bases:
            if line.name:
                sub = f"{line.module}.{line.name}" if line.module else line.name
                found = self._module_file(base, sub)
                if found is not None:
                    return found, ""
            if line.module or line.level:
                found = self._module_file(base, line.module)
                if found is not None:
                    return found, line.name
        return None

    def submodule(self, package_init: Path, name: str) -> Path | None:
        """``pkg/name.py`` (or ``pkg/name/__init__.py``) next to a package's ``__init__.py``."""
        return self._module_file(package_init.parent, name)
