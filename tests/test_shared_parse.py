"""Issue 14: one parse per module — a module's project summary and its own analysis share
the tree (``ProjectIndex.shared_tree``), in whichever order the run meets them, with the
store bounded; and ``--timings`` charges summaries and the second prefilter stage to
phases of their own."""

from __future__ import annotations

import ast
import re

import pytest
from click.testing import CliRunner
from test_project import ROUTE, SERVICE, app, findings, write

from claude_lint import timings
from claude_lint.cli import main
from claude_lint.project import ProjectIndex
from claude_lint.project import index as project_index


@pytest.fixture
def parses(monkeypatch):
    """Counts ``ast.parse`` calls per source text."""
    counts: dict[str, int] = {}
    real = ast.parse

    def counting(source, *args, **kwargs):
        counts[source] = counts.get(source, 0) + 1
        return real(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    return counts


def test_analysis_first_then_the_summary_parses_the_service_once(tmp_path, monkeypatch, parses):
    """routes.py mentions no Claude: it is decided after the pass (stage 2), when the
    service's own analysis has left its tree for the summary that stage 2 asks for."""
    app(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert ("phi-without-zdr", "app/routes.py", 6) in findings("--no-cache", "--jobs", "1", ".")
    assert parses[SERVICE] == 1


def test_summary_first_then_the_analysis_parses_the_service_once(tmp_path, monkeypatch, parses):
    """A caller that mentions Claude is analysed before the service (name order): its
    analysis asks for the service's summary, whose tree the service's analysis then takes."""
    app(tmp_path)
    write(tmp_path, {"app/a_caller.py": "# calls Claude through the service\n" + ROUTE})
    monkeypatch.chdir(tmp_path)
    got = findings("--no-cache", "--jobs", "1", ".")
    assert ("phi-without-zdr", "app/a_caller.py", 7) in got
    assert parses[SERVICE] == 1


def test_sharing_changes_no_finding(tmp_path, monkeypatch):
    app(tmp_path)
    write(tmp_path, {"app/a_caller.py": "# calls Claude through the service\n" + ROUTE})
    monkeypatch.chdir(tmp_path)
    shared = findings("--no-cache", "--jobs", "1", ".")
    monkeypatch.setattr(project_index, "MAX_SHARED_TEXT", 0)
    assert findings("--no-cache", "--jobs", "1", ".") == shared


def test_the_store_hands_a_tree_over_once_for_the_same_text_and_stays_bounded(tmp_path, monkeypatch):
    index = ProjectIndex(tmp_path)
    a, b, c = tmp_path / "a.py", tmp_path / "b.py", tmp_path / "c.py"
    tree = ast.parse("x = 1\n")
    index.keep_tree(a, "x = 1\n", tree)
    assert index.shared_tree(a, "x = 2\n") is None  # edited since: not this tree
    assert index.shared_tree(a, "x = 1\n") is tree
    assert index.shared_tree(a, "x = 1\n") is None  # handed over once
    monkeypatch.setattr(project_index, "MAX_SHARED_TEXT", 10)
    index.keep_tree(a, "a = 1\n", ast.parse("a = 1\n"))
    index.keep_tree(b, "b = 1\n", ast.parse("b = 1\n"))  # 12 characters: the oldest goes
    assert index.shared_tree(a, "a = 1\n") is None
    assert index.shared_tree(b, "b = 1\n") is not None
    index.keep_tree(c, "c" * 11, ast.parse("c" * 11))  # larger than the store: not kept
    assert index.shared_tree(c, "c" * 11) is None


def test_a_module_already_analysed_keeps_no_tree_for_its_summary(tmp_path):
    app(tmp_path)
    service = tmp_path / "app/service.py"
    index = ProjectIndex(tmp_path)
    share = index.share(service)
    assert share.take(SERVICE) is None  # its analysis begins: nothing parsed yet
    index.summary(service)  # asked for later by another module
    assert index.shared_tree(service, SERVICE) is None  # not kept: no use to come


@pytest.fixture
def timings_off():
    yield
    timings.ENABLED = False
    timings.take()


def test_timings_name_project_summaries_and_the_second_prefilter_stage(tmp_path, monkeypatch, timings_off):
    app(tmp_path)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["check", ".", "--no-cache", "--format", "json", "--jobs", "1", "--timings"])
    phases = dict(re.findall(r"^  (.+?)\s+[0-9.]+ s\s+[0-9.]+ %\s+(\d+)$", res.stderr, re.M))
    assert phases.get("project summaries") == "1", res.stderr  # the service, once
    assert phases.get("prefilter stage 2") == "1", res.stderr  # routes.py


def test_workers_without_a_cache_share_summaries_through_the_runs_folder(tmp_path):
    """Two workers' indexes with the run's folder: the second reads what the first computed."""
    from claude_lint.cache import ResultCache

    repo, run = tmp_path / "repo", tmp_path / "run"
    app(repo)
    service = repo / "app/service.py"
    first, second = ProjectIndex(repo, shared=ResultCache(run)), ProjectIndex(repo, shared=ResultCache(run))
    assert first.summary(service) == second.summary(service)
    assert (first.summarised, second.summarised) == (1, 0)
    # with a cache, summaries go through it (keyed by content): the run's folder is not used
    cached = ProjectIndex(repo, ResultCache(tmp_path / "cache"), "salt", shared=ResultCache(run))
    assert cached.shared is None


def test_a_parallel_run_without_a_cache_finds_what_a_serial_run_finds(tmp_path, monkeypatch):
    app(tmp_path)
    write(tmp_path, {f"app/other{i}.py": f"X{i} = {i}\n" for i in range(40)})
    write(tmp_path, {f"app/caller{i}.py": "# Claude\n" + ROUTE for i in range(6)})
    monkeypatch.chdir(tmp_path)
    serial = findings("--no-cache", "--jobs", "1", ".")
    assert ("phi-without-zdr", "app/caller3.py", 7) in serial
    assert findings("--no-cache", "--jobs", "2", ".") == serial


@pytest.fixture
def builds(monkeypatch):
    """Counts scope builds (``ScopesMixin._build``) per module tree, by its first line."""
    from claude_lint.analysis import scopes

    counts: list[int] = []
    real = scopes.ScopesMixin._build

    def counting(self):
        counts.append(id(self.tree))
        return real(self)

    monkeypatch.setattr(scopes.ScopesMixin, "_build", counting)
    return counts


def test_analysis_first_the_summary_takes_the_scope_build(tmp_path, monkeypatch, parses, builds):
    """The service's analysis leaves its scope build with its tree: the summary stage 2
    asks for builds no second one (one walk of the tree for both)."""
    app(tmp_path)
    monkeypatch.chdir(tmp_path)
    got = findings("--no-cache", "--jobs", "1", ".")
    assert ("phi-without-zdr", "app/routes.py", 6) in got
    assert parses[SERVICE] == 1
    monkeypatch.setattr(project_index, "MAX_SHARED_TEXT", 0)  # nothing shared: one more build
    unshared = len(builds)
    assert findings("--no-cache", "--jobs", "1", ".") == got
    assert len(builds) - unshared > unshared


def test_summary_first_the_analysis_takes_the_scope_build(tmp_path, monkeypatch, builds):
    app(tmp_path)
    write(tmp_path, {"app/a_caller.py": "# calls Claude through the service\n" + ROUTE})
    monkeypatch.chdir(tmp_path)
    got = findings("--no-cache", "--jobs", "1", ".")
    shared = len(builds)
    monkeypatch.setattr(project_index, "MAX_SHARED_TEXT", 0)
    assert findings("--no-cache", "--jobs", "1", ".") == got
    assert len(builds) - shared == shared + 1  # the service's tree walked twice without the store


def test_a_lent_scope_build_is_taken_once_and_only_under_the_same_resolver_facts():
    from claude_lint.analysis.facts import Facts
    from claude_lint.analysis.imports import Resolver

    tree = ast.parse("def f(xs):\n    for i, x in enumerate(xs):\n        return x\n")
    first = Facts(tree, Resolver(tree))
    first.lend_build()
    second = Facts(tree, Resolver(tree))
    assert second.scopes is first.scopes and second.parents is first.parents
    third = Facts(tree, Resolver(tree))  # taken already: built anew
    assert third.scopes is not first.scopes
    third.lend_build()
    other = Resolver(tree)
    other.aliases["enumerate"] = "mylib.enumerate"  # the build reads this: not shared
    fourth = Facts(tree, other)
    assert fourth.scopes is not third.scopes
    assert not hasattr(tree, "_claude_lint_scope_build")


def test_an_analysed_tree_is_freed_without_the_garbage_collector():
    """Issue 14 (memory and the collector's pace): the analysis of a file leaves no
    reference cycle through its tree (the node list kept on it, memoised results referring
    back to the facts or the context), so the tree goes by reference counting as soon as
    the scan ends — the run can collect rarely (``gcpolicy``) without memory growing."""
    import gc
    import weakref

    from claude_lint import gcpolicy, registry
    from claude_lint.config import Policy
    from claude_lint.engines.python import PythonEngine, PythonSource

    code = (
        "import os, logging, anthropic\n"
        "key = os.environ['ANTHROPIC_API_KEY']\n"
        "client = anthropic.Anthropic(api_key=key)\n"
        "def ask(note):\n"
        "    r = client.messages.create(model='claude-sonnet-4-5', max_tokens=9, messages=[{'role': 'user', 'content': note}])\n"
        "    logging.info('key %s prompt %s', key, note)\n"
        "    return r.content[0].text\n"
    )
    engine = PythonEngine([cls() for cls in registry.rule_classes()])
    policy = Policy()
    options: dict[str, dict] = {}
    enabled = gc.isenabled()
    gc.disable()
    try:
        found, _notices, tree, _exports = engine.scan("app.py", PythonSource(code), policy, options)
        assert found  # the rules ran: facts were built, results memoised
        ref = weakref.ref(tree)
        del tree
        assert ref() is None
    finally:
        if enabled:
            gc.enable()
    with gcpolicy.relaxed():
        assert gc.get_threshold() == gcpolicy.RUN_THRESHOLD
    assert gc.get_threshold() != gcpolicy.RUN_THRESHOLD
