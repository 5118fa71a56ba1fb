"""Libraries versus applications: is this code part of a package that *implements* a Claude
client (the SDK itself, a wrapper library's own client class)?

Findings there are about its users' choices, not its own: the SDK's constant for the OAuth
beta header it sends for workload identity federation is not a subscription credential,
and the SDK's implementation of its opt-in debug logging is not prompt logging.  Rules ask
:func:`is_library_code` and judge such code only where it holds a concrete value of its
own (a literal key is still a leaked key; a library that logs its user's key still leaks
every user's key).

The decision uses the file's path and its own text only (the result cache keys on both),
never another file (a ``pyproject.toml`` could change without the file changing):

- **package path**: the module lies inside the import package of a library that
  implements a Claude client (:data:`CLIENT_PACKAGES`: ``anthropic``,
  ``langchain_anthropic``, ``litellm``, ``llama_index/llms/anthropic`` …) — and, for the
  package named like the SDK (``anthropic``, a common folder name in tutorials), the
  path shows an installed or ``src``-layout package (``src/anthropic/``,
  ``site-packages/anthropic/``) or the module imports relatively, as package modules do.
  Notebooks, test files and examples under a package folder are not library code.
- **own client class**: the body of a class that subclasses a Claude client class
  (``class CorpClaude(anthropic.Anthropic)``) or the SDK's base clients
  (``SyncAPIClient``, ``AsyncAPIClient``, ``BaseClient``).
"""

from __future__ import annotations

import ast
import re

from ..surface import client_class

#: import packages (as path components) of libraries that implement a Claude client; a
#: module below one of these paths is the library's own code
CLIENT_PACKAGES: tuple[tuple[str, ...], ...] = (
    ("anthropic",),
    ("anthropic_bedrock",),
    ("claude_agent_sdk",),
    ("claude_code_sdk",),
    ("langchain_anthropic",),
    ("langchain_aws",),
    ("langchain_google_vertexai", "model_garden"),
    ("langchain_community", "chat_models", "anthropic.py"),
    ("langchain_community", "llms", "anthropic.py"),
    ("langchain_community", "chat_models", "bedrock.py"),
    ("langchain_community", "llms", "bedrock.py"),
    ("litellm",),
    ("llama_index", "llms", "anthropic"),
    ("llama_index", "llms", "bedrock"),
    ("llama_index", "llms", "bedrock_converse"),
    ("pydantic_ai", "models", "anthropic.py"),
    ("pydantic_ai", "models", "bedrock.py"),
    ("pydantic_ai", "providers", "anthropic.py"),
    ("pydantic_ai", "providers", "bedrock.py"),
    ("instructor",),
    ("dspy", "clients"),
    ("agno", "models", "anthropic"),
    ("agno", "models", "aws"),
    ("agno", "models", "azure", "claude.py"),
    ("agno", "models", "vertexai"),
    ("autogen_ext", "models", "anthropic"),
    ("strands", "models", "anthropic.py"),
    ("strands", "models", "bedrock.py"),
)
#: package names that are also ordinary folder names of tutorials and demos: the path must
#: show a package (a ``src`` layout, an installed copy) or the module import relatively
_COMMON_NAMES = frozenset({"anthropic", "instructor"})
_INSTALLED = frozenset({"src", "site-packages", "dist-packages", "_vendor", "vendor"})
#: the SDK's own base clients (``anthropic._base_client``)
_BASE_CLIENTS = frozenset({"SyncAPIClient", "AsyncAPIClient", "BaseClient"})
_TEST_PART = re.compile(r"^(tests?|testing|examples?|docs?|cookbook|notebooks?)$")
_TEST_FILE = re.compile(r"^(test_.*|.*_test|conftest)\.py$")


def package_of(path: str, tree: ast.Module | None = None) -> str | None:
    """The Claude client library (dotted import path, e.g. ``anthropic``,
    ``llama_index.llms.anthropic``) whose own module ``path`` is, or None.  ``tree`` (the
    module, when parsed) tells a package module, which imports relatively, from a script
    in a folder that happens to have the package's name."""
    parts = [p for p in re.split(r"[\\/]+", path) if p not in ("", ".")]
    if not parts or not parts[-1].endswith(".py"):
        return None  # a notebook, a text file: never a library's module
    if _TEST_FILE.match(parts[-1]):
        return None
    for i in range(len(parts)):
        for package in CLIENT_PACKAGES:
            n = len(package)
            if tuple(parts[i : i + n]) != package:
                continue
            inside = parts[i + n :]
            if package[-1].endswith(".py"):
                if inside:
                    continue
            elif not inside:
                continue
            if any(_TEST_PART.match(p) for p in inside[:-1]):
                return None
            if package[0] in _COMMON_NAMES and n == 1:
                installed = i > 0 and parts[i - 1] in _INSTALLED
                if not installed and not _imports_relatively(tree):
                    continue
            return ".".join(p.removesuffix(".py") for p in package)
    return None


def _imports_relatively(tree: ast.Module | None) -> bool:
    if tree is None:
        return False
    return any(isinstance(node, ast.ImportFrom) and node.level > 0 for node in tree.body)


def own_client_classes(tree: ast.Module, qualname) -> tuple[tuple[int, int], ...]:
    """Line spans of the classes of this module that subclass a Claude client class or the
    SDK's base clients (``qualname`` resolves a base expression to a dotted name)."""
    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for base in node.bases:
            target = base.value if isinstance(base, ast.Subscript) else base  # SyncAPIClient[httpx.Client, …]
            q = qualname(target) or ""
            if client_class(q) is not None or (q.rsplit(".", 1)[-1] in _BASE_CLIENTS and q.startswith("anthropic")):
                spans.append((node.lineno, node.end_lineno or node.lineno))
                break
    return tuple(spans)


def library_package(ctx) -> str | None:
    """The Claude client library whose own module the Python file of ``ctx`` is (the
    package-path criterion of the module docstring), or None.  Computed once per file."""
    return ctx.facts.memo("library.package", lambda: package_of(ctx.path, ctx.tree))


def in_own_client_class(ctx, node: ast.AST) -> bool:
    """Whether ``node`` lies in the body of a class of this file that subclasses a Claude
    client class or the SDK's base clients (the own-client-class criterion)."""
    spans = ctx.facts.memo("library.classes", lambda: own_client_classes(ctx.tree, ctx.resolver.qualname))
    line = getattr(node, "lineno", None)
    return line is not None and any(a <= line <= b for a, b in spans)


def is_library_code(ctx, node: ast.AST | None = None) -> bool:
    """Whether ``node`` (or, without a node, the whole file) of the Python file of ``ctx``
    is the own code of a library that implements a Claude client: either criterion of the
    module docstring."""
    if library_package(ctx) is not None:
        return True
    return node is not None and in_own_client_class(ctx, node)
