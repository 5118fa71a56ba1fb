"""The semgrep engine: built-in semgrep rules (``rules/<id>.yaml``) and the organisation's
``custom-rules``, run as one offline subprocess per repository root."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..model import Confidence, RuleMeta, Severity

_SEVERITY = {"info": Severity.LOW, "low": Severity.LOW, "warning": Severity.MEDIUM, "medium": Severity.MEDIUM,
             "error": Severity.HIGH, "high": Severity.HIGH, "critical": Severity.CRITICAL}


def builtin_rule_metas(folder: Path) -> list[RuleMeta]:
    """Metadata of the built-in semgrep rules that carry their own documentation.  A rule
    file without ``metadata.description`` is a companion of the Python rule of that id."""
    metas: list[RuleMeta] = []
    if not folder.is_dir():
        return metas
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules", []):
            md = rule.get("metadata") or {}
            metas.append(
                RuleMeta(
                    id=rule["id"],
                    summary=md.get("summary", rule["id"]),
                    docs=md.get("description", ""),
                    severity=_SEVERITY.get(str(rule.get("severity", "medium")).lower(), Severity.MEDIUM),
                    confidence=Confidence.parse(md.get("confidence", "medium")),
                    tags=tuple(md.get("tags", ())),
                    cwe=tuple(int(c) for c in md.get("cwe-ids", ())),
                    fix_hint=md.get("fix-hint", ""),
                    engines=("semgrep",),
                    source=str(path),
                )
            )
    return metas
