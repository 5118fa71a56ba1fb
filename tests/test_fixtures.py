"""Every fixture folder: the filled copy fires on exactly the annotated lines."""

from __future__ import annotations

import pytest
from harness import FIXTURES, expectations, is_fix_expectation

FOLDERS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", FOLDERS)
def test_fixture(folder, fixture_run):
    dst, _generated, result = fixture_run
    exp = expectations(dst / folder, dst)
    got = {
        (f.rule_id, f.location.path, f.location.line)
        for f in result.active_findings
        if f.location.path.startswith(folder + "/") and not is_fix_expectation(f.location.path)
    }
    todo = {(rid, path, line) for (path, line), ids in exp.todo.items() for rid in ids}
    missing = sorted(exp.fire - got - todo)
    unexpected = sorted(got - exp.fire - todo)
    assert exp.fire, f"fixtures/{folder} has no `ruleid:` annotation"
    detail = []
    for rid, path, line in missing:
        detail.append(f"missed     {path}:{line} {rid}")
    for rid, path, line in unexpected:
        msgs = [
            f.message
            for f in result.active_findings
            if (f.rule_id, f.location.path, f.location.line) == (rid, path, line)
        ]
        kind = "ok-line" if rid in exp.must_not.get((path, line), set()) else "unannotated"
        detail.append(f"unexpected {path}:{line} {rid} ({kind}): {msgs[0] if msgs else ''}")
    assert not detail, "\n" + "\n".join(detail)


def test_fixture_annotations_name_known_rules(fixture_run):
    from claude_lint import registry

    dst, _generated, _result = fixture_run
    known = set(registry.builtin_rules())
    for folder in FOLDERS:
        exp = expectations(dst / folder, dst)
        named = (
            {r for r, _, _ in exp.fire}
            | {r for ids in exp.must_not.values() for r in ids}
            | {r for ids in exp.todo.values() for r in ids}
        )
        assert named <= known, f"fixtures/{folder} names unknown rules: {sorted(named - known)}"


def test_no_internal_errors_on_fixtures(fixture_run):
    _dst, _generated, result = fixture_run
    errors = [n for n in result.notices if n.kind.value == "internal-error"]
    assert not errors, errors
