"""Helpers of the analysis unit tests: a source snippet in, the Facts of it out."""

from __future__ import annotations

import ast
import textwrap

from claude_lint.analysis import Facts, Resolver


def facts_of(src: str) -> Facts:
    tree = ast.parse(textwrap.dedent(src))
    return Facts(tree, Resolver(tree))


def calls(facts: Facts, text: str) -> list[ast.Call]:
    """The calls whose source text starts with ``text``."""
    return [n for n in ast.walk(facts.tree) if isinstance(n, ast.Call) and ast.unparse(n).startswith(text)]


def call(facts: Facts, text: str) -> ast.Call:
    found = calls(facts, text)
    assert len(found) == 1, (text, [ast.unparse(c) for c in found])
    return found[0]


def name(facts: Facts, ident: str, nth: int = -1) -> ast.Name:
    """A load of ``ident`` (the last one by default)."""
    found = [
        n for n in ast.walk(facts.tree) if isinstance(n, ast.Name) and n.id == ident and isinstance(n.ctx, ast.Load)
    ]
    found.sort(key=lambda n: (n.lineno, n.col_offset))
    return found[nth]
