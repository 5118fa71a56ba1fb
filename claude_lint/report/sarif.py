"""SARIF 2.1.0 for GitHub code scanning: the only module that writes SARIF (DESIGN §3, §5).

Every mapping lives here: severity → ``level`` and ``security-severity``, confidence →
``precision``, tags and CWE, help text and Markdown (from :mod:`.markdown`),
``%SRCROOT%``-relative URIs, UTF-16 columns, the fingerprint, ``codeFlows``, notifications
and GitHub's size limits (reference/integrations.md §1, §6).

The objects are sarif-om's.  sarif-om has no serialiser, and jschema_to_python drops every
value equal to its attrs default (``level: "warning"`` would vanish, and a warning under an
error-default rule would then read as an error).  :func:`to_json` is our own small attrs
walker: it writes each field under its ``schema_property_name`` and keeps every value that
was passed explicitly to :func:`_om`, default or not.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

import attr
import sarif_om as om

from .. import __version__
from ..keys import redact_text
from ..model import Confidence, Finding, FlowStep, Location, Notice, NoticeKind, RuleMeta, Severity
from ..textsafe import json_safe, sarif_text, visible
from .ruledocs import help_uri, rule_markdown, rule_text, sentence

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "claude-lint"
INFORMATION_URI = "https://github.com/claude-lint/claude-lint"
SRCROOT = "%SRCROOT%"
#: the one key of ``partialFingerprints`` we write (GitHub adds primaryLocationLineHash)
FINGERPRINT_KEY = "claude-lint/v1"

#: GitHub code scanning rejects a run with more than 25,000 results and displays only the
#: 5,000 most severe of an accepted one (integrations §1.6): keeping more would only make the
#: upload bigger and slower, so the writer keeps the 5,000 most severe itself and says so.
MAX_RESULTS = 5_000
GITHUB_REJECTS_ABOVE = 25_000
#: GitHub keeps at most this many thread-flow locations of a result
MAX_FLOW_LOCATIONS = 1_000
#: related locations kept per result, and how many of them the message links to
MAX_RELATED = 1_000
MAX_LINKS = 10
#: GitHub keeps 10 tags of a rule (20 is the hard limit)
MAX_TAGS = 10
#: shortDescription / fullDescription / name limits
MAX_DESCRIPTION = 1024
MAX_NAME = 255

LEVEL = {Severity.LOW: "note", Severity.MEDIUM: "warning", Severity.HIGH: "error", Severity.CRITICAL: "error"}
SECURITY_SEVERITY = {Severity.LOW: "3.0", Severity.MEDIUM: "5.5", Severity.HIGH: "8.0", Severity.CRITICAL: "9.5"}
PRECISION = {Confidence.LOW: "low", Confidence.MEDIUM: "medium", Confidence.HIGH: "high"}
PROBLEM_SEVERITY = {"note": "recommendation", "warning": "warning", "error": "error"}


# --------------------------------------------------------------------------- fingerprints


def fingerprint(finding: Finding, occurrence: int = 1) -> str:
    """The stable identity of a finding: ``"<hex>:<n>"``.

    The hash covers the rule id, the file path and the finding's normalised, redacted
    statement text (``snippet``) — never the line number, so inserting unrelated lines
    above a finding keeps it.  ``occurrence`` (1-based) tells apart identical findings of
    one file; :func:`fingerprints` numbers them in file order.  SARIF
    ``partialFingerprints["claude-lint/v1"]`` and the baseline both use this value.
    """
    return f"{finding.digest()}:{occurrence}"


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """:func:`fingerprint` of every finding, with occurrence counters assigned in the order
    given (pass the run's sorted findings, suppressed ones included, so the numbering does
    not depend on which of them an output shows)."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        base = fingerprint(f, 0).rpartition(":")[0]
        seen[base] += 1
        out.append(f"{base}:{seen[base]}")
    return out


# --------------------------------------------------------------------------- serialisation

_EXPLICIT = "_claude_lint_explicit"


def _om(cls: type, **kwargs: Any) -> Any:
    """Build a sarif-om object and remember which fields were given explicitly."""
    obj = cls(**kwargs)
    obj.__dict__[_EXPLICIT] = frozenset(k for k, v in kwargs.items() if v is not None)
    return obj


def _is_default(field: attr.Attribute, value: Any) -> bool:
    default = field.default
    if default is attr.NOTHING:
        return False
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        default = default.factory()  # type: ignore[union-attr]
    return value == default


#: properties written first, for readers of the file (JSON objects are unordered)
_FIRST: dict[type, tuple[str, ...]] = {
    om.SarifLog: ("$schema", "version"),
    om.ToolComponent: ("name", "semanticVersion", "version", "informationUri"),
    om.ReportingDescriptor: ("id", "name", "shortDescription", "fullDescription", "defaultConfiguration"),
    om.Result: ("ruleId", "ruleIndex", "level", "message"),
    om.Location: ("id",),
    om.Region: ("startLine", "startColumn", "endLine", "endColumn"),
    om.Notification: ("level", "message"),
}


def to_json(obj: Any) -> Any:
    """sarif-om objects → plain JSON data, keyed by each field's ``schema_property_name``.

    ``None`` is never written; a value equal to its attrs default is written only when it
    was passed explicitly through :func:`_om` (``level: "warning"`` survives)."""
    if attr.has(type(obj)):
        explicit = obj.__dict__.get(_EXPLICIT, frozenset())
        out: dict[str, Any] = {}
        for field in attr.fields(type(obj)):
            value = getattr(obj, field.name)
            if value is None:
                continue
            if field.name not in explicit and _is_default(field, value):
                continue
            out[field.metadata.get("schema_property_name", field.name)] = to_json(value)
        first = _FIRST.get(type(obj), ())
        if first:
            out = {**{k: out[k] for k in first if k in out}, **out}
        return out
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, Path):
        return obj.as_posix()
    return obj


# --------------------------------------------------------------------------- mappings


def _text(value: str, limit: int = 0) -> str:
    """One line of plain text: redacted, whitespace collapsed, control characters visible
    (message text is further escaped by :func:`sarif_text`; the whole log by :func:`json_safe`)."""
    value = visible(redact_text(" ".join(str(value).split())))
    if limit and len(value) > limit:
        cut = value[: limit - 1]
        space = cut.rfind(" ")
        value = (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"
    return value


def rule_tags(meta: RuleMeta) -> list[str]:
    """At most :data:`MAX_TAGS`: ``security`` and the CWE tags first when present."""
    cwe = [f"external/cwe/cwe-{n}" for n in meta.cwe]
    head = (["security"] if "security" in meta.tags else []) + cwe
    rest = [t for t in meta.tags if t not in head]
    tags = list(dict.fromkeys(head + rest))
    return tags[:MAX_TAGS]


def _rule(meta: RuleMeta) -> Any:
    level = LEVEL[meta.severity]
    props: dict[str, Any] = {"tags": rule_tags(meta), "precision": PRECISION[meta.confidence]}
    if "security" in meta.tags:
        props["security-severity"] = SECURITY_SEVERITY[meta.severity]
    else:
        props["problem.severity"] = PROBLEM_SEVERITY[level]
    summary = sentence(_text(meta.summary or meta.id, MAX_DESCRIPTION - 1))
    return _om(
        om.ReportingDescriptor,
        id=meta.id,
        name=meta.name[:MAX_NAME],
        short_description=_om(om.MultiformatMessageString, text=summary),
        full_description=_om(om.MultiformatMessageString, text=_text(meta.description or summary, MAX_DESCRIPTION)),
        help=_om(
            om.MultiformatMessageString, text=redact_text(rule_text(meta)), markdown=redact_text(rule_markdown(meta))
        ),
        help_uri=help_uri(meta),
        default_configuration=_om(om.ReportingConfiguration, level=level),
        properties=props,
    )


def artifact_uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) for a finding's path: relative paths are percent-encoded and based
    on ``%SRCROOT%``; absolute ones (a scan outside the working directory) become file URIs."""
    p = PurePosixPath(path)
    if p.is_absolute() or re.match(r"[A-Za-z]:[\\/]", path):  # a file named "::x" is not a drive
        return Path(path).as_uri(), None
    rel = path[2:] if path.startswith("./") else path
    return quote(rel, safe="/-._~"), SRCROOT


def _artifact(path: str) -> Any:
    uri, base = artifact_uri(path)
    return _om(om.ArtifactLocation, uri=uri, uri_base_id=base)


def _region(loc: Location) -> Any:
    start_line = max(1, loc.line)
    end_line = max(start_line, loc.end_line or start_line)
    start_col = max(1, loc.column_utf16 or loc.column or 1)
    end_col = max(1, loc.end_column_utf16 or loc.end_column or 1)
    if end_line == start_line and end_col < start_col:
        end_col = start_col
    return _om(om.Region, start_line=start_line, start_column=start_col, end_line=end_line, end_column=end_col)


def _location(loc: Location, message: str | None = None, id: int | None = None) -> Any:
    return _om(
        om.Location,
        id=id,
        physical_location=_om(om.PhysicalLocation, artifact_location=_artifact(loc.path), region=_region(loc)),
        message=_om(om.Message, text=sarif_text(_text(message))) if message else None,
    )


def _code_flow(steps: Sequence[FlowStep]) -> Any:
    message = None
    if len(steps) > MAX_FLOW_LOCATIONS:
        omitted = len(steps) - MAX_FLOW_LOCATIONS
        steps = [*steps[: MAX_FLOW_LOCATIONS - 1], steps[-1]]
        message = _om(
            om.Message,
            text=f"{omitted} intermediate steps of {omitted + MAX_FLOW_LOCATIONS} omitted "
            f"(GitHub keeps at most {MAX_FLOW_LOCATIONS:,}).",
        )
    locations = [_om(om.ThreadFlowLocation, location=_location(s.location, s.message or "step")) for s in steps]
    return _om(om.CodeFlow, thread_flows=[_om(om.ThreadFlow, locations=locations)], message=message)


def result_message(f: Finding, meta: RuleMeta | None) -> str:
    """The finding's message as one self-contained first sentence, then its related
    locations as embedded links (``Related: [used here](1), …``), then the fix hint.

    Every piece of text is escaped by :func:`sarif_text` (``[`` and ``]`` from a file never
    make a link, SARIF §3.11.6); the only links are the ones written here, around a
    label that is itself escaped, pointing at ``relatedLocations`` ids."""
    text = sarif_text(sentence(_text(f.message or (meta.summary if meta else f.rule_id))))
    related = f.related[:MAX_RELATED]
    if related:
        links = [
            f"[{sarif_text(_text(r.label)) or 'related'}]({i})" for i, r in enumerate(related[:MAX_LINKS], start=1)
        ]
        more = len(related) - len(links)
        text += " Related: " + ", ".join(links) + (f" and {more} more" if more > 0 else "") + "."
    hint = f.fix_hint or (meta.fix_hint if meta else "")
    if hint:
        text += " " + sarif_text(sentence(_text(hint)))
    return text


def _related(f: Finding) -> list[Any] | None:
    if not f.related:
        return None
    return [_location(r.location, r.label or "related", id=i) for i, r in enumerate(f.related[:MAX_RELATED], start=1)]


def _result(f: Finding, index: int, meta: RuleMeta | None, fp: str, include_suppression: bool) -> Any:
    props: dict[str, Any] = {"confidence": f.confidence.value, "severity": f.severity.value}
    for k, v in (f.properties or {}).items():
        props.setdefault(str(k), v)
    suppressions = None
    if include_suppression and f.suppression is not None:
        kind = "external" if f.suppression.kind == "baseline" else "inSource"  # a baseline file is external
        suppressions = [_om(om.Suppression, kind=kind, justification=_text(f.suppression.justification) or None)]
    return _om(
        om.Result,
        rule_id=f.rule_id,
        rule_index=index,
        level=LEVEL[f.severity],
        message=_om(om.Message, text=result_message(f, meta)),
        locations=[_location(f.location)],
        related_locations=_related(f),
        partial_fingerprints={FINGERPRINT_KEY: fp},
        code_flows=[_code_flow(f.flow)] if f.flow else None,
        suppressions=suppressions,
        properties=props,
    )


def _notification(n: Notice, rule_index: dict[str, int]) -> Any:
    locations = None
    if n.path:
        region = _om(om.Region, start_line=n.line) if n.line > 0 else None
        locations = [
            _om(
                om.Location,
                physical_location=_om(om.PhysicalLocation, artifact_location=_artifact(n.path), region=region),
            )
        ]
    associated = None
    if n.rule_id:
        associated = _om(om.ReportingDescriptorReference, id=n.rule_id, index=rule_index.get(n.rule_id))
    return _om(
        om.Notification,
        level=n.level,
        message=_om(om.Message, text=sarif_text(sentence(_text(n.message))) or n.kind.value),
        descriptor=_om(om.ReportingDescriptorReference, id=n.kind.value),
        associated_rule=associated,
        locations=locations,
    )


def _keep_most_severe(pairs: list[tuple[Finding, str]], limit: int) -> list[tuple[Finding, str]]:
    if len(pairs) <= limit:
        return pairs
    order = sorted(range(len(pairs)), key=lambda i: (-pairs[i][0].severity.rank, -pairs[i][0].confidence.rank, i))
    kept = sorted(order[:limit])
    return [pairs[i] for i in kept]


def _dir_uri(path: Path) -> str:
    uri = Path(path).resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


# --------------------------------------------------------------------------- the log


def sarif_log(result, *, include_suppressed: bool = False, sarif_category: str | None = None) -> dict:
    """The SARIF document of a run, as JSON data."""
    metas: dict[str, RuleMeta] = dict(result.rules)
    for f in result.findings:  # a finding of a rule the run does not list still needs a descriptor
        if f.rule_id not in metas:
            metas[f.rule_id] = RuleMeta(f.rule_id, f.rule_id, "", f.severity, f.confidence)
    ordered = [metas[k] for k in sorted(metas)]
    rule_index = {m.id: i for i, m in enumerate(ordered)}

    all_findings = list(result.findings)
    pairs = list(zip(all_findings, fingerprints(all_findings)))
    if not include_suppressed:
        pairs = [(f, fp) for f, fp in pairs if f.suppression is None]
    notices: list[Notice] = list(result.notices)
    if len(pairs) > MAX_RESULTS:
        dropped = len(pairs) - MAX_RESULTS
        pairs = _keep_most_severe(pairs, MAX_RESULTS)
        notices.append(
            Notice(
                NoticeKind.RESULTS_TRUNCATED,
                f"{dropped:,} results dropped: GitHub code scanning shows at most {MAX_RESULTS:,} results "
                f"of a run (and rejects runs above {GITHUB_REJECTS_ABOVE:,}); the {MAX_RESULTS:,} most "
                "severe were kept (--format json lists them all)",
            )
        )

    results = [_result(f, rule_index[f.rule_id], metas.get(f.rule_id), fp, include_suppressed) for f, fp in pairs]
    cwd = Path(getattr(result, "cwd", None) or Path.cwd())
    root_uri = _dir_uri(cwd)
    invocation = _om(
        om.Invocation,
        execution_successful=not any(n.kind is NoticeKind.INTERNAL_ERROR for n in notices),
        tool_execution_notifications=[_notification(n, rule_index) for n in notices] or None,
        working_directory=_om(om.ArtifactLocation, uri=root_uri),
        properties={"policyFiles": [{"path": p, "part": part} for p, part in getattr(result, "policy_files", [])]},
    )
    driver = _om(
        om.ToolComponent,
        name=TOOL_NAME,
        semantic_version=__version__,
        version=__version__,
        information_uri=INFORMATION_URI,
        rules=[_rule(m) for m in ordered],
    )
    category = None
    if sarif_category:
        category = sarif_category if sarif_category.endswith("/") else sarif_category + "/"
    run = _om(
        om.Run,
        tool=_om(om.Tool, driver=driver),
        automation_details=_om(om.RunAutomationDetails, id=category) if category else None,
        invocations=[invocation],
        original_uri_base_ids={SRCROOT: _om(om.ArtifactLocation, uri=root_uri)},
        column_kind="utf16CodeUnits",
        results=results,
    )
    # every string of the log, rule ids and help Markdown included, through the output boundary
    return json_safe(to_json(_om(om.SarifLog, schema_uri=SCHEMA_URI, version=SARIF_VERSION, runs=[run])))


def write(
    result, out: TextIO, *, include_suppressed: bool = False, sarif_category: str | None = None, **_: object
) -> None:
    json.dump(sarif_log(result, include_suppressed=include_suppressed, sarif_category=sarif_category), out, indent=2)
    out.write("\n")
