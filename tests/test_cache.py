"""The content-hash result cache: same results warm and cold, invalidation, no secrets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from harness import make_key

from claude_lint.runner import Runner, RunOptions


def _run(cache: Path | None):
    runner = Runner(RunOptions(paths=[Path(".")], cache_dir=cache))
    return runner, runner.run()


def _tree(root: Path) -> str:
    key = make_key("api03")
    (root / "app.py").write_text(
        "import anthropic\n"
        f"client = anthropic.Anthropic(api_key={key!r})\n"
        "other = anthropic.Anthropic(api_key='q8Zr3mW1vT6yN0pL4sK9dH2fJ7cX5bV1gR8tY3uE')  # claude-lint: ignore[hardcoded-client-credential] sandbox\n"
    )
    (root / ".env").write_text(f"ANTHROPIC_API_KEY={key}\n")
    (root / "plain.py").write_text("print('no claude here')\n")
    return key


def _summary(result):
    return sorted(
        (f.rule_id, f.location.path, f.location.line, f.message, f.suppression is not None) for f in result.findings
    )


def test_warm_run_equals_cold_run(in_tmp, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    _tree(in_tmp)
    cold_runner, cold = _run(cache)
    warm_runner, warm = _run(cache)
    assert cold_runner.cache.hits == 0 and cold_runner.cache.misses > 0
    assert warm_runner.cache.hits == cold_runner.cache.misses
    assert _summary(cold) == _summary(warm)
    assert _summary(cold) == _summary(_run(None)[1])


def test_changed_content_is_analysed_again(in_tmp, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    _tree(in_tmp)
    _run(cache)
    (in_tmp / "app.py").write_text("import anthropic\nclient = anthropic.Anthropic()\n")
    runner, result = _run(cache)
    assert not [f for f in result.findings if f.location.path == "app.py"]
    assert runner.cache.misses == 1


def test_policy_change_invalidates(in_tmp, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    _tree(in_tmp)
    _run(cache)
    (in_tmp / "claude-lint.yaml").write_text("policy: {residency: us}\n")
    runner, _ = _run(cache)
    assert runner.cache.hits == 0


def test_corrupt_entries_are_misses(in_tmp, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    _tree(in_tmp)
    _, cold = _run(cache)
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json")
    runner, again = _run(cache)
    assert runner.cache.hits == 0
    assert _summary(cold) == _summary(again)


def test_cache_never_holds_a_full_key(in_tmp, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    key = _tree(in_tmp)
    _run(cache)
    blob = "".join(p.read_text() for p in cache.rglob("*.json"))
    assert blob and key not in blob
    assert "q8Zr3mW1vT6yN0pL4sK9dH2fJ7cX5bV1gR8tY3uE" not in blob


def test_concurrent_runs_share_a_cache(in_tmp, tmp_path_factory):
    cache = tmp_path_factory.mktemp("c")
    _tree(in_tmp)
    for i in range(30):
        (in_tmp / f"m{i}.py").write_text(f"import anthropic\nclient{i} = anthropic.Anthropic()\n")
    cmd = [sys.executable, "-m", "claude_lint", "check", ".", "--format", "json", "--cache-dir", str(cache)]
    procs = [
        subprocess.Popen(cmd, cwd=in_tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    docs = [json.loads(o) for o, _ in outs]
    assert all(p.returncode == 1 for p in procs), [e for _, e in outs]
    assert all(d["findings"] == docs[0]["findings"] for d in docs)
    assert not list(cache.rglob(".tmp-*")), "temporary files left behind"


def test_no_cache_flag(in_tmp, tmp_path_factory):
    from click.testing import CliRunner

    from claude_lint.cli import main

    cache = tmp_path_factory.mktemp("c")
    _tree(in_tmp)
    res = CliRunner().invoke(main, ["check", ".", "--no-cache", "--cache-dir", str(cache)])
    assert res.exit_code == 1
    assert not list(cache.rglob("*.json"))
