"""Meta-test of the rule catalogue (DESIGN §2, §3, §4): ids, files, fixtures, docs, vocabularies."""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from pathlib import Path

import pytest

from claude_lint import checks, registry
from claude_lint.model import DOC_SECTIONS, RULE_ID_RE, Confidence, Severity
from claude_lint.report import sarif

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
METAS = registry.builtin_rules()
IDS = sorted(METAS)


def test_there_are_rules():
    assert METAS


@pytest.mark.parametrize("rule_id", IDS)
def test_id_is_kebab_case(rule_id):
    assert RULE_ID_RE.match(rule_id), rule_id
    assert not rule_id.startswith("no-"), "ids name the bad pattern, without a no- prefix (DESIGN §2)"
    assert not re.search(r"\d", rule_id), "ids carry no numbers (DESIGN §2)"


def test_ids_are_unique():
    class_ids = [cls.id for cls in registry.rule_classes()]
    assert len(class_ids) == len(set(class_ids))
    assert set(class_ids) <= set(METAS)
    names = [m.name for m in METAS.values()]
    assert len(names) == len(set(names)), "SARIF rule names must be distinct"


@pytest.mark.parametrize("cls", registry.rule_classes(), ids=lambda c: c.id)
def test_module_stem_is_the_id_with_underscores(cls):
    module = sys.modules[cls.__module__]
    assert Path(module.__file__).stem == cls.id.replace("-", "_")
    assert Path(module.__file__).parent == Path(checks.__file__).parent


def test_semgrep_rule_files_are_named_by_id():
    folder = registry.semgrep_rules_dir()
    for meta in METAS.values():
        if meta.engines == ("semgrep",):
            assert Path(meta.source).stem == meta.id, meta.source
    if folder.is_dir():
        for path in folder.glob("*.yaml"):
            assert path.stem in METAS, f"{path.name}: no rule with id {path.stem!r}"


@pytest.fixture
def fake_checks(tmp_path, monkeypatch):
    """Point the registry at a folder of our own, then restore it and its caches."""
    registry.rule_classes.cache_clear()
    registry.builtin_rules.cache_clear()
    monkeypatch.setattr(checks, "__path__", [str(tmp_path)])
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith("claude_lint.checks."):
            del sys.modules[name]
    monkeypatch.undo()
    registry.rule_classes.cache_clear()
    registry.builtin_rules.cache_clear()


_RULE_MODULE = '''
from claude_lint.model import Confidence, Severity
from claude_lint.rule import Rule


class Demo(Rule):
    """## What it does\\nx"""

    id = {rule_id!r}
    summary = "demo"
    severity = Severity.LOW
    confidence = Confidence.LOW

    def scan_text(self, ctx):
        pass
'''


def test_registry_rejects_a_module_not_named_after_its_rule(fake_checks):
    (fake_checks / "wrong_name.py").write_text(_RULE_MODULE.format(rule_id="right-name"), encoding="utf-8")
    with pytest.raises(registry.RegistryError, match="module name must be the rule id"):
        registry.rule_classes()


def test_registry_accepts_a_module_named_after_its_rule(fake_checks):
    (fake_checks / "right_name.py").write_text(_RULE_MODULE.format(rule_id="right-name"), encoding="utf-8")
    assert [c.id for c in registry.rule_classes()] == ["right-name"]


def test_registry_is_restored_after_the_fake_folder():
    assert [c.id for c in registry.rule_classes()] == sorted(c.id for c in registry.rule_classes())
    assert registry.builtin_rules().keys() == METAS.keys()


def test_every_rule_has_a_fixture_folder_and_every_folder_a_rule():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert sorted(set(IDS) - folders) == [], "rules without fixtures/<id>/"
    assert sorted(folders - set(IDS)) == [], "fixture folders of no rule"
    for rule_id in IDS:
        assert any(p.is_file() for p in (FIXTURES / rule_id).rglob("*")), f"fixtures/{rule_id}/ is empty"


@pytest.mark.parametrize("rule_id", IDS)
def test_docs_have_every_section_in_order(rule_id):
    meta = METAS[rule_id]
    titles = re.findall(r"^##\s+(.+?)\s*$", meta.docs, re.M)
    assert tuple(titles) == DOC_SECTIONS, f"{rule_id}: sections {titles}"
    for title in DOC_SECTIONS:
        assert meta.section(title).strip(), f"{rule_id}: section {title!r} is empty"
    for title in ("Example", "Use instead"):
        assert "```" in meta.section(title), f"{rule_id}: {title!r} has no code block"


@pytest.mark.parametrize("rule_id", IDS)
def test_python_code_blocks_parse(rule_id):
    blocks = re.findall(r"^```(?:python|py)\s*\n(.*?)^```", METAS[rule_id].docs, re.M | re.S)
    for block in blocks:
        try:
            ast.parse(textwrap.dedent(block))
        except SyntaxError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{rule_id}: python block does not parse: {exc}\n{block}")


@pytest.mark.parametrize("rule_id", IDS)
def test_metadata_uses_the_vocabularies(rule_id):
    meta = METAS[rule_id]
    assert isinstance(meta.severity, Severity)
    assert isinstance(meta.confidence, Confidence)
    assert meta.summary.strip() and len(meta.summary) <= 1024
    assert meta.fix_hint.strip(), f"{rule_id}: no fix hint (text output prints one per finding)"
    assert all(isinstance(n, int) and n > 0 for n in meta.cwe)
    assert all(re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", t) for t in meta.tags), meta.tags


@pytest.mark.parametrize("rule_id", IDS)
def test_tags_fit_githubs_limit_with_the_sarif_additions(rule_id):
    meta = METAS[rule_id]
    full = list(
        dict.fromkeys(
            (["security"] if "security" in meta.tags else [])
            + [f"external/cwe/cwe-{n}" for n in meta.cwe]
            + list(meta.tags)
        )
    )
    assert len(full) <= sarif.MAX_TAGS, f"{rule_id}: {len(full)} tags in SARIF"
    assert sarif.rule_tags(meta) == full
