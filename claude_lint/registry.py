"""Discovers the rule catalogue: nothing lists rules by hand.

Python/text rules are the :class:`~claude_lint.rule.Rule` subclasses of the modules in
``claude_lint/checks`` (one rule per module, module name == id with underscores).
Semgrep rules are the ``rules/<id>.yaml`` files shipped inside the package.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Iterable
from pathlib import Path

from . import checks
from .engines import semgrep as semgrep_engine
from .model import RuleMeta
from .rule import Rule


class RegistryError(Exception):
    pass


@functools.cache
def rule_classes() -> tuple[type[Rule], ...]:
    found: list[type[Rule]] = []
    for info in sorted(pkgutil.iter_modules(checks.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{checks.__name__}.{info.name}")
        classes = [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__
        ]
        if len(classes) != 1:
            raise RegistryError(f"{module.__file__}: expected exactly one rule class, found {len(classes)}")
        cls = classes[0]
        if cls.id.replace("-", "_") != info.name:
            raise RegistryError(f"{module.__file__}: module name must be the rule id {cls.id!r} with underscores")
        found.append(cls)
    return tuple(found)


def semgrep_rules_dir() -> Path:
    """Where the built-in semgrep rules live: ``claude_lint/_rules`` in a wheel, ``rules/``
    at the top of a source checkout."""
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


@functools.cache
def builtin_rules() -> dict[str, RuleMeta]:
    """Every built-in rule's metadata, keyed by id, sorted by id."""
    metas: dict[str, RuleMeta] = {}
    for cls in rule_classes():
        meta = cls.meta()
        if meta.id in metas:
            raise RegistryError(f"duplicate rule id {meta.id!r}")
        metas[meta.id] = meta

    for meta in semgrep_engine.builtin_rule_metas(semgrep_rules_dir()):
        if meta.id in metas:
            # a companion YAML of a Python rule: the Python rule owns the id and its docs
            existing = metas[meta.id]
            if "semgrep" not in existing.engines:
                metas[meta.id] = RuleMeta(**{**existing.__dict__, "engines": existing.engines + ("semgrep",)})
            continue
        metas[meta.id] = meta
    return dict(sorted(metas.items()))


def all_tags(metas: Iterable[RuleMeta]) -> set[str]:
    return {t for m in metas for t in m.tags}
