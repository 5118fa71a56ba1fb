"""docs/rules.md is generated from the rules' own documentation and must not be stale."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from claude_lint import registry
from claude_lint.report.ruledocs import DOCS_URL, help_uri, rule_markdown

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_docs.py"
DOCS = ROOT / "docs" / "rules.md"


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_docs_are_up_to_date():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, (
        "docs/rules.md is stale: run `python scripts/gen_docs.py` and commit the result\n" + proc.stderr
    )


def test_docs_have_one_section_per_rule_rendered_by_the_markdown_module():
    text = DOCS.read_text(encoding="utf-8")
    assert "GENERATED — do not edit" in text.splitlines()[0]
    metas = registry.builtin_rules()
    sections = re.findall(r"^## (\S+)\s*$", text, re.M)
    assert sections == list(metas)
    for meta in metas.values():
        assert rule_markdown(meta, heading_level=3).strip() in text


def test_help_uris_point_at_the_docs_sections():
    text = DOCS.read_text(encoding="utf-8")
    for meta in registry.builtin_rules().values():
        uri = help_uri(meta)
        page, _, anchor = uri.partition("#")
        assert page == DOCS_URL
        assert re.search(rf"^## {re.escape(anchor)}$", text, re.M), uri


def test_check_fails_on_a_stale_page_and_writing_fixes_it(tmp_path, capsys):
    gen = _gen_docs()
    page = tmp_path / "rules.md"
    assert gen.main(["--check", "--path", str(page)]) == 1  # missing
    page.write_text(gen.render().replace("## hardcoded-api-key", "## hardcoded-api-keys"), encoding="utf-8")
    assert gen.main(["--check", "--path", str(page)]) == 1
    assert "stale" in capsys.readouterr().err
    assert gen.main(["--path", str(page)]) == 0
    assert gen.main(["--check", "--path", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == gen.render()
