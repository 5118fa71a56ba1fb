"""Issue 15 item 3: every file claude-lint writes is written atomically and never through a
symbolic link planted in the tree (``--output`` under the action's default name,
``--write-baseline`` and its temporary file, the result cache, ``--fix``); a pipe or
``/dev/stdout`` the user names is written directly; ``--fix`` rewrites the file the run
read, inside the scanned tree, never a link's target."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from harness import ROOT, make_key

from claude_lint import safeio
from claude_lint.cache import ResultCache
from claude_lint.cli import main

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="POSIX links and FIFOs")


def cli(*args: str):
    return CliRunner().invoke(main, ["check", "--no-cache", "--no-progress", *args])


def _app(folder: Path, name: str | bytes = "app.py") -> Path:
    """A file with a fixable hard-coded key (generated, never committed)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{make_key("api03")}")\n'
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    path.write_text(text, encoding="utf-8")
    return path


def _victim(tmp: Path, name: str = "victim.txt") -> Path:
    outside = tmp / "outside"
    outside.mkdir(exist_ok=True)
    victim = outside / name
    victim.write_text("precious\n", encoding="utf-8")
    return victim


# --------------------------------------------------------------------------- --output


@pytest.mark.parametrize("fmt", ["sarif", "json", "text"])
def test_output_link_is_replaced_not_written_through(in_tmp, fmt):
    """The attack: a pull request commits ``claude-lint.sarif`` as a link to a file outside
    the checkout; the action runs ``check -o claude-lint.sarif``."""
    repo = in_tmp / "repo"
    _app(repo)
    victim = _victim(in_tmp)
    out = repo / "claude-lint.sarif"
    out.symlink_to(victim)
    result = cli("--format", fmt, "-o", str(out), "--exit-zero", str(repo / "app.py"))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not out.is_symlink() and out.is_file()
    if fmt != "text":
        json.loads(out.read_text(encoding="utf-8"))
    assert sorted(p.name for p in repo.iterdir()) == ["app.py", "claude-lint.sarif"]  # no temporary file left


def test_output_dangling_link_creates_nothing_outside(in_tmp):
    repo = in_tmp / "repo"
    _app(repo)
    (in_tmp / "outside").mkdir()
    target = in_tmp / "outside" / "created-by-the-link"
    (repo / "claude-lint.sarif").symlink_to(target)
    result = cli("--format", "sarif", "-o", str(repo / "claude-lint.sarif"), "--exit-zero", str(repo / "app.py"))
    assert result.exit_code == 0, result.output
    assert not target.exists()
    assert (repo / "claude-lint.sarif").is_file() and not (repo / "claude-lint.sarif").is_symlink()


def test_output_to_a_fifo_the_user_named(in_tmp):
    """A pipe is written directly (it cannot be replaced)."""
    repo = in_tmp / "repo"
    _app(repo)
    fifo = in_tmp / "report.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("--format", "json", "-o", str(fifo), "--exit-zero", str(repo / "app.py"))
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(got[0])["findings"]


def test_output_to_dev_stdout(in_tmp):
    """``-o /dev/stdout`` (a link into /proc) writes to the process's stdout."""
    repo = in_tmp / "repo"
    _app(repo)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "claude_lint",
            "check",
            "--no-cache",
            "--no-progress",
            "--format",
            "json",
            "-o",
            "/dev/stdout",
            "--exit-zero",
            str(repo / "app.py"),
        ],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["findings"]


# --------------------------------------------------------------------------- --write-baseline


def test_write_baseline_through_planted_links(in_tmp):
    """Both the baseline and the fixed ``FILE.tmp`` name the old code used are links to
    files outside: neither target is touched."""
    repo = in_tmp / "repo"
    _app(repo)
    victim, victim_tmp = _victim(in_tmp, "a.txt"), _victim(in_tmp, "b.txt")
    base = repo / "claude-lint-baseline.jsonl"
    base.symlink_to(victim)
    (repo / "claude-lint-baseline.jsonl.tmp").symlink_to(victim_tmp)
    result = cli("--write-baseline", str(base), str(repo / "app.py"))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert victim_tmp.read_text(encoding="utf-8") == "precious\n"
    assert base.is_file() and not base.is_symlink()
    assert "claude-lint-baseline" in base.read_text(encoding="utf-8").splitlines()[0]


def test_baseline_read_is_bounded_and_regular_only(in_tmp):
    """``--baseline`` naming a FIFO (or ``/dev/zero``) is an error, never a blocking or endless read."""
    repo = in_tmp / "repo"
    _app(repo)
    fifo = in_tmp / "base.pipe"
    os.mkfifo(fifo)
    for named in (str(fifo), "/dev/zero"):
        result = cli("--baseline", named, str(repo / "app.py"))
        assert result.exit_code == 2, result.output
        assert "not a regular file" in result.output


# --------------------------------------------------------------------------- the cache


def test_cache_entry_link_is_replaced_and_never_read(tmp_path):
    victim = _victim(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    key = "ab" + "c" * 62
    entry = cache._path(key)
    entry.parent.mkdir(parents=True)
    entry.symlink_to(victim)
    assert cache.get(key) is None  # a link is a miss, not followed
    cache.put(key, {"findings": []})
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not entry.is_symlink() and json.loads(entry.read_text(encoding="utf-8")) == {"findings": []}
    assert cache.get(key) == {"findings": []}
    key2 = "ab" + "d" * 62
    os.mkfifo(cache._path(key2))
    assert cache.get(key2) is None  # a FIFO is a miss, without blocking


# --------------------------------------------------------------------------- --fix


def test_fix_uses_the_file_it_read_not_the_displayed_name(in_tmp):
    """A file name that is not valid UTF-8 is displayed as ``app\\xff.py``; a link committed
    under that literal name points outside.  ``--fix`` on the folder fixes the real file
    and leaves the link's target alone."""
    repo = in_tmp / "repo"
    real = _app(repo, b"app\xff.py")
    victim = in_tmp / "outside" / "victim.py"
    victim.parent.mkdir()
    victim.write_text(real.read_text(encoding="utf-8"), encoding="utf-8")  # what the old code would rewrite
    before = victim.read_text(encoding="utf-8")
    (repo / "app\\xff.py").symlink_to(victim)
    result = cli("--fix", "repo")
    assert "Traceback" not in result.output, result.output
    assert victim.read_text(encoding="utf-8") == before
    fixed = real.read_text(encoding="utf-8")
    assert 'os.environ["ANTHROPIC_API_KEY"]' in fixed
    assert (repo / "app\\xff.py").is_symlink()


def test_fix_on_an_explicitly_named_link_leaves_its_target(in_tmp):
    target = _app(in_tmp / "outside", "real.py")
    before = target.read_text(encoding="utf-8")
    repo = in_tmp / "repo"
    repo.mkdir()
    link = repo / "link.py"
    link.symlink_to(target)
    result = cli("--fix", str(link))
    assert target.read_text(encoding="utf-8") == before
    assert link.is_symlink()
    assert "link.py: not fixed: a symbolic link" in result.output


def test_fix_keeps_the_mode_and_writes_atomically(in_tmp):
    path = _app(in_tmp / "repo")
    os.chmod(path, 0o640)
    result = cli("--fix", str(path))
    assert "fixed 1 finding in 1 file" in result.output, result.output
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["app.py"]


def test_fix_never_outside_the_scanned_root(tmp_path):
    """A folder on the way that is a link out of the scanned root: nothing is rewritten there."""
    from claude_lint.fix import fix_file

    target = _app(tmp_path / "outside", "real.py")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "sub").symlink_to(target.parent, target_is_directory=True)
    res = fix_file(repo / "sub" / "real.py", "sub/real.py", [], {}, root=repo)
    assert "outside the scanned tree" in res.skipped
    assert target.read_text(encoding="utf-8").count('api_key="') == 1  # untouched


# --------------------------------------------------------------------------- the helper


def test_write_atomic_replaces_a_link_and_keeps_nothing_else(tmp_path):
    victim = _victim(tmp_path)
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    safeio.write_atomic(link, "new\n")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert link.read_text(encoding="utf-8") == "new\n" and not link.is_symlink()
    safeio.write_atomic(link, b"again", mode=0o600)
    assert stat.S_IMODE(os.stat(link).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "outside"]


def test_read_regular_refuses_devices_fifos_links_and_excess(tmp_path):
    with pytest.raises(safeio.NotRegularFile):
        safeio.read_regular("/dev/zero", 1024)
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    with pytest.raises(safeio.NotRegularFile):
        safeio.read_regular(fifo, 1024)  # returns at once: opened without blocking
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(safeio.FileTooLarge):
        safeio.read_regular(big, 1024)
    assert safeio.read_regular(big, 2048) == b"x" * 2048
    link = tmp_path / "l"
    link.symlink_to(big)
    with pytest.raises(OSError):
        safeio.read_regular(link, 4096, follow=False)
    assert safeio.read_regular(link, 4096) == b"x" * 2048
