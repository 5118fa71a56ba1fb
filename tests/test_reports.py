"""The github (workflow annotations) and markdown (step summary) formats."""

from __future__ import annotations

import re

from click.testing import CliRunner

from claude_lint.cli import main

SECRET = "q8Zr3mW1vT6yN0pL4sK9dH2fJ7cX5bV1gR8tY3uE"


def _tree(root, n=13):
    lines = ["import anthropic"]
    for i in range(n):
        lines.append(f"c{i} = anthropic.Anthropic(api_key={SECRET[:-2] + f'{i:02d}'!r})")
    (root / "app.py").write_text("\n".join(lines) + "\n")
    (root / "cookie.py").write_text("import anthropic\nheaders = {'anthropic-beta': 'oauth-2025-04-20'}\n")


def test_github_annotations_are_capped_and_ordered(in_tmp):
    _tree(in_tmp)
    res = CliRunner().invoke(main, ["check", ".", "--format", "github", "--no-cache"])
    assert res.exit_code == 1
    out = res.output.splitlines()
    errors = [ln for ln in out if ln.startswith("::error ")]
    assert len(errors) == 10  # GitHub shows 10 per kind per step
    assert errors[0].startswith("::error file=app.py,line=2,col=")
    assert "title=claude-lint hardcoded-client-credential (high)" in errors[0]
    assert any(ln.startswith("::notice title=claude-lint::4 more findings") for ln in out)
    # every finding still appears in the log
    assert sum(1 for ln in out if re.match(r"^(app|cookie)\.py:\d+:\d+: ", ln)) == 14
    assert SECRET not in res.output


def test_github_escapes_properties_and_data():
    from claude_lint.model import Confidence, Finding, Location, Severity
    from claude_lint.report.github import annotation

    f = Finding(
        "hardcoded-api-key", "100% bad\nsecond line", Location("a,b:c.py", 3, 2, 3, 5), Severity.HIGH, Confidence.HIGH
    )
    line = annotation(f)
    assert line.startswith("::error file=a%2Cb%3Ac.py,line=3,col=2,endLine=3,endColumn=5,")
    assert line.endswith("::100%25 bad%0Asecond line")


def test_markdown_summary(in_tmp, monkeypatch):
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/bot")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    _tree(in_tmp, 3)
    res = CliRunner().invoke(main, ["check", ".", "--format", "markdown", "--no-cache"])
    out = res.output
    assert out.startswith("## claude-lint")
    assert "**4 findings**" in out
    assert "| rule |" in out and "hardcoded-client-credential" in out and "consumer-credential" in out
    assert "(https://github.com/acme/bot/blob/abc123/app.py#L2)" in out
    assert SECRET not in out


def test_markdown_summary_when_clean(in_tmp):
    (in_tmp / "app.py").write_text("import anthropic\nclient = anthropic.Anthropic()\n")
    res = CliRunner().invoke(main, ["check", ".", "--format", "markdown", "--no-cache"])
    assert res.exit_code == 0 and "No findings" in res.output
