"""analysis.syntax: the shared node list is ``ast.walk``'s order, node for node."""

from __future__ import annotations

import ast
from pathlib import Path

from claude_lint.analysis.syntax import tree_nodes

ROOT = Path(__file__).resolve().parent.parent


def test_tree_nodes_is_ast_walk_order_on_real_sources():
    files = sorted((ROOT / "claude_lint").rglob("*.py")) + sorted((ROOT / "fixtures").rglob("*.py"))
    checked = 0
    for path in files:
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue  # fixtures hold deliberately broken files
        expected = list(ast.walk(tree))
        got = tree_nodes(tree)
        assert len(got) == len(expected), path
        assert all(a is b for a, b in zip(got, expected)), path
        checked += 1
    assert checked > 100


def test_tree_nodes_is_built_once_per_module():
    tree = ast.parse("import anthropic\nclient = anthropic.Anthropic()\n")
    assert tree_nodes(tree) is tree_nodes(tree)


def test_a_non_module_is_walked_lazily():
    expr = ast.parse("a + b", mode="eval").body
    assert [type(n).__name__ for n in tree_nodes(expr)] == ["BinOp", "Name", "Add", "Name", "Load", "Load"]
