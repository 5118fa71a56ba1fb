"""Find import cycles inside the claude_lint package, function-local imports included.

Walks every module's AST (every ``import``/``from ... import`` anywhere in the file, not only
at the top: function-local imports count), builds the module graph restricted to the
package and prints each strongly connected component with more than one module.  Imports
under ``if TYPE_CHECKING:`` are left out: they never run (annotations only).  Exit status 1
when there is a cycle.

    python scripts/import_cycles.py [--package-dir claude_lint]
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str, is_package: bool, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: len(base) - (node.level - 1)]
                base_name = ".".join(base)
                mod = f"{base_name}.{node.module}" if node.module else base_name
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{alias.name}" for alias in node.names]
        for target in targets:
            # the longest known module prefix of the target
            parts = target.split(".")
            while parts and ".".join(parts) not in known:
                parts.pop()
            if parts:
                found.add(".".join(parts))
    found.discard(name)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def graph(package_dir: Path) -> dict[str, set[str]]:
    files = sorted(package_dir.rglob("*.py"))
    names = {module_name(f, package_dir): f for f in files}
    known = set(names)
    edges: dict[str, set[str]] = {}
    for name, path in names.items():
        deps = imports_of(path, name, path.name == "__init__.py", known)
        # importing a.b.c runs a/__init__ and a/b/__init__ too, but those are not cycles
        # worth reporting unless they import back: keep the direct edge only
        edges[name] = deps
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        result.append(sorted(component))
    return sorted(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", default=str(Path(__file__).resolve().parent.parent / "claude_lint"))
    args = parser.parse_args(argv)
    edges = graph(Path(args.package_dir))
    found = cycles(edges)
    for component in found:
        print(f"cycle ({len(component)} modules): " + ", ".join(component))
        for name in component:
            inside = sorted(d for d in edges[name] if d in component)
            print(f"    {name} -> {', '.join(inside)}")
    print(f"{len(edges)} modules, {sum(len(v) for v in edges.values())} edges, {len(found)} cycle(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
