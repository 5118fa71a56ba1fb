"""The semgrep engine: built-in semgrep rules (``rules/<id>.yaml``) and the organisation's
``custom-rules``, run as ONE offline subprocess per repository root per claude-lint run.

* Offline: ``--metrics=off``, the version check disabled by flag and environment (otherwise
  every run waits ~96 s on a closed network), local configs only.
* ``--no-rewrite-rule-ids`` keeps bare ids; ``--disable-nosem`` so a ``# nosemgrep`` comment
  cannot bypass claude-lint's reasoned suppressions; relative targets, ``cwd`` = the root,
  so paths never come back absolute.
* Columns come back as UTF-8 byte offsets: they are recomputed from the file.
* ``extra.lines``/``fingerprint`` ("requires login") are never used.

Built-in companion rules (a YAML whose rules carry no ``description``) belong to the Python
rule of the same id: each semgrep rule id is ``<rule-id>`` or ``<rule-id>--<variant>``, its
message is ``$NAME<TAB>$VALUE`` (the captured variable name and value), and the Python rule's
``judge_config(name, value, policy)`` decides, against the policy, whether it is a finding
(it returns the finding's message, or None); ``rulekit.config_values.config_value`` resolves
what a configuration file gives a variable (``${X:-default}``), or says it cannot be known.
The runner runs them only in repositories that use Claude and only on configuration files
that match a rule's ``metadata.prefilter``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..model import Confidence, Finding, Location, Notice, NoticeKind, RuleMeta, Severity, utf16_len

_SEVERITY = {
    "info": Severity.LOW,
    "low": Severity.LOW,
    "inventory": Severity.LOW,
    "experiment": Severity.LOW,
    "warning": Severity.MEDIUM,
    "medium": Severity.MEDIUM,
    "error": Severity.HIGH,
    "high": Severity.HIGH,
    "critical": Severity.CRITICAL,
}
OFFLINE_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
OFFLINE_ARGS = (
    "scan",
    "--json",
    "--metrics=off",
    "--disable-version-check",
    "--no-rewrite-rule-ids",
    "--disable-nosem",
    "--quiet",
)


class CustomRuleError(Exception):
    """A broken custom rule file: exit code 2, naming the file."""


def claude_id(semgrep_id: str) -> str:
    """``insecure-base-url--env`` → ``insecure-base-url``."""
    return semgrep_id.split("--", 1)[0]


def _load_yaml_rules(path: Path) -> list[dict]:
    """The rules of one rule file, read within :mod:`claude_lint.bounded`'s limits (a regular
    file, a byte cap, no alias bomb, bounded depth); errors never quote the file's content."""
    from .. import bounded

    try:
        text = bounded.read(path, bounded.RULES_BYTES).decode("utf-8")
    except bounded.ReadError as exc:
        raise CustomRuleError(f"{path}: semgrep rule file {exc}") from None
    except UnicodeDecodeError:
        raise CustomRuleError(f"{path}: not a readable semgrep rule file: not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise CustomRuleError(f"{path}: not a readable semgrep rule file: not valid YAML{where}") from None
    except RecursionError:
        raise CustomRuleError(f"{path}: semgrep rule file is nested too deeply to be read") from None
    problem = bounded.shape_problem(data, bounded.RULES_VALUES)
    if problem:
        raise CustomRuleError(f"{path}: semgrep rule file {problem}")
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise CustomRuleError(f"{path}: a semgrep rule file needs a top-level `rules:` list")
    for i, rule in enumerate(data["rules"]):
        if not isinstance(rule, dict) or not isinstance(rule.get("id"), str):
            raise CustomRuleError(f"{path}: rules[{i}] has no string `id`")
    return data["rules"]


def builtin_rule_metas(folder: Path) -> list[RuleMeta]:
    """Metadata of built-in semgrep rules.  Companion rules (no ``metadata.description``)
    return a meta with empty docs; the registry merges them into the Python rule."""
    metas: list[RuleMeta] = []
    if not folder.is_dir():
        return metas
    for path in sorted(folder.glob("*.yaml")):
        seen: set[str] = set()
        for rule in _load_yaml_rules(path):
            cid = claude_id(rule["id"])
            if cid in seen:
                continue
            seen.add(cid)
            metas.append(_meta(rule, path, origin="builtin", rule_id=cid))
    return metas


def _meta(rule: dict, path: Path, origin: str, rule_id: str | None = None) -> RuleMeta:
    md = rule.get("metadata") or {}
    sev = _SEVERITY.get(str(rule.get("severity", "medium")).lower(), Severity.MEDIUM)
    try:
        conf = Confidence.parse(md.get("confidence", "medium"))
    except ValueError:
        conf = Confidence.MEDIUM
    cwe: list[int] = []
    for c in md.get("cwe", []) if isinstance(md.get("cwe"), list) else [md.get("cwe")] if md.get("cwe") else []:
        m = re.search(r"(\d+)", str(c))
        if m:
            cwe.append(int(m.group(1)))
    tags = [str(t) for t in md.get("tags", [])] if isinstance(md.get("tags"), list) else []
    if origin == "custom" and "custom" not in tags:
        tags.append("custom")
    message = str(rule.get("message", "")).strip()
    docs = md.get("description") or ""
    if origin == "custom" and not docs:
        refs = md.get("references") or []
        docs = (
            f"## What it does\n{message}\n\n## Why is this bad?\nAn organisation policy defined in `{path.name}`.\n\n"
            f"## Example\n\n## Use instead\n\n## References\n" + "\n".join(f"- {r}" for r in refs)
        )
    return RuleMeta(
        id=rule_id or rule["id"],
        summary=str(md.get("summary") or message.split(".")[0][:120] or rule["id"]),
        docs=str(docs),
        severity=sev,
        confidence=conf,
        tags=tuple(tags[:6]),
        cwe=tuple(cwe),
        fix_hint=str(md.get("fix-hint", "")),
        engines=("semgrep",),
        origin=origin,
        source=str(path),
    )


class ConfigPrefilter:
    """Decides whether a configuration file is worth handing to semgrep: whether some
    built-in rule's ``metadata.prefilter`` matches it.  A rule's prefilter is a regex, or a
    list of regexes that must all match (a rule that needs two things in one file, e.g. an
    AWS region variable *and* a Bedrock mention, says so and spares semgrep the files that
    have only one).

    Each regex runs only on a file that holds one of its *required literals*: strings read
    off the regex's syntax tree such that no text without one of them can match (found
    case-insensitively in the file's lower-cased bytes, a superset of what the regex
    accepts).  So a file that cannot concern any rule — the usual recorded HTTP cassette,
    lock file or fixture — costs one ``bytes.lower()`` and a handful of substring searches,
    linear in its size; a regex whose literals cannot be derived simply always runs."""

    def __init__(self, rules: list[tuple[str, list[re.Pattern[bytes]]]]):
        #: per semgrep rule: its claude-lint rule id and, for each regex that must match, the
        #: regex and its required literal clauses (None: none derived)
        self.rules = [(rid, [(rx, required_literals(rx)) for rx in regexes]) for rid, regexes in rules]
        #: the claude-lint rule ids the prefilters belong to
        self.rule_ids = frozenset(rid for rid, _ in rules)

    def __bool__(self) -> bool:
        return bool(self.rules)

    def search(self, data: bytes, low: bytes | None = None, rule_ids: Container[str] | None = None) -> bool:
        """Whether a rule's prefilter matches ``data`` (``low``: it lower-cased, if known);
        ``rule_ids``: only the rules of these claude-lint ids count."""
        low = data.lower() if low is None else low
        for rid, regexes in self.rules:
            if rule_ids is not None and rid not in rule_ids:
                continue
            for rx, clauses in regexes:
                if clauses is not None and not all(any(lit in low for lit in clause) for clause in clauses):
                    break
                if rx.search(data) is None:
                    break
            else:
                return True
        return False


def builtin_prefilter(folder: Path) -> ConfigPrefilter | None:
    """What a configuration file must match before the built-in semgrep rules are worth
    running on it: the rules' ``metadata.prefilter`` (None when no rule has one)."""
    rules: list[tuple[str, list[re.Pattern[bytes]]]] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            for rule in _load_yaml_rules(path):
                pre = (rule.get("metadata") or {}).get("prefilter")
                if pre:
                    regexes = [re.compile(str(p).encode()) for p in (pre if isinstance(pre, list) else [pre])]
                    rules.append((claude_id(str(rule["id"])), regexes))
    return ConfigPrefilter(rules) if rules else None


def required_literals(rx: re.Pattern[bytes]) -> tuple[tuple[bytes, ...], ...] | None:
    """Clauses of lower-cased byte strings such that every text ``rx`` matches holds, for
    each clause, one of its strings (compare with the text lower-cased); None when no clause
    can be derived.  Read off the regex's syntax tree: a run of literal characters is a
    clause, so are the clauses of a group or of a part repeated at least once; an
    alternation contributes what all its alternatives require."""
    if sys.version_info >= (3, 11):
        import re._parser as sre_parse
    else:  # pragma: no cover - Python 3.10
        import sre_parse
    try:
        tree: Any = sre_parse.parse(
            rx.pattern.decode("latin-1"), rx.flags
        )  # a SubPattern: a sequence (typeshed: no __iter__)
    except Exception:  # pragma: no cover - a pattern re compiled always parses
        return None
    # a string holding another string of its clause adds nothing to it
    clauses = {
        frozenset(x for x in c if not any(y != x and y in x for y in c)) for c in _clauses_of(list(tree), sre_parse)
    }
    # a clause that holds another one is implied by it
    clauses = {c for c in clauses if not any(o < c for o in clauses)}
    # the most selective (longest shortest string) first: a file without it stops there
    ordered = sorted((tuple(sorted(c)) for c in clauses), key=lambda c: (-min(map(len, c)), c))
    return tuple(ordered) or None


#: an alternation of alternatives with this many clause combinations keeps only their best clauses
_MAX_COMBINATIONS = 64


def _clauses_of(items: list, sp) -> list[frozenset[bytes]]:
    LITERAL, SUBPATTERN, BRANCH = sp.LITERAL, sp.SUBPATTERN, sp.BRANCH
    REPEATS = tuple(getattr(sp, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sp, n))
    ATOMIC = getattr(sp, "ATOMIC_GROUP", None)  # Python >= 3.11
    clauses: list[frozenset[bytes]] = []
    run = bytearray()

    def flush() -> None:
        if run:
            clauses.append(frozenset({bytes(run).lower()}))
            run.clear()

    for op, av in items:
        if op is LITERAL and av < 256:
            run.append(av)
            continue
        flush()  # anything else (a class, an anchor, a look-around) ends the run of literals
        if op is SUBPATTERN:
            clauses.extend(_clauses_of(list(av[-1]), sp))
        elif ATOMIC is not None and op is ATOMIC:
            clauses.extend(_clauses_of(list(av), sp))
        elif op in REPEATS and av[0] >= 1:
            clauses.extend(_clauses_of(list(av[2]), sp))
        elif op is BRANCH:
            alts = [_clauses_of(list(a), sp) for a in av[1]]
            if not all(alts):
                continue  # an alternative that requires nothing: the alternation requires nothing
            combos = 1
            for alt in alts:
                combos *= len(alt)
            if combos > _MAX_COMBINATIONS:
                alts = [[max(alt, key=lambda c: min(map(len, c)))] for alt in alts]
            # (a1 and a2) or (b1 and b2) requires (a1 or b1), (a1 or b2), (a2 or b1), (a2 or b2)
            merged: list[frozenset[bytes]] = [frozenset()]
            for alt in alts:
                merged = [m | c for m in merged for c in alt]
            clauses.extend(merged)
    flush()
    return clauses


def custom_rule_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file()))
        else:
            files.append(p)
    return files


def custom_rule_metas(paths: Iterable[Path]) -> dict[str, RuleMeta]:
    """The organisation's own rules, keyed by id (their ids are kept as written)."""
    out: dict[str, RuleMeta] = {}
    for f in custom_rule_files(paths):
        for rule in _load_yaml_rules(f):
            out[rule["id"]] = _meta(rule, f, origin="custom")
    return out


def semgrep_command() -> list[str] | None:
    """How to start semgrep, or None when it is not installed.

    claude-lint's own environment comes first: the scripts folder of the interpreter that
    runs claude-lint (``/path/to/venv/bin/claude-lint`` called by its absolute path, from cron,
    CI or an editor, has no venv on PATH), then PATH.  ``sys.executable`` is not resolved: a
    venv's ``python`` is a symlink to the base interpreter, whose folder is not the venv's.
    """
    names = ("semgrep.exe", "semgrep") if os.name == "nt" else ("semgrep",)
    folders = [Path(sys.executable).parent]
    scripts = sysconfig.get_path("scripts")
    if scripts:
        folders.append(Path(scripts))
    for folder in folders:
        for name in names:
            exe = folder / name
            if exe.is_file() and os.access(exe, os.X_OK):
                return [str(exe)]
    exe = shutil.which("semgrep")
    if exe:
        return [exe]
    return None


@dataclass
class Match:
    semgrep_id: str
    rule_id: str
    path: str  # relative to the root, as semgrep reported it
    start_line: int
    start_byte_col: int
    end_line: int
    end_byte_col: int
    start_offset: int
    end_offset: int
    message: str
    severity: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class SemgrepRun:
    matches: list[Match]
    notices: list[Notice]
    seconds: float = 0.0
    version: str = ""


def run_semgrep(
    root: Path,
    targets: list[Path],
    configs: list[Path],
    *,
    timeout: float | None = None,
    display_root: str = "",
) -> SemgrepRun:
    """Run semgrep once over ``targets`` (files below ``root``) with ``configs``."""
    import time

    cmd = semgrep_command()
    if cmd is None:
        raise FileNotFoundError("semgrep")
    rel_targets = sorted({os.path.relpath(t, root) for t in targets})
    argv = [*cmd, *OFFLINE_ARGS]
    for c in configs:
        argv += ["--config", str(c)]
    argv += ["--", *rel_targets]
    from .. import git  # semgrep may run git itself: with the same hardening

    env = {**git.child_environment(), **OFFLINE_ENV}
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            argv,
            cwd=str(root),
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout or max(300.0, 0.2 * len(rel_targets)),
        )
    except subprocess.TimeoutExpired:
        return SemgrepRun(
            [], [Notice(NoticeKind.ENGINE_SKIPPED, "semgrep timed out; its rules were skipped", display_root)]
        )
    seconds = time.perf_counter() - t0
    try:
        data = json.loads(proc.stdout or "{}")
    except json.JSONDecodeError:
        data = {}
    notices: list[Notice] = []
    config_errors = []
    for err in data.get("errors", []) or []:
        etype = str(err.get("type", ""))
        msg = str(err.get("message") or err.get("long_msg") or etype).strip()
        epath = err.get("path") or (err.get("spans") or [{}])[0].get("file", "")
        if (
            "Rule" in etype
            or "InvalidRule" in etype
            or "Config" in etype
            or "YAML" in etype
            or (err.get("level") == "error" and not epath)
        ):
            config_errors.append((epath, msg.splitlines()[0] if msg else etype))
        else:
            line = (err.get("spans") or [{}])[0].get("start", {}).get("line", 0) if err.get("spans") else 0
            notices.append(
                Notice(
                    NoticeKind.SYNTAX_ERROR,
                    f"semgrep could not analyse this file: {msg.splitlines()[0] if msg else etype}",
                    _join(display_root, epath),
                    line,
                )
            )
    if config_errors:
        where, msg = config_errors[0]
        raise CustomRuleError(f"{where or 'semgrep rules'}: {msg}")
    if proc.returncode not in (0, 1) and not data.get("results"):
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        raise RuntimeError(f"semgrep exited with {proc.returncode}: {' '.join(tail)[:300]}")
    matches = []
    for r in data.get("results", []) or []:
        extra = r.get("extra") or {}
        matches.append(
            Match(
                semgrep_id=r["check_id"],
                rule_id=claude_id(r["check_id"]),
                path=r["path"],
                start_line=r["start"]["line"],
                start_byte_col=r["start"]["col"],
                end_line=r["end"]["line"],
                end_byte_col=r["end"]["col"],
                start_offset=r["start"].get("offset", 0),
                end_offset=r["end"].get("offset", 0),
                message=str(extra.get("message", "")),
                severity=str(extra.get("severity", "")),
                metadata=extra.get("metadata") or {},
            )
        )
    return SemgrepRun(matches, notices, seconds, str(data.get("version", "")))


def _join(display_root: str, path: str) -> str:
    if not display_root or display_root == ".":
        return path
    return f"{display_root.rstrip('/')}/{path}"


def location_of(match: Match, text: str, display: str, value: str | None = None) -> Location:
    """The match's location with code-point and UTF-16 columns; narrowed to ``value`` when
    the captured value occurs inside the matched text."""
    data = text.encode("utf-8")
    start, end = match.start_offset, match.end_offset
    if value:
        window = data[start:end]
        i = window.find(value.encode("utf-8"))
        if i >= 0:
            start, end = start + i, start + i + len(value.encode("utf-8"))
    before = data[:start].decode("utf-8", "replace")
    line = before.count("\n") + 1
    line_start = before.rfind("\n") + 1
    prefix = before[line_start:]
    upto_end = data[:end].decode("utf-8", "replace")
    end_line = upto_end.count("\n") + 1
    end_prefix = upto_end[upto_end.rfind("\n") + 1 :]
    return Location(
        display,
        line,
        len(prefix) + 1,
        end_line,
        len(end_prefix) + 1,
        utf16_len(prefix) + 1,
        utf16_len(end_prefix) + 1,
    )


def split_capture(message: str) -> tuple[str, str]:
    """A companion rule's message is ``NAME<TAB>VALUE``."""
    name, _, value = message.partition("\t")
    return name.strip(), value.strip().strip("'\"")


#: the password of a ``scheme://user:password@host`` URL
_URL_PASSWORD = re.compile(r"(?<=://)([^/\s:@]*):([^@\s/]+)@")


def redact_url_passwords(text: str) -> str:
    """``http://svc:hunter22@relay`` → ``http://svc:…@relay`` (configuration lines keep
    credentials in URLs more often than code does)."""
    from ..keys import redact

    return _URL_PASSWORD.sub(lambda m: f"{m.group(1)}:{redact(m.group(2))}@", text)


def judge_match(
    match: Match, text: str, scan: Any, rules, rule_classes, custom_metas, custom_allowed
) -> Finding | None:
    """The finding of one semgrep match in ``scan``'s file (``text``): a companion rule's
    capture judged by its Python rule's ``judge_config`` against the file's policy, or a
    custom rule's match as it stands; None when the value satisfies the policy."""
    rid, display = match.rule_id, scan.source.display
    if rid in rules and "semgrep" in rules[rid].engines:
        meta = rules[rid]
        cls = rule_classes.get(rid)
        judge = cls.judge_config if cls is not None and cls.defines("judge_config") else None
        if judge is None:
            return finding_from_match(match, meta, text, display)
        name, value = split_capture(match.message)
        verdict = judge(cls(), name, value, scan.policy)
        if verdict is None:
            return None
        return finding_from_match(match, meta, text, display, message=verdict, value=value)
    if match.semgrep_id in custom_allowed:
        meta = custom_metas.get(match.semgrep_id)
        if meta is not None:
            return finding_from_match(match, meta, text, display)
    return None


def finding_from_match(
    match: Match,
    meta: RuleMeta,
    text: str,
    display: str,
    message: str | None = None,
    value: str | None = None,
    severity: Severity | None = None,
    confidence: Confidence | None = None,
) -> Finding:
    # the one redaction where text leaves a finding
    from ..textsafe import redact as redact_text

    loc = location_of(match, text, display, value)
    lines = text.splitlines()
    line_text = lines[loc.line - 1] if 0 < loc.line <= len(lines) else ""
    sev = severity or (
        meta.severity if meta.origin == "builtin" else _SEVERITY.get(match.severity.lower(), meta.severity)
    )
    return Finding(
        rule_id=meta.id,
        message=redact_url_passwords(redact_text(message if message is not None else match.message)),
        location=loc,
        severity=sev,
        confidence=confidence or meta.confidence,
        snippet=redact_url_passwords(redact_text(" ".join(line_text.split()))),
        span=(loc.line, loc.end_line),
        fix_hint=meta.fix_hint,
    )
