"""The one orchestration: paths → discovery → per-file policy → engines → suppressions →
one sorted list of findings and notices."""

from __future__ import annotations

import codecs
import io
import os
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import registry, suppress
from .config import Policy, PolicyLoader
from .discover import SourceFile, discover
from .engines.python import PREFILTER_RE, PythonEngine, PythonSource
from .engines.text import TextEngine
from .model import Finding, Notice, NoticeKind, Rule, RuleMeta, Severity, sorted_findings

PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")
NOTEBOOK_SUFFIX = ".ipynb"
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
#: suffixes that are binary by nature: skipped without reading and without a notice
_BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .bmp .ico .webp .pdf .zip .gz .tgz .bz2 .xz .7z .jar .war .whl .egg .so .dylib .dll "
    ".exe .bin .o .a .pyc .pyo .class .woff .woff2 .ttf .otf .eot .mp3 .mp4 .mov .avi .wav .flac .ogg .parquet "
    ".feather .h5 .hdf5 .npy .npz .pkl .pickle .db .sqlite .sqlite3 .onnx .pt .pth .safetensors .ckpt".split()
)
_TEXTUAL_SUFFIXES = PYTHON_SUFFIXES + (NOTEBOOK_SUFFIX,)


@dataclass
class RunOptions:
    paths: list[Path]
    config: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    overrides: dict = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE


@dataclass
class RunResult:
    findings: list[Finding]
    notices: list[Notice]
    rules: dict[str, RuleMeta]
    files_scanned: int = 0
    files_parsed: int = 0
    cwd: Path = field(default_factory=Path.cwd)

    @property
    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.suppression is None]


def selected(meta: RuleMeta, select: Iterable[str], ignore: Iterable[str]) -> bool:
    names = {meta.id, *meta.tags}
    select = tuple(select)
    if select and not names & set(select):
        return False
    return not names & set(ignore)


class Runner:
    def __init__(self, options: RunOptions):
        self.options = options
        self.rules = registry.builtin_rules()
        self.rule_classes = {cls.id: cls for cls in registry.rule_classes()}
        instances: list[Rule] = [cls() for cls in registry.rule_classes()]
        self.text_engine = TextEngine(instances)
        self.python_engine = PythonEngine(instances)
        self.loader = PolicyLoader(
            self.rules.keys(),
            registry.all_tags(self.rules.values()),
            config=options.config,
            overrides=options.overrides,
            rule_options={cls.id: dict(cls.options) for cls in registry.rule_classes()},
        )
        self.cwd = Path.cwd().resolve()
        self._active_cache: dict[int, frozenset[str]] = {}

    # -- selection --------------------------------------------------------------------------
    def active_ids(self, policy: Policy) -> frozenset[str]:
        key = id(policy)
        if key not in self._active_cache:
            select = self.options.select or policy.select
            ignore = (*policy.ignore, *self.options.ignore)
            ids = {
                rid
                for rid, meta in self.rules.items()
                if selected(meta, select, ignore) and not (policy.rules.get(rid) and policy.rules[rid].disable)
            }
            self._active_cache[key] = frozenset(ids)
        return self._active_cache[key]

    def validate_selectors(self) -> None:
        from .config import PolicyError, _closest

        valid = set(self.rules) | registry.all_tags(self.rules.values())
        for flag, values in (("--select", self.options.select), ("--ignore", self.options.ignore)):
            for v in values:
                if v not in valid:
                    raise PolicyError(None, flag, f"unknown rule id or tag {v!r}" + _closest(v, valid))

    # -- the run ----------------------------------------------------------------------------
    def run(self) -> RunResult:
        self.validate_selectors()
        notices: list[Notice] = []
        findings: list[Finding] = []
        scanned = parsed = 0
        files = list(discover(self.options.paths, self.cwd, notices))
        for sf in files:
            policy = self.loader.for_path(sf.path, sf.root)
            if policy.is_excluded(sf.path):
                continue
            file_findings, file_notices, was_parsed = self.scan_file(sf, policy)
            if file_findings is not None:
                scanned += 1
            parsed += was_parsed
            findings.extend(file_findings or ())
            notices.extend(file_notices)
        return RunResult(
            sorted_findings(findings),
            sorted(notices, key=lambda n: n.sort_key),
            self.rules,
            scanned,
            parsed,
            self.cwd,
        )

    def scan_file(self, sf: SourceFile, policy: Policy) -> tuple[list[Finding] | None, list[Notice], bool]:
        path, display = sf.path, sf.display
        suffix = path.suffix.lower()
        if suffix in _BINARY_SUFFIXES:
            return None, [], False
        notices: list[Notice] = []
        try:
            size = path.stat().st_size
            if size > self.options.max_file_size:
                return None, [
                    Notice(
                        NoticeKind.TOO_LARGE,
                        f"skipped: {size:,} bytes is over the {self.options.max_file_size:,}-byte limit (--max-file-size)",
                        display,
                    )
                ], False
            data = path.read_bytes()
        except OSError as exc:
            return None, [Notice(NoticeKind.UNREADABLE, f"not readable: {exc.strerror or exc}", display)], False
        if b"\0" in data[:8192]:
            if suffix in _TEXTUAL_SUFFIXES or sf.explicit:
                notices.append(Notice(NoticeKind.BINARY, "skipped: binary content (NUL bytes)", display))
            return None, notices, False

        is_python = suffix in PYTHON_SUFFIXES
        text, decode_ok = _decode(data, is_python)
        if not decode_ok:
            notices.append(
                Notice(
                    NoticeKind.DECODE_ERROR,
                    "invalid UTF-8: only the key scan ran (undecodable bytes replaced)"
                    if is_python or suffix == NOTEBOOK_SUFFIX
                    else "invalid UTF-8: undecodable bytes replaced for the key scan",
                    display,
                )
            )
        active = self.active_ids(policy)
        options = {rid: policy.options_for(rid) for rid in policy.rules}
        findings: list[Finding] = []
        if self.text_engine.active:
            f, n = self.text_engine.scan(display, text, policy, options, is_python=is_python)
            findings.extend(f)
            notices.extend(n)

        source: PythonSource | None = None
        tree_spans: dict[int, tuple[int, int]] = {}
        was_parsed = False
        if decode_ok and (is_python or suffix == NOTEBOOK_SUFFIX) and PREFILTER_RE.search(data):
            if suffix == NOTEBOOK_SUFFIX:
                from .notebook import load_notebook

                source, n = load_notebook(display, text)
                notices.extend(n)
            else:
                source = PythonSource(text)
            if source is not None and self.python_engine.active:
                f, n, tree = self.python_engine.scan(display, source, policy, options)
                findings.extend(f)
                notices.extend(n)
                was_parsed = tree is not None
                if tree is not None and any(x.span[0] == x.span[1] for x in findings):
                    tree_spans = suppress.statement_spans(tree, source.file_line)

        # suppressions
        if "claude-lint" in text:
            if source is not None and suffix == NOTEBOOK_SUFFIX:
                comments = suppress.python_comments(source.text, source.file_line)
            elif is_python:
                comments = suppress.python_comments(text)
            else:
                comments = suppress.text_comments(text)
        else:
            comments = []
        if tree_spans:
            findings = [
                f.with_(span=tree_spans[f.location.line]) if f.span[0] == f.span[1] and f.location.line in tree_spans else f
                for f in findings
            ]
        findings = [f for f in findings if f.rule_id in active and not policy.rule_excludes(f.rule_id, path)]
        findings = suppress.apply(
            findings,
            comments,
            display,
            active=lambda rid: rid in active and not policy.rule_excludes(rid, path),
            known=lambda rid: rid in self.rules,
            meta_severity=lambda rid: (self.rules[rid].severity, self.rules[rid].confidence, self.rules[rid].fix_hint),
        )
        findings = [f for f in findings if f.rule_id in active]
        findings = [self._adjust(f, policy, path) for f in findings]
        return findings, notices, was_parsed

    @staticmethod
    def _adjust(f: Finding, policy: Policy, path: Path) -> Finding:
        settings = policy.rules.get(f.rule_id)
        severity = settings.severity if settings and settings.severity else f.severity
        props = f.properties
        if policy.is_test_path(path):
            severity = severity.lowered()
            props = {**props, "test-path": True}
        if severity is f.severity and props is f.properties:
            return f
        return f.with_(severity=severity, properties=props)


def _decode(data: bytes, is_python: bool) -> tuple[str, bool]:
    try:
        return data.decode("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"), True
    except UnicodeDecodeError:
        pass
    if is_python:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            if encoding not in ("utf-8", "utf-8-sig"):
                return data.decode(encoding), True
        except (SyntaxError, LookupError, UnicodeDecodeError):
            pass
    return data.decode("utf-8", errors="replace"), False


def run(options: RunOptions) -> RunResult:
    return Runner(options).run()


def exit_code(result: RunResult, fail_on: Severity, *, exit_zero: bool = False, strict: bool = False) -> int:
    from .model import INCOMPLETE_KINDS

    if exit_zero:
        return 0
    if any(f.severity >= fail_on for f in result.active_findings):
        return 1
    if strict and any(n.kind in INCOMPLETE_KINDS for n in result.notices):
        return 4
    return 0
