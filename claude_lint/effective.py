"""``claude-lint config``: the effective policy of a file or folder and where each value came from.

The output is the policy as the engines receive it — after ``extend``, command-line overrides
and built-in defaults — written back as a policy file (YAML; JSON with ``--format json``):
every key of DESIGN §1, each value followed by its origin: ``file:line`` of the policy file
that set it, ``default``, or ``command line``.  The YAML loads as a policy that means the
same (``extend`` flattened, paths absolute).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .config import COMMAND_LINE, POLICY_KEYS, PROVIDERS, Policy, extend_chain

# --------------------------------------------------------------------------- key lines


def _yaml_lines(text: str) -> dict[str, int]:
    """Key path -> line number (1-based) of every mapping key of a YAML policy, to the depth
    provenance records (``rules.<id>.options.<name>``)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return {}
    lines: dict[str, int] = {}

    def walk(node: Any, prefix: str, depth: int) -> None:
        if not isinstance(node, yaml.MappingNode) or depth > 4:
            return
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            path = f"{prefix}{key_node.value}"
            lines.setdefault(path, key_node.start_mark.line + 1)
            walk(value_node, path + ".", depth + 1)

    walk(root, "", 0)
    return lines


_TOML_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\\]*"|'[^']*')"""
_TOML_DOTTED = re.compile(rf"^\s*({_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*)\s*=")
_TOML_HEADER = re.compile(rf"^\s*\[\s*({_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*)\s*\]\s*(?:#.*)?$")


def _toml_parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in re.findall(_TOML_KEY, dotted)]


def _toml_lines(text: str) -> dict[str, int]:
    """Key path (below ``tool.claude-lint``) -> line number in a ``pyproject.toml``: table
    headers, ``key =`` lines and the keys of one-line inline tables (best effort: TOML parsers
    keep no positions)."""
    lines: dict[str, int] = {}
    table: list[str] | None = []  # the current table's path; [] = the document root
    for n, line in enumerate(text.splitlines(), 1):
        header = _TOML_HEADER.match(line)
        if header:
            table = _toml_parts(header.group(1))
            if table[:2] == ["tool", "claude-lint"] and len(table) > 2:
                lines.setdefault(".".join(table[2:]), n)
            continue
        if line.lstrip().startswith("[["):
            table = None
            continue
        m = _TOML_DOTTED.match(line)
        if not m or table is None:
            continue
        parts = table + _toml_parts(m.group(1))
        if parts[:2] != ["tool", "claude-lint"] or len(parts) < 3:
            continue
        path = parts[2:]
        lines.setdefault(".".join(path), n)
        rest = line[m.end() :].strip()
        if rest.startswith("{"):  # an inline table: its keys are on this line
            for key in re.findall(rf"[{{,]\s*({_TOML_KEY})\s*=", rest):
                lines.setdefault(".".join(path + _toml_parts(key)), n)
    return lines


def key_lines(file: Path) -> dict[str, int]:
    from . import bounded

    try:
        text = bounded.read(Path(file), bounded.POLICY_BYTES).decode("utf-8")
    except (bounded.ReadError, UnicodeDecodeError):
        return {}
    return _toml_lines(text) if Path(file).name == "pyproject.toml" else _yaml_lines(text)


# --------------------------------------------------------------------------- the effective document


def _display(path: str | Path, cwd: Path) -> str:
    """Relative to the working folder when that is shorter (``../org/base.yaml``), else absolute."""
    p = Path(path)
    try:
        return p.relative_to(cwd).as_posix() or "."
    except ValueError:
        pass
    try:
        rel = Path(os.path.relpath(p, cwd)).as_posix()
    except ValueError:  # another drive
        return p.as_posix()
    return rel if len(rel) < len(p.as_posix()) else p.as_posix()


class _Origins:
    """Where each key path's value came from."""

    def __init__(self, policy: Policy, cwd: Path):
        self.prov = dict(policy.provenance)
        self.cwd = cwd
        self._lines: dict[str, dict[str, int]] = {}

    def __call__(self, key: str) -> dict:
        file = self.prov.get(key)
        if file is None:
            return {"origin": "default"}
        if file == COMMAND_LINE:
            return {"origin": "command line"}
        if file not in self._lines:
            self._lines[file] = key_lines(Path(file))
        lines = self._lines[file]
        line = None
        parts = key.split(".")
        for n in range(len(parts), 0, -1):
            line = lines.get(".".join(parts[:n]))
            if line:
                break
        return {"origin": "file", "file": _display(file, self.cwd), "line": line}


def _rule_entries(policy: Policy) -> dict[str, dict[str, Any]]:
    """``rules:`` as the policy sets it: each rule's keys that a file set, and every option
    (defaults included)."""
    out: dict[str, dict[str, Any]] = {}
    set_keys = {k for k in policy.provenance if k.startswith("rules.")}
    for rid, settings in policy.rules.items():
        entry: dict[str, Any] = {}
        prefix = f"rules.{rid}"
        if f"{prefix}.disable" in set_keys:
            entry["disable"] = settings.disable
        if f"{prefix}.severity" in set_keys:
            entry["severity"] = settings.severity.value if settings.severity else None
        if f"{prefix}.exclude" in set_keys:
            entry["exclude"] = list(settings.exclude)
        if settings.options:
            entry["options"] = {k: list(v) if isinstance(v, tuple) else v for k, v in settings.options.items()}
        out[rid] = entry
    return out


def effective_document(policy: Policy) -> dict[str, Any]:
    """The policy as a mapping of DESIGN §1's keys (a valid policy file's content)."""
    baa = [p for p in PROVIDERS if p in policy.baa]
    doc_policy = {
        "residency": policy.residency,
        "allowed-regions": list(policy.allowed_regions),
        "handles-phi": policy.handles_phi,
        "phi-names": {"add": list(policy.phi_names_add), "remove": list(policy.phi_names_remove)},
        "zdr": policy.zdr,
        "baa": baa,
        "zdr-key-env": list(policy.zdr_key_env),
        "approved-base-urls": list(policy.approved_base_urls),
        "test-paths": list(policy.test_paths),
        "tests": policy.tests,
        "min-confidence": policy.min_confidence,
    }
    assert list(doc_policy) == list(POLICY_KEYS)
    return {
        "policy": doc_policy,
        "rules": _rule_entries(policy),
        "select": list(policy.select),
        "ignore": list(policy.ignore),
        "exclude": list(policy.exclude),
        "custom-rules": [str(p) for p in policy.custom_rules],
        "baseline": str(policy.baseline) if policy.baseline else None,
    }


def _leaves(doc: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(key path, value) of every value the output annotates: mappings are opened down to
    policy keys, rule keys and rule options."""
    for key, value in doc.items():
        path = f"{prefix}{key}"
        opened = path in ("policy", "rules", "policy.phi-names") or (
            path.startswith("rules.") and (path.count(".") == 1 or path.endswith(".options"))
        )
        if isinstance(value, dict) and opened and value:
            yield from _leaves(value, path + ".")
        else:
            yield path, value


# --------------------------------------------------------------------------- rendering

_PLAIN = re.compile(r"[A-Za-z_./][A-Za-z0-9_.\-/]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "none", "~", ".inf", ".nan"}


def yaml_value(value: Any) -> str:
    """A value in YAML flow style (JSON quoting where a plain scalar could be misread)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return value if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS else json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_value(str(k))}: {yaml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def _origin_text(o: dict) -> str:
    if o["origin"] == "file":
        return f"{o['file']}:{o['line']}" if o.get("line") else o["file"]
    return o["origin"]


def render_yaml(policy: Policy, target: str, cwd: Path) -> str:
    origins = _Origins(policy, cwd)
    doc = effective_document(policy)
    out = [f"# claude-lint config: the effective policy for {target}"]
    if policy.source:
        chain = [_display(p, cwd) for p in extend_chain(policy.source)]
        out.append(f"# policy file: {chain[0]}" + (f" (extends {' -> '.join(chain[1:])})" if len(chain) > 1 else ""))
    else:
        out.append("# policy file: none found: built-in defaults")
    pinned = [_display(p, cwd) for p, part in policy.files if part == "pinned"]
    if pinned:
        out.append(f"# pinned organisation policy: {' -> '.join(pinned)} (the repository's policy may only tighten it)")
    if policy.root:
        if policy.test_root is not None:
            out.append(f"# relative globs (exclude, rules.*.exclude) start at {_display(policy.root, cwd)}")
            out.append(
                f"# test-paths (set by a file outside the repository) start at {_display(policy.test_root, cwd)}"
            )
        else:
            out.append(f"# relative globs (exclude, test-paths, rules.*.exclude) start at {_display(policy.root, cwd)}")
    out.append("# each value is followed by where it came from: file:line, default, or command line")
    rows: list[tuple[str, str | None]] = []  # (text, origin)
    opened: set[str] = set()
    for path, value in _leaves(doc):
        parts = path.split(".")
        # open the mappings above this value
        for n in range(1, len(parts)):
            head = ".".join(parts[:n])
            if head not in opened:
                opened.add(head)
                rows.append(("  " * (n - 1) + f"{yaml_value(parts[n - 1])}:", None))
        indent = "  " * (len(parts) - 1)
        rows.append((f"{indent}{yaml_value(parts[-1])}: {yaml_value(value)}", _origin_text(origins(path))))
    width = min(max(len(t) for t, _ in rows), 56)
    for text, origin in rows:
        out.append(f"{text.ljust(width)}  # {origin}" if origin else text)
    return "\n".join(out) + "\n"


def render_json(policy: Policy, target: str, cwd: Path) -> str:
    origins = _Origins(policy, cwd)
    doc = effective_document(policy)
    chain = [_display(p, cwd) for p in extend_chain(policy.source)] if policy.source else []
    return (
        json.dumps(
            {
                "path": target,
                "policy_file": chain[0] if chain else None,
                "extends": chain[1:],
                "root": str(policy.root) if policy.root else None,
                "policy_files": [{"path": _display(p, cwd), "part": part} for p, part in policy.files],
                "effective": doc,
                "origins": {path: origins(path) for path, _ in _leaves(doc)},
            },
            indent=2,
        )
        + "\n"
    )
