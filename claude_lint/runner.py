"""The one orchestration: paths → discovery → per-file policy → engines → suppressions →
one sorted list of findings and notices."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from . import (
    gcpolicy,
    notebook,  # notebook.load_notebook looked up per call (tests replace it)
    registry,
    safeio,
    suppress,
    testscope,
    timings,
)
from .baseline import BaselineMatcher
from .cache import ResultCache, code_salt, policy_key
from .config import Policy, PolicyError, PolicyLoader, _closest
from .discover import SourceFile, discover, git_root
from .engines import config_files as cf
from .engines import semgrep as sg
from .engines.python import PythonEngine, PythonSource
from .engines.text import TextEngine
from .filescan import FileScan as _FileScan
from .filescan import RootState as _RootState
from .filescan import freeze as _freeze
from .filescan import needles as _needles
from .filescan import restore as _restore
from .filetext import (
    BINARY_SUFFIXES,
    DEPENDENCY_RE,
    NOTEBOOK_SUFFIX,
    PYTHON_SUFFIXES,
    TEXTUAL_SUFFIXES,
    concerns,
    contains_any,
    decode,
    is_config_file,
    is_dependency_file,
    is_utf8,
    mentions_claude,
    wide_text,
)
from .gitdiff import DiffError, changed_lines, on_changed_line, touches
from .keys import redact_text
from .model import (
    INCOMPLETE_KINDS,
    Finding,
    Notice,
    NoticeKind,
    RuleMeta,
    Severity,
    sorted_findings,
)
from .project import ProjectIndex
from .residency import config_env
from .rule import Rule
from .rulekit.config_values import config_value
from .runrecords import RootSummary, RunOptions, RunResult
from .safeio import FileTooLarge
from .suppress_audit import audit


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
            cache_dir=options.cache_dir,
            pinned=options.policy_mode == "pinned",
        )
        self.cwd = Path.cwd().resolve()
        self._active_cache: dict[int, frozenset[str]] = {}
        self._custom_by_policy: dict[int, dict[str, RuleMeta]] = {}
        self._digests: dict[int, str] = {}
        self._config_rules_by_policy: dict[int, frozenset[str]] = {}
        #: lower-case needles: a file containing none of them cannot produce a finding
        self.needles = _needles(self.text_engine)

        self.cache = ResultCache(options.cache_dir) if options.cache_dir else None
        self.custom_metas: dict[str, RuleMeta] = {}
        #: per repository root, the project index (cross-module reach), built on first use
        self._projects: dict[Path, ProjectIndex] = {}
        #: in a worker of a run without a cache: the summaries the workers share (see _scan_batch)
        self.summary_store: ResultCache | None = None

        self.baseline = BaselineMatcher(
            baseline=options.baseline,
            no_baseline=options.no_baseline,
            write=options.write_baseline,
            diff=bool(options.diff_ref),
            cwd=self.cwd,
            rule_filter=self._cli_selected,
        )
        self.audited: list = []
        #: worker processes of the last scan (1: serial)
        self.workers = 1
        self.tests = testscope.Scope(self.rules.values(), options.include_tests, options.min_confidence)

    def _cli_selected(self, rule_id: str) -> bool:
        meta = self.rules.get(rule_id) or self.custom_metas.get(rule_id)
        return meta is None or selected(meta, self.options.select, self.options.ignore)

    # -- selection --------------------------------------------------------------------------
    def active_ids(self, policy: Policy) -> frozenset[str]:
        key = id(policy)
        if key not in self._active_cache:
            select = self.options.select or policy.select
            ignore = (*policy.ignore, *self.options.ignore)
            ids = {
                rid
                for rid, meta in {**self.rules, **self.custom_rules_of(policy)}.items()
                if selected(meta, select, ignore) and not (policy.rules.get(rid) and policy.rules[rid].disable)
            }
            self._active_cache[key] = frozenset(ids)
        return self._active_cache[key]

    def validate_selectors(self) -> None:
        valid = set(self.rules) | registry.all_tags(self.rules.values())
        for flag, values in (("--select", self.options.select), ("--ignore", self.options.ignore)):
            for v in values:
                if v not in valid:
                    raise PolicyError(None, flag, f"unknown rule id or tag {v!r}" + _closest(v, valid))

    # -- the run ----------------------------------------------------------------------------
    def run(self, progress: Callable[[int, int], None] | None = None) -> RunResult:
        """Scan everything; ``progress(done, total)`` is called as files complete."""
        self.validate_selectors()
        self.baseline.validate()
        notices: list[Notice] = []
        findings: list[Finding] = []
        scanned = parsed = 0
        roots: dict[Path, _RootState] = {}
        pending: list[_FileScan] = []
        work: list[tuple[SourceFile, Policy]] = []
        policy_files: dict[str, str] = {}
        if self.options.config:
            policy_files[str(Path(self.options.config).resolve())] = "pinned" if self.loader.pinned else "config"
        seen_policies: set[int] = set()
        per_root: dict[Path, RootSummary] = {}
        timing = timings.ENABLED
        if timing:
            timings.start()
        for sf in discover(self.options.paths, self.cwd, notices):
            policy = self.loader.for_path(sf.path, sf.root)
            if id(policy) not in seen_policies:
                seen_policies.add(id(policy))
                for path, part in policy.files:
                    policy_files.setdefault(path, part)
            if self.tests.skips(policy, sf.path) and not policy.is_excluded(sf.path):
                per_root.setdefault(sf.root, RootSummary(_display(sf.root, self.cwd) or ".")).tests_skipped += 1
            elif not policy.is_excluded(sf.path):
                work.append((sf, policy))
        if timing:
            timings.stop("discovery")
        if self.options.diff_ref:
            work = self._only_changed(work)
        sources: dict[str, SourceFile | None] = {}
        deferred: list[tuple[SourceFile, Policy]] = []  # prefilter stage 2, after the pass
        claude_roots: set[Path] = set()
        for scan in self._scan_all(work, progress):
            if scan.stage2:
                deferred.append((scan.source, scan.policy))
            elif scan.mentions_claude and scan.source.path.suffix in PYTHON_SUFFIXES:
                claude_roots.add(scan.source.root)
            notices.extend(scan.notices)
            sf, policy = scan.source, scan.policy
            summary = per_root.setdefault(sf.root, RootSummary(_display(sf.root, self.cwd) or "."))
            if scan.findings is None:
                continue
            if sources.setdefault(sf.display, sf) is not sf:
                sources[sf.display] = None  # two files shown under one name: --fix touches neither
            scanned += 1
            summary.files += 1
            parsed += scan.parsed
            state = roots.setdefault(sf.root, _RootState())
            if scan.parsed and not scan.test_like:
                state.config_env(policy).add(sf.display, scan.exports, self._whole(sf) and scan.mentions_claude)
            state.uses_claude |= scan.mentions_claude
            summary.uses_claude |= scan.mentions_claude
            wanted = False
            if scan.config_candidate:
                state.builtin_targets.append(scan)
                wanted = True
            if policy.custom_rules:
                state.custom_targets.append(scan)
                wanted = True
            if wanted:
                pending.append(scan)
            else:
                if timing:
                    timings.start()
                findings.extend(self._finish(scan, summary))
                if timing:
                    timings.stop("finalize")
        for sf, policy in deferred:
            if timing:
                timings.start()
            wanted = sf.root in claude_roots and self.project(sf.root).imports_claude(sf.path)
            if timing:
                timings.stop("prefilter stage 2")
            if not wanted:
                continue
            scan = self.scan_file(sf, policy, stage2=True)
            if scan.imports_claude and scan.findings is not None:
                if scan.parsed and not scan.test_like:
                    roots.setdefault(sf.root, _RootState()).config_env(policy).add(
                        sf.display, scan.exports, self._whole(sf)
                    )
                notices.extend(scan.notices)
                parsed += scan.parsed
                findings.extend(self._finish(scan, per_root[sf.root]))
        if pending:
            if timing:
                timings.start_subprocess()
            notices.extend(self.run_semgrep(roots))
            if timing:
                timings.stop_subprocess("semgrep")
                timings.start()
            for scan in pending:
                findings.extend(self._finish(scan, per_root[scan.source.root]))
            for state in roots.values():  # configuration lines of a code finding's cause: related
                for env in state.config_envs.values():
                    findings = env.attach(findings)
            if timing:
                timings.stop("finalize")
        return RunResult(
            sorted_findings(findings),
            sorted(notices, key=lambda n: n.sort_key),
            {**self.rules, **self.custom_metas},
            scanned,
            parsed,
            self.cwd,
            repositories=sorted(per_root.values(), key=lambda r: r.label),
            baseline=self.baseline.finish(self.options.paths),
            suppressions=self.audited,
            policy_files=[(_display(Path(p), self.cwd) or ".", part) for p, part in policy_files.items()],
            sources=sources,
        )

    # -- scanning, serial or in worker processes -----------------------------------------
    #: below these, a process pool costs more to start than it saves
    PARALLEL_MIN_FILES = 400
    PARALLEL_MIN_BYTES = 8 * 1024 * 1024

    def _scan_all(self, work: list[tuple[SourceFile, Policy]], progress) -> Iterator[_FileScan]:
        total = len(work)
        jobs = self.workers = timings.WORKERS = self._jobs(work)
        if jobs <= 1:
            for i, (sf, policy) in enumerate(work, 1):
                yield self.scan_file(sf, policy)
                if progress:
                    progress(i, total)
            return
        import concurrent.futures as cf  # local: process pools cost start-up time a plain check never pays
        import multiprocessing as mp  # local: process pools cost start-up time a plain check never pays

        global _WORKER, _RUN_DIR
        _WORKER = self
        method = "fork" if "fork" in mp.get_all_start_methods() else None
        if method is None:  # pragma: no cover - non-POSIX platforms
            yield from ((self.scan_file(sf, p)) for sf, p in work)
            return
        # forked workers inherit this process's timing totals: set them aside until the workers exist
        parent_spent = timings.take() if timings.ENABLED else None
        chunk = max(16, min(256, total // (jobs * 8) or 16))
        batches = [work[i : i + chunk] for i in range(0, total, chunk)]
        done = 0
        # with the CPU clock: the parent's own share of the pool (forking, unpickling results);
        # with the wall clock that would be mostly waiting on the workers, so it is not timed
        timing = timings.ENABLED and timings.CLOCK == "cpu"
        if timing:
            timings.start()
        with (
            tempfile.TemporaryDirectory(prefix="claude-lint-run-") as run_dir,
            cf.ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context(method)) as pool,
        ):
            _RUN_DIR = run_dir  # before the first submit forks the workers: they share summaries there
            futures: list = [
                pool.submit(_scan_batch, [(sf, i) for i, (sf, _p) in enumerate(batch)], b)
                for b, batch in enumerate(batches)
            ]
            policies = {b: [p for _sf, p in batch] for b, batch in enumerate(batches)}
            if parent_spent:
                timings.merge(parent_spent)
            if timing:
                timings.stop("worker pool (parent)")
            for k in range(len(futures)):  # in submission order: deterministic
                if timing:
                    timings.start()
                b, results, spent, summaries = futures[k].result()
                futures[k] = None  # a batch's results are not kept past their turn
                for root, fresh in summaries.items():  # for the second prefilter stage, after the pass
                    self.project(root).absorb(fresh)
                if spent:
                    timings.merge(spent)
                if timing:
                    timings.stop("worker pool (parent)")
                for i, scan in results:
                    scan.policy = policies[b][i]
                    yield scan
                done += len(results)
                if progress:
                    progress(done, total)

    def _jobs(self, work: list[tuple[SourceFile, Policy]]) -> int:
        jobs = self.options.jobs
        if jobs is None:
            if len(work) < self.PARALLEL_MIN_FILES:
                return 1
            size = 0
            for sf, _p in work:
                try:
                    size += sf.path.stat().st_size
                except OSError:
                    pass
                if size >= self.PARALLEL_MIN_BYTES:
                    break
            if size < self.PARALLEL_MIN_BYTES:
                return 1
            jobs = os.cpu_count() or 1
        return max(1, jobs)

    def scan_file(self, sf: SourceFile, policy: Policy, stage2: bool = False) -> _FileScan:
        if not timings.ENABLED:
            return self._scan_file(sf, policy, False, stage2)
        timings.start()
        depth = timings.depth()
        try:
            return self._scan_file(sf, policy, True, stage2)
        finally:
            timings.unwind(depth)  # the timers an exception left open (the file's internal error)
            timings.stop("read")  # what the phases inside leave: stat, read, the NUL test

    def read_source(self, sf: SourceFile, notices: list[Notice]) -> bytes | None:
        """The bytes of a discovered file, or None with a notice: a regular file only (a FIFO
        swapped in since discovery is not waited on), at most ``--max-file-size`` bytes."""
        try:
            return safeio.read_regular(sf.path, self.options.max_file_size)
        except FileTooLarge as exc:
            limit = self.options.max_file_size
            notices.append(
                Notice(
                    NoticeKind.TOO_LARGE,
                    f"skipped: {exc.size:,} bytes is over the {limit:,}-byte limit (--max-file-size)",
                    sf.display,
                )
            )
        except OSError as exc:
            notices.append(Notice(NoticeKind.UNREADABLE, f"not readable: {exc.strerror or exc}", sf.display))
        return None

    def _scan_file(self, sf: SourceFile, policy: Policy, timing: bool, stage2: bool = False) -> _FileScan:
        path, display = sf.path, sf.display
        suffix = path.suffix.lower()
        scan = _FileScan(sf, policy)
        if suffix in BINARY_SUFFIXES:
            return scan
        notices = scan.notices
        data = self.read_source(sf, notices)
        if data is None:
            return scan
        wide = wide_text(data)
        if wide is not None:
            # UTF-16/UTF-32 text (a .env written by PowerShell 5): analysed as its UTF-8 equivalent
            text, encoding, ok = wide
            if not ok:
                notices.append(
                    Notice(
                        NoticeKind.DECODE_ERROR,
                        f"invalid {encoding}: undecodable bytes replaced for the analysis",
                        display,
                    )
                )
            data = text.encode("utf-8")
        if b"\0" in data[:8192]:
            # A NUL ends nothing: text with NUL bytes (valid UTF-8) is scanned as text; Python
            # and notebooks cannot hold them (a notice); other binary content is key-scanned
            # when it holds anything a rule looks for (with a decode-error notice), else left.
            if suffix in TEXTUAL_SUFFIXES:
                notices.append(Notice(NoticeKind.BINARY, "skipped: binary content (NUL bytes)", display))
                return scan
            if not is_utf8(data) and (self.needles is not None and not contains_any(data, self.needles)):
                if sf.explicit:
                    notices.append(Notice(NoticeKind.BINARY, "skipped: binary content (NUL bytes)", display))
                return scan
        scan.test_like = self.tests.is_test(policy, path, data)
        if timing:
            timings.start()
        # lower-cased once: the needles and the configuration-file prefilter search it
        low = data.lower() if self.needles is not None else None
        irrelevant = low is not None and not concerns(low, self.needles)  # type: ignore[arg-type]
        if irrelevant and suffix == ".py" and self.python_engine.active:
            # prefilter stage 2 (README, "Engines and architecture"): now for a file named on
            # the command line, else after the pass (run()) where Python concerns Claude
            if stage2 or sf.explicit:
                scan.imports_claude = self.project(sf.root).imports_claude(path, data)
                irrelevant = not scan.imports_claude
            else:
                scan.stage2 = True
        if irrelevant:
            # nothing in it can concern Claude or carry a suppression: substring searches,
            # no parse, no cache entry (writing one would cost more than this check)
            scan.findings = []
            if suffix in TEXTUAL_SUFFIXES and not decode(data, suffix in PYTHON_SUFFIXES)[1]:
                notices.append(Notice(NoticeKind.DECODE_ERROR, "invalid UTF-8: not analysed", display))
            if is_dependency_file(path) and DEPENDENCY_RE.search(data):
                scan.mentions_claude = True
        if timing:
            timings.stop("prefilter")
        if irrelevant:
            scan.config_candidate = self._config_candidate(path, data, policy, low, timing, sf.root)
            return scan

        cache_key = None
        if self.cache is not None:
            if timing:
                timings.start()
            deps = self.project(sf.root).dependency_digest(path, data) if suffix in PYTHON_SUFFIXES else ""
            cache_key = self.cache.key(data, f"{display}\0{deps}" if deps else display, self._policy_digest(policy))
            hit = self.project(sf.root).services.still_valid(path, self.cache.get(cache_key))
            restored = False
            if hit is not None:
                try:
                    _restore(scan, hit)
                    restored = True
                except (KeyError, TypeError, ValueError, IndexError):
                    pass  # an entry of another format: analyse again
            if timing:
                timings.stop("cache")
            if restored:
                return scan
        try:
            self._analyse(scan, data, low, timing)
        except Exception as exc:  # a bug on one file must not end the run: report it, go on
            scan.findings = scan.findings or []
            scan.notices.append(
                Notice(
                    NoticeKind.INTERNAL_ERROR,
                    f"internal error while analysing this file: {type(exc).__name__}: {redact_text(str(exc))[:200]}",
                    display,
                )
            )
            return scan  # not cached: a fixed claude-lint must look again
        if cache_key is not None:
            if timing:
                timings.start()
            self.cache.put(cache_key, self.project(sf.root).services.stamp(path, _freeze(scan)))  # type: ignore[union-attr]
            if timing:
                timings.stop("cache")
        return scan

    def project(self, root: Path) -> ProjectIndex:
        """The project index of a repository root (summaries of its modules on demand)."""
        if root not in self._projects:
            salt = code_salt() if self.cache else ""
            self._projects[root] = ProjectIndex(root, self.cache, salt, shared=self.summary_store)
        return self._projects[root]

    def _policy_digest(self, policy: Policy) -> str:
        key = id(policy)
        if key not in self._digests:
            self._digests[key] = policy_key(policy)
        return self._digests[key]

    def _analyse(self, scan: _FileScan, data: bytes, low: bytes | None = None, timing: bool = False) -> None:
        """Run the text and Python engines on one file's bytes (``low``: the bytes lower-cased)."""
        sf, policy = scan.source, scan.policy
        path, display = sf.path, sf.display
        suffix = path.suffix.lower()
        notices = scan.notices
        is_python = suffix in PYTHON_SUFFIXES
        if timing:
            timings.start()
        text, decode_ok = decode(data, is_python)
        if timing:
            timings.stop("decode")
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
        options = {rid: policy.options_for(rid) for rid in policy.rules}
        findings: list[Finding] = []
        if self.text_engine.active:
            if timing:
                timings.start()
            f, n = self.text_engine.scan(display, text, policy, options, is_python=is_python)
            findings.extend(f)
            notices.extend(n)
            if timing:
                timings.stop("text rules")

        source: PythonSource | None = None
        tree_spans: dict[int, tuple[int, int]] = {}
        if (is_python or suffix == NOTEBOOK_SUFFIX) and (scan.imports_claude or mentions_claude(data, low)):
            scan.mentions_claude = not scan.imports_claude
            if decode_ok:
                if suffix == NOTEBOOK_SUFFIX:
                    source, n = notebook.load_notebook(display, text)
                    notices.extend(n)
                else:
                    source = PythonSource(text)
            if source is not None and self.python_engine.active:
                project = self.project(sf.root)
                f, n, tree, scan.exports = self.python_engine.scan(
                    display,
                    source,
                    policy,
                    options,
                    remote=lambda tree: project.link(path, tree),
                    share=project.share(path) if scan.mentions_claude and suffix == ".py" else None,
                )
                findings.extend(f)
                notices.extend(n)
                scan.parsed = tree is not None
                if tree is not None and any(x.span[0] == x.span[1] for x in findings):
                    tree_spans = suppress.statement_spans(tree, source.file_line)
        elif is_dependency_file(path) and DEPENDENCY_RE.search(data):
            scan.mentions_claude = True
        if suffix == NOTEBOOK_SUFFIX and findings:
            findings = notebook.label_findings(findings, text)  # the text engine's findings name their cell too
        scan.config_candidate = self._config_candidate(path, data, policy, low, timing, sf.root)

        # suppressions
        if timing:
            timings.start()
        if "claude-lint" in text:
            if source is not None and suffix == NOTEBOOK_SUFFIX:
                scan.comments = suppress.python_comments(source.text, source.file_line)
            elif is_python:
                scan.comments = suppress.python_comments(text)
            else:
                scan.comments = suppress.text_comments(text)
        if tree_spans:
            findings = [
                f.with_(span=tree_spans[f.location.line])
                if f.span[0] == f.span[1] and f.location.line in tree_spans
                else f
                for f in findings
            ]
        scan.findings = findings
        if timing:
            timings.stop("suppressions")

    def _only_changed(self, work: list[tuple[SourceFile, Policy]]) -> list[tuple[SourceFile, Policy]]:
        """--diff: keep the files that changed since the ref (their unchanged lines are
        filtered in :meth:`_finish`)."""
        assert self.options.diff_ref is not None  # called with --diff only
        self._changed: dict[Path, set[int] | None] = {}
        for root in sorted({sf.root for sf, _ in work}):
            top = git_root(root)
            if top is None:
                raise PolicyError(None, "--diff", f"{root} is not inside a git repository")
            try:
                self._changed.update(
                    changed_lines(self.options.diff_ref, top, [sf.path for sf, _ in work if sf.root == root])
                )
            except DiffError as exc:
                raise PolicyError(None, "--diff", f"{self.options.diff_ref!r}: {exc}") from None
        # and the modules importing a changed one (a related location may be on a changed line)
        py = {path for path in self._changed if path.suffix in PYTHON_SUFFIXES}
        return [
            (sf, p)
            for sf, p in work
            if sf.path.resolve() in self._changed or (py and self.project(sf.root).imports_any(sf.path, py))
        ]

    def _whole(self, sf: SourceFile) -> bool:
        """Whether the run sees the file's whole repository (a walk, not ``--diff`` or files
        named one by one): only then do its Python files say which variables no Claude client
        reads (residency/config_env.py); otherwise configuration files are judged alone."""
        return not sf.explicit and not self.options.diff_ref

    def _finish(self, scan: _FileScan, summary: RootSummary) -> list[Finding]:
        if scan.config_candidate and scan.findings:
            scan.findings = cf.one_per_entry(scan.findings)  # a region of a reported model entry: related
        out = self.finalize(scan)
        if self.options.audit_suppressions and scan.comments:
            active = self.active_ids(scan.policy)
            self.audited.extend(
                audit(
                    scan.source.display,
                    scan.comments,
                    # the same predicate as finalize(): semgrep rules that did not run here are not judged
                    active=lambda rid: (
                        rid in active
                        and rid not in scan.not_run
                        and not scan.policy.rule_excludes(rid, scan.source.path)
                    ),
                    known=lambda rid: rid in self.rules or rid in self.custom_metas,
                )
            )
        # before the --diff filter: an accepted finding on an unchanged line still counts
        out = self.baseline.apply(scan.source, scan.policy, out)
        if self.options.diff_ref:
            out = [f for f in out if on_changed_line(self._changed, scan.source.path, f, self.cwd)]
        for f in out:
            if f.suppression is None:
                summary.count(f)
        summary.unused_left_out += len(scan.unused_left_out)
        summary.tests_left_out += sum(
            not self.options.diff_ref
            or touches(
                self._changed, scan.source.path, *(f.span if f.span[0] else (f.location.line, f.location.end_line))
            )
            for f in scan.left_out
        )
        return out

    def finalize(self, scan: _FileScan) -> list[Finding]:
        """Rule selection, per-rule excludes, suppressions, severity adjustments of one file."""
        policy, path, display = scan.policy, scan.source.path, scan.source.display
        active = self.active_ids(policy)
        findings = [f for f in scan.findings or () if f.rule_id in active and not policy.rule_excludes(f.rule_id, path)]
        metas = {**self.rules, **self.custom_metas}
        findings = suppress.apply(
            findings,
            scan.comments,
            display,
            active=lambda rid: rid in active and rid not in scan.not_run and not policy.rule_excludes(rid, path),
            known=lambda rid: rid in metas,
            meta_severity=lambda rid: (metas[rid].severity, metas[rid].confidence, metas[rid].fix_hint),
        )
        findings = [f for f in findings if f.rule_id in active]
        kept, scan.left_out = self.tests.apply(findings, policy, path, scan.test_like)
        if (
            not self.options.include_unused
            and path.suffix == ".py"
            and any(f.rule_id in self.tests.traffic for f, _l in kept)
            and self.project(scan.source.root).unused.unused(path)  # project/unused.py
        ):
            scan.unused_left_out = [f for f, _l in kept if f.rule_id in self.tests.traffic and not f.suppression]
            kept = [(f, lower) for f, lower in kept if f.rule_id not in self.tests.traffic]
        return [self._adjust(f, policy, path, lower) for f, lower in kept]

    # -- semgrep ----------------------------------------------------------------------------
    def custom_rules_of(self, policy: Policy) -> dict[str, RuleMeta]:
        """The organisation's semgrep rules a policy names (read once per policy)."""
        key = id(policy)
        if key not in self._custom_by_policy:
            metas: dict[str, RuleMeta] = {}
            if policy.custom_rules:
                try:
                    metas = sg.custom_rule_metas(policy.custom_rules)
                except sg.CustomRuleError as exc:
                    raise PolicyError(policy.source, "custom-rules", str(exc)) from None
                for rid in metas:
                    if rid in self.rules:
                        raise PolicyError(
                            policy.source, "custom-rules", f"custom rule id {rid!r} is a built-in rule id"
                        )
            self._custom_by_policy[key] = metas
            self.custom_metas.update(metas)
        return self._custom_by_policy[key]

    def custom_ids(self, policy: Policy) -> frozenset[str]:
        return frozenset(self.custom_rules_of(policy))

    def _config_candidate(
        self, path: Path, data: bytes, policy: Policy, low: bytes | None = None, timing: bool = False, root=None
    ) -> bool:
        """Whether semgrep's built-in rules, or the structure of a YAML/JSON file
        (:mod:`~claude_lint.engines.config_files`), are worth looking at: a configuration file
        name, then the prefilters (substring searches first, see
        :class:`~claude_lint.engines.semgrep.ConfigPrefilter`)."""
        if not (is_config_file(path) or path.suffix.lower() == ".json"):
            return False
        prefilter = self._semgrep_prefilter()
        if not (wanted := self._config_rules(policy, (prefilter.rule_ids if prefilter else frozenset()) | cf.RULE_IDS)):
            return False
        if timing:
            timings.start()
        try:
            low = data.lower() if low is None else low
            return bool(
                (prefilter and is_config_file(path) and prefilter.search(data, low, wanted))
                or (wanted & cf.RULE_IDS and cf.candidate(cf.relative(path, root or path.parent), low))
            )
        finally:
            if timing:
                timings.stop("config prefilter")

    def _config_rules(self, policy: Policy, rule_ids: frozenset[str]) -> frozenset[str]:
        """The built-in semgrep rules that can report anything under ``policy``: selected,
        and not declined by their Python rule's ``judges_config(policy)`` (region-outside-policy
        under ``residency: any``).  A file only the others' prefilters match is no candidate."""
        key = id(policy)
        cached = self._config_rules_by_policy.get(key)
        if cached is None:
            active = self.active_ids(policy)
            wanted = set()
            for rid in rule_ids:
                cls = self.rule_classes.get(rid)
                if rid in active and (cls is None or cls().judges_config(policy)):
                    wanted.add(rid)
            cached = self._config_rules_by_policy[key] = frozenset(wanted)
        return cached

    def _semgrep_prefilter(self):
        if not hasattr(self, "_prefilter"):
            self._prefilter = sg.builtin_prefilter(registry.semgrep_rules_dir())
        return self._prefilter

    def run_semgrep(self, roots: dict[Path, _RootState]) -> list[Notice]:
        """One semgrep subprocess per repository root, over the files that need it."""
        notices: list[Notice] = []
        builtin_dir = registry.semgrep_rules_dir()
        builtin_ids = sorted({m.id for m in self.rules.values() if "semgrep" in m.engines})
        for root, state in sorted(roots.items()):
            # until semgrep has run its rules on a file, a suppression of them there is not "unused"
            for scan in state.builtin_targets:
                scan.not_run = frozenset(builtin_ids)
            for scan in state.custom_targets:
                scan.not_run = scan.not_run | self.custom_ids(scan.policy)
            builtin = state.builtin_targets if state.uses_claude else []
            for scan in builtin:  # the structure of YAML/JSON files (engines/config_files.py): no semgrep needed
                scan.findings = [*(scan.findings or []), *self._structured(scan)]
            custom = state.custom_targets
            if not builtin and not custom:
                continue
            custom_files: list[Path] = sorted(
                {f for scan in custom for f in sg.custom_rule_files(scan.policy.custom_rules)}
            )
            configs = ([builtin_dir] if builtin else []) + custom_files
            targets = {scan.source.path: scan for scan in (*builtin, *custom)}
            display_root = _display(root, self.cwd)
            skipped = (builtin_ids if builtin else []) + sorted(
                {rid for scan in custom for rid in self.custom_ids(scan.policy)}
            )
            if sg.semgrep_command() is None:
                notices.append(
                    Notice(
                        NoticeKind.ENGINE_SKIPPED,
                        "semgrep is not installed (pip install 'claude-lint[semgrep]'): skipped "
                        + ", ".join(skipped)
                        + f" on {len(targets)} file{'s' if len(targets) != 1 else ''}",
                        display_root,
                    )
                )
                continue
            try:
                result = sg.run_semgrep(root, list(targets), configs, display_root=display_root)
            except sg.CustomRuleError as exc:
                raise PolicyError(None, "custom-rules", str(exc)) from None
            except (OSError, RuntimeError) as exc:
                notices.append(
                    Notice(
                        NoticeKind.ENGINE_SKIPPED,
                        f"semgrep failed ({exc}): skipped " + ", ".join(skipped),
                        display_root,
                    )
                )
                continue
            notices.extend(result.notices)
            for scan in targets.values():
                scan.not_run = scan.not_run - set(builtin_ids if builtin else ()) - self.custom_ids(scan.policy)
            for match in result.matches:
                scan = targets.get((root / match.path).resolve()) or targets.get(root / match.path)
                if scan is None:
                    continue
                finding = self._judge(match, scan, custom_allowed=self.custom_ids(scan.policy))
                if finding is not None and match.rule_id == config_env.CONFIG_RULE:
                    name, value = sg.split_capture(match.message)
                    text = self._text_of(scan) or ""
                    finding = state.config_env(scan.policy).review(
                        match.semgrep_id, name, config_value(value), text, finding
                    )
                if finding is not None:
                    scan.findings = [*(scan.findings or []), finding]
        return notices

    def _judge(self, match, scan: _FileScan, custom_allowed) -> Finding | None:
        text = self._text_of(scan)
        if text is None:
            return None
        return sg.judge_match(match, text, scan, self.rules, self.rule_classes, self.custom_metas, custom_allowed)

    def _text_of(self, scan: _FileScan) -> str | None:
        try:
            return safeio.read_regular(scan.source.path, self.options.max_file_size).decode("utf-8", errors="replace")
        except OSError:
            return None

    def _structured(self, scan: _FileScan) -> list[Finding]:
        sf, text = scan.source, self._text_of(scan)
        rel, active = cf.relative(sf.path, sf.root), self.active_ids(scan.policy)
        return cf.findings(text, rel, sf.display, scan.policy, self.rules, self.rule_classes, active) if text else []

    @staticmethod
    def _adjust(f: Finding, policy: Policy, path: Path, lower: bool) -> Finding:
        settings = policy.rules.get(f.rule_id)
        severity = settings.severity if settings and settings.severity else f.severity
        props = f.properties
        if lower:
            severity = severity.lowered()
            props = {**props, "test-path": True}
        if severity is f.severity and props is f.properties:
            return f
        return f.with_(severity=severity, properties=props)


#: the Runner of the parent process, inherited by forked workers, and their run's private folder
_WORKER: Runner | None = None
_RUN_DIR = ""


def _scan_batch(items: list[tuple[SourceFile, int]], batch: int) -> tuple[int, list, dict | None, dict[Path, dict]]:
    """Worker: scan a batch of files with the inherited runner's policies (and, with
    timings on, send back this worker's phase totals for the batch) + its new summaries."""
    runner = _WORKER
    assert runner is not None
    if runner.cache is None and runner.summary_store is None and _RUN_DIR:
        runner.summary_store = ResultCache(Path(_RUN_DIR))  # this worker's side of the run's folder
    out = []
    for sf, i in items:
        policy = runner.loader.for_path(sf.path, sf.root)
        scan = runner.scan_file(sf, policy)
        scan.policy = None  # type: ignore[assignment]  # the parent re-attaches its own object
        out.append((i, scan))
    summaries = {root: fresh for root, index in runner._projects.items() if (fresh := index.take_fresh())}
    return batch, out, timings.take() if timings.ENABLED else None, summaries


def _display(root: Path, cwd: Path) -> str:
    try:
        rel = root.relative_to(cwd).as_posix()
        return rel if rel != "." else ""
    except ValueError:
        return root.as_posix()


def run(options: RunOptions, progress: Callable[[int, int], None] | None = None) -> RunResult:
    with gcpolicy.relaxed():
        return Runner(options).run(progress)


def exit_code(result: RunResult, fail_on: Severity, *, exit_zero: bool = False, strict: bool = False) -> int:
    if exit_zero:
        return 0
    if any(f.severity >= fail_on for f in result.active_findings):
        return 1
    if strict and any(n.kind in INCOMPLETE_KINDS for n in result.notices):
        return 4
    return 0
