"""Modules nothing runs: a Python file of a repository that no module imports, nothing names
and that runs nothing of its own.  Its requests never happen, so what the *traffic* rules
would say there (residency, health data, logging: what a request carries and where it goes)
is not reported by default, like a mocked test's (``--include-unused`` shows it; key rules
still report: a key in a stale copy is still a leaked key).

Real repositories keep such files: ``repeat_words copy.py`` beside ``repeat_words.py``, an
older ``complete_sentence.py`` whose successor the routes import, a FastAPI router module
that no ``main.py`` imports.  A module is *unused* when all of these hold (cheapest first):

* it is a ``.py`` file, not a package ``__init__``, and its name is not an entry point's
  (:data:`ENTRY_STEMS`: ``main``, ``app``, ``handler``, ``views``, ``tasks`` …), nor under
  a folder whose files a framework runs (:data:`ENTRY_FOLDERS`: Streamlit ``pages``,
  Airflow ``dags``);
* its bytes have no ``__main__`` (a script run directly);
* no repository module imports it (the reverse import graph of
  :class:`~.services.ServiceReach`, through package ``__init__`` re-exports);
* it is not at the repository's top level (modules there are its surface: imported from a
  notebook, a REPL or a deleted entry point), and the repository imports *other* modules of
  its folder (so that folder's modules are used through imports, and this one is not) — or
  its name cannot be imported at all (``x copy.py``);
* its top level runs nothing: only imports, definitions, assignments and docstrings — a
  call, loop or ``with`` at the top level makes it a script, run by a person (``python
  anthro.py``);
* it starts no application and defines no handler: no ``FastAPI()``, ``Flask()``,
  ``Celery()``, Slack ``App()``… at the top level, no ``lambda_handler``/``handler``
  function or function of ``(event, context)``, no undecorated function whose first
  parameter is ``request``/``req``/``event`` (a handler a platform or a route table calls
  by name; a route *decorated* on an ``APIRouter``/``Blueprint`` needs its module imported),
  no ``import streamlit``, no ``DAG(``;
* nothing in the repository names it as a module: no ``name.py``, ``pkg.name`` or
  ``pkg/name``, ``name:attr`` (``uvicorn``, entry points), ``-m name``, ``name.handler``
  in a non-Python text file (Dockerfile, Procfile, YAML, TOML, shell, Markdown) or inside
  a string literal of a Python file (``importlib.import_module("app.ai.name")``, a CDK
  handler string).  The text files are read once per run, at the first module that gets
  this far (files over :data:`MAX_TEXT_BYTES` or past :data:`MAX_TOTAL_BYTES` in all are
  not read, and a module is then judged used: unknown is never unused).

Look-alikes that stay used: a Lambda handler deployed from the console (its handler
function), a Celery ``tasks.py`` found by autodiscovery, Django ``views.py`` named in
``urls.py`` strings, a console-script entry ``pkg.cli:main`` named in ``pyproject.toml``, a
module loaded by ``importlib`` with its dotted name in a string.  A module loaded by a name
computed at run time (``import_module(f"plugins.{name}")``) cannot be seen: its folder must
then hold no module that is imported by name for it to be judged unused.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .. import safeio
from ..filetext import SKIP_DIRS

if TYPE_CHECKING:
    from .index import ProjectIndex

__all__ = ["UnusedModules"]

#: module names a framework, server or person runs without an import line
ENTRY_STEMS = frozenset(
    {
        "__main__",
        "main",
        "app",
        "application",
        "server",
        "wsgi",
        "asgi",
        "manage",
        "run",
        "cli",
        "conftest",
        "setup",
        "tasks",
        "views",
        "urls",
        "admin",
        "apps",
        "models",
        "signals",
        "settings",
        "handler",
        "handlers",
        "lambda_function",
        "lambda_handler",
        "index",
        "streamlit_app",
        "bot",
        "worker",
        "celery",
        "dag",
        "noxfile",
        "fabfile",
        "gunicorn_conf",
    }
)
#: folders whose files a framework runs by listing them (Streamlit pages, Airflow DAGs)
ENTRY_FOLDERS = frozenset({"pages", "dags"})
#: top-level calls that start an application or declare a handler's host
_APP_CALLS = frozenset(
    {
        "FastAPI",
        "Flask",
        "Quart",
        "Starlette",
        "Sanic",
        "Litestar",
        "Celery",
        "Chalice",
        "App",
        "AsyncApp",
        "Typer",
        "Blocks",
        "Interface",
        "ChatInterface",
        "DAG",
        "Mangum",
    }
)
#: top-level calls a library module makes too (set-up, not work)
_SETUP_CALLS = frozenset(
    {
        "load_dotenv",
        "basicConfig",
        "filterwarnings",
        "simplefilter",
        "setLevel",
        "addHandler",
        "disable_warnings",
        "append",
        "insert",
        "setdefault",
        "apply",
        "seed",
    }
)
#: top-level assignments from a call that sends a request: a script's work
_REQUEST_CALLS = frozenset(
    {"create", "invoke", "ainvoke", "stream", "run", "predict", "generate", "completion", "converse", "invoke_model"}
)
_HANDLER_NAMES = frozenset({"lambda_handler", "handler", "handle"})
#: the suffixes of the text files read for module names (plus files without a suffix:
#: Dockerfile, Procfile, Makefile)
_TEXT_SUFFIXES = frozenset(
    {
        ".py",
        ".yml",
        ".yaml",
        ".toml",
        ".cfg",
        ".ini",
        ".json",
        ".sh",
        ".bash",
        ".md",
        ".rst",
        ".txt",
        ".mk",
        ".ts",
        ".js",
        ".tf",
        ".conf",
        ".env",
        ".ipynb",
    }
)
MAX_TEXT_BYTES = 512 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
#: a module name that can be imported (``x copy.py`` cannot)
_IDENTIFIER = re.compile(r"^[A-Za-z_]\w*$")


class UnusedModules:
    """The unused modules of one repository (see the module docstring); answers memoised."""

    def __init__(self, index: ProjectIndex) -> None:
        self.index = index
        self._answers: dict[Path, bool] = {}
        self._imported_folders: set[Path] | None = None
        self._texts: list[tuple[Path, bytes]] | None = None
        self._complete = True  # every text file was read (else: nothing is judged unused)

    def unused(self, path: Path) -> bool:
        found = self._answers.get(path)
        if found is None:
            found = self._answers[path] = self._unused(path)
        return found

    def _unused(self, path: Path) -> bool:
        stem = path.stem
        if path.suffix != ".py" or path.name == "__init__.py" or stem in ENTRY_STEMS:
            return False
        if any(part in ENTRY_FOLDERS for part in path.parent.parts):
            return False
        data = self.index.read(path)
        if data is None or b"__main__" in data:
            return False
        services = self.index.services
        if services._callers_modules(path):
            return False
        importable = bool(_IDENTIFIER.match(stem))
        if importable and (path.parent == self.index.root or path.parent not in self.imported_folders()):
            return False  # the repository's top-level modules are its surface: run or imported from outside
        try:
            tree = ast.parse(data)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
        if _runs_something(tree):
            return False
        return not self._named(path)

    def imported_folders(self) -> set[Path]:
        """The folders of the modules some repository module imports."""
        if self._imported_folders is None:
            services = self.index.services
            services.importers(self.index.root)  # builds the reverse import graph
            graph = services._importers or {}
            self._imported_folders = {p.parent for p, importers in graph.items() if importers}
        return self._imported_folders

    def _named(self, path: Path) -> bool:
        texts = self._text_files()
        if not self._complete:
            return True
        stem = re.escape(path.stem).encode()
        module = rb"(?:\b" + stem + rb"\.py\b|\w[./]" + stem + rb"\b(?![./]?\w*\.py\b)|\b" + stem
        module += rb":[A-Za-z_]|-m\s+" + stem + rb"\b|\b" + stem + rb"\.\w*handler\b)"
        anywhere = re.compile(module)
        quoted = re.compile(rb"[\"'][^\"'\n]{0,200}" + module + rb"[^\"'\n]{0,200}[\"']")
        for other, data in texts:
            if other == path or path.stem.encode() not in data:
                continue
            rx = quoted if other.suffix == ".py" else anywhere
            if rx.search(data):
                return True
        return False

    def _text_files(self) -> list[tuple[Path, bytes]]:
        if self._texts is not None:
            return self._texts
        out: list[tuple[Path, bytes]] = []
        total = 0
        for folder, dirs, names in os.walk(self.index.root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(names):
                suffix = os.path.splitext(name)[1].lower()
                if suffix and suffix not in _TEXT_SUFFIXES:
                    continue
                full = Path(folder, name)
                try:
                    data = safeio.read_regular(full, MAX_TEXT_BYTES, follow=False)
                except (OSError, ValueError):
                    continue
                if data is None:
                    continue
                total += len(data)
                if total > MAX_TOTAL_BYTES:
                    self._complete = False
                    self._texts = []
                    return self._texts
                out.append((full, data))
        self._texts = out
        return out


def _runs_something(tree: ast.Module) -> bool:
    """Whether the module's top level runs code beyond definitions (a script), starts an
    application or defines a handler."""
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            if any(a.name.split(".")[0] == "streamlit" for a in stmt.names):
                return True
            continue
        if isinstance(stmt, ast.ImportFrom):
            if (stmt.module or "").split(".")[0] == "streamlit":
                return True
            continue
        if isinstance(stmt, (ast.ClassDef, ast.Pass)):
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params = [a.arg for a in stmt.args.args]
            if stmt.name in _HANDLER_NAMES or params[:2] == ["event", "context"]:
                return True
            if not stmt.decorator_list and params[:1] in (["request"], ["req"], ["event"]):
                return True  # a handler a platform calls by name (Cloud Functions, a view in a route table)
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # a docstring or a bare literal
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and _call_name(stmt.value) in _SETUP_CALLS:
            continue  # load_dotenv(), logging.basicConfig(...): set-up a library module runs too
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            value = stmt.value
            if isinstance(value, ast.Call) and _call_name(value) in _APP_CALLS | _REQUEST_CALLS:
                return True  # an application, or a request made at the top level (a script)
            continue
        if isinstance(stmt, ast.If) and _type_checking(stmt.test):
            continue
        if isinstance(stmt, ast.Try) and all(
            isinstance(s, (ast.Import, ast.ImportFrom, ast.Pass, ast.Assign)) for s in stmt.body
        ):
            continue  # try: import x / except ImportError: x = None
        return True
    return False


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
