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
  to ``prompts.py`` imports ``prompts``), the nearest folder above it that holds a project
  file (``pyproject.toml``, ``setup.py``, ``setup.cfg``: a sub-project of a monorepo whose
  ``src.core.graph`` runs from ``processor/``, with ``core/`` a namespace package), the
  repository root and its ``src/``.

Anything else — ``import anthropic``, ``import config`` with no ``config.py`` in those
places — is outside the repository and is never looked up by name elsewhere in the tree
(a ``llm.py`` in an unrelated folder is not what ``from llm import client`` imports).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

#: one import statement, matched at the start of a line found by :data:`_LINE_STARTS`
IMPORT_RE = re.compile(
    rb"[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]+))"
)
#: where import statements start: at the left margin, or indented once (inside ``try:`` /
#: ``if TYPE_CHECKING:``, or a function's lazy import) or twice (a lazy import under an ``if``
#: of a function or in a method: ``if graph is None: from src.graph import build_graph``);
#: ``bytes.find`` on these is several times faster than a multi-line regex over every line
_LINE_STARTS = (
    b"\nfrom ",
    b"\nimport ",
    b"\n    from ",
    b"\n    import ",
    b"\n        from ",
    b"\n        import ",
    b"\n\tfrom ",
    b"\n\timport ",
    b"\n\t\tfrom ",
    b"\n\t\timport ",
)
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
#: files that mark the root of a Python project inside the repository
_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
#: the most imports read from one file (a generated file with thousands is not worth more)
MAX_IMPORTS = 400


class ImportLine(NamedTuple):
    """One imported name: ``from {'.' * level}{module} import {name}``, or ``import {module}``
    (``name`` empty).  A named tuple: built and hashed for every import line of every file
    the second prefilter stage reads (a frozen dataclass cost several times more)."""

    level: int
    module: str
    name: str = ""


def import_lines(data: bytes) -> list[ImportLine]:
    """The imports of a Python file's bytes (no parse; at most :data:`MAX_IMPORTS`)."""
    out: list[ImportLine] = []
    if b"import" not in data:
        return out
    text = b"\n" + data
    starts: list[int] = []
    for prefix in _LINE_STARTS:
        i = text.find(prefix)
        while i != -1:
            starts.append(i + 1)
            i = text.find(prefix, i + 1)
    for start in sorted(starts):
        m = IMPORT_RE.match(text, start)
        if m is None:
            continue
        dots, module, names, plain = m.group(1), m.group(2), m.group(3), m.group(4)
        if plain is not None:
            for part in plain.decode("utf-8", "replace").split(","):
                found = _NAME.match(part.strip())
                if found:
                    out.append(ImportLine(0, found.group()))
        else:
            listed = names.decode("utf-8", "replace").strip("() \t\r\n")
            mod = module.decode("utf-8", "replace")
            for part in listed.replace("\\\n", " ").split(","):
                found = _NAME.match(part.strip())
                if found and "." not in found.group():
                    out.append(ImportLine(len(dots), mod, found.group()))
        if len(out) >= MAX_IMPORTS:
            break
    return out


class Modules:
    """The Python modules of one repository root, looked up on the file system on demand
    (memoised, on path strings: this runs for every import line of every Python file of a
    tree that has Claude modules): a run over a few staged files resolves their imports
    without listing the tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root = str(root)
        self._files: dict[str, bool] = {}
        self._dirs: dict[str, bool] = {}
        self._top: dict[str, str] = {}
        self._resolved: dict[tuple[str, int, str], str | None] = {}
        self._bases: dict[str, list[str]] = {}
        self._answers: dict[tuple[str, ImportLine], tuple[Path, str] | None] = {}
        self._paths: dict[str, Path] = {}
        self._module_files: dict[tuple[str, str], str | None] = {}
        self._listings: dict[str, frozenset[str] | None] = {}

    def _inside(self, folder: str) -> bool:
        return folder == self._root or folder.startswith(self._root + os.sep)

    def _is_file(self, path: str) -> bool:
        found = self._files.get(path)
        if found is None:
            found = self._files[path] = os.path.isfile(path)
        return found

    def _is_dir(self, path: str) -> bool:
        found = self._dirs.get(path)
        if found is None:
            found = self._dirs[path] = os.path.isdir(path)
        return found

    def _package_base(self, folder: str) -> str:
        """The directory above the outermost package that holds ``folder``."""
        found = self._top.get(folder)
        if found is None:
            found = folder
            while found != self._root and self._inside(found) and self._is_file(os.path.join(found, "__init__.py")):
                found = os.path.dirname(found)
            self._top[folder] = found
        return found

    def _module_file(self, base: str, dotted: str) -> str | None:
        key = (base, dotted)
        if key in self._module_files:
            return self._module_files[key]
        target = os.path.join(base, *dotted.split(".")) if dotted else base
        found: str | None = None
        if dotted and self._is_file(target + ".py"):
            found = target + ".py"
        else:
            init = os.path.join(target, "__init__.py")
            found = init if self._is_file(init) else None
        self._module_files[key] = found
        return found

    def _bases_of(self, folder: str) -> list[str]:
        found = self._bases.get(folder)
        if found is None:
            found = []
            for base in (
                self._package_base(folder),
                folder,
                self._project_dir(folder),
                self._root,
                os.path.join(self._root, "src"),
            ):
                if base not in found and self._inside(base):
                    found.append(base)
            self._bases[folder] = found
        return found

    def _project_dir(self, folder: str) -> str:
        """The nearest folder from ``folder`` up to the root that holds a project file (the
        root itself when none does)."""
        found = folder
        while self._inside(found) and found != self._root:
            if any(self._is_file(os.path.join(found, name)) for name in _PROJECT_FILES):
                return found
            found = os.path.dirname(found)
        return self._root

    def bases(self, importer: Path) -> list[Path]:
        """Where an absolute import of ``importer`` is looked for (see the module docstring)."""
        return [Path(b) for b in self._bases_of(str(importer.parent))]

    def resolve(self, importer: Path, line: ImportLine) -> tuple[Path, str] | None:
        """The repository file an import names and the attribute it imports from it ("" for
        a module itself): ``from .llm import client`` → (``pkg/llm.py``, ``client``); ``from
        . import llm`` → (``pkg/llm.py``, ""); None outside the repository.  The answer
        depends on the importing file's folder only (memoised per folder and module)."""
        return self.resolve_in(str(importer.parent), line)

    def resolve_in(self, folder: str, line: ImportLine) -> tuple[Path, str] | None:
        """:meth:`resolve` for a file in ``folder``."""
        key = (folder, line)
        if key in self._answers:
            return self._answers[key]
        found = self._answers[key] = self._answer(folder, line)
        return found

    def _path(self, path: str) -> Path:
        found = self._paths.get(path)
        if found is None:
            found = self._paths[path] = Path(path)
        return found

    def _names(self, base: str) -> frozenset[str] | None:
        """The entries of a folder, case-folded (memoised): empty if it does not exist, None
        if it cannot be listed (a folder without read permission can still hold files)."""
        if base in self._listings:
            return self._listings[base]
        found: frozenset[str] | None
        try:
            found = frozenset(name.casefold() for name in os.listdir(base))
        except (FileNotFoundError, NotADirectoryError):
            found = frozenset()
        except OSError:
            found = None
        self._listings[base] = found
        return found

    def _outside(self, folder: str, dotted: str) -> bool:
        """An absolute import whose first name is no entry of any folder it is looked for in
        (``typing``, ``os``, a third-party package): outside the repository, known from one
        folder listing per folder instead of a file test per import (case-folded, so a
        case-insensitive file system is never ruled out wrongly)."""
        first = dotted.split(".", 1)[0].casefold()
        for names in map(self._names, self._bases_of(folder)):
            if names is None or first in names or f"{first}.py" in names:
                return False
        return True

    def _answer(self, folder: str, line: ImportLine) -> tuple[Path, str] | None:
        if not line.level and line.module and self._outside(folder, line.module):
            return None
        module = self._module(folder, line.level, line.module)
        if not line.name:
            return (self._path(module), "") if module is not None else None
        if module is not None:
            if module.endswith("__init__.py"):
                sub = self._module_file(os.path.dirname(module), line.name)
                if sub is not None:
                    return self._path(sub), ""
            return self._path(module), line.name
        # a folder without ``__init__.py`` (a namespace package, a script folder): the name
        # can only be a submodule of it
        sub_name = f"{line.module}.{line.name}" if line.module else line.name
        if line.level or self._namespace(folder, line.module):
            sub = self._module(folder, line.level, sub_name)
            return (self._path(sub), "") if sub is not None else None
        return None

    def _namespace(self, folder: str, dotted: str) -> bool:
        return bool(dotted) and any(
            self._is_dir(os.path.join(base, *dotted.split("."))) for base in self._bases_of(folder)
        )

    def _module(self, folder: str, level: int, dotted: str) -> str | None:
        key = (folder, level, dotted)
        if key in self._resolved:
            return self._resolved[key]
        found: str | None = None
        if level:
            base = folder
            for _ in range(level - 1):
                base = os.path.dirname(base)
            if self._inside(base):
                found = self._module_file(base, dotted)
        elif dotted:
            for base in self._bases_of(folder):
                found = self._module_file(base, dotted)
                if found is not None:
                    break
        self._resolved[key] = found
        return found

    def submodule(self, package_init: Path, name: str) -> Path | None:
        """``pkg/name.py`` (or ``pkg/name/__init__.py``) next to a package's ``__init__.py``."""
        found = self._module_file(str(package_init.parent), name)
        return Path(found) if found is not None else None
