"""One finding per cause (issue 12): related locations through every output, the cache,
baselines, suppressions and --diff.

Credentials here are random strings made at test time: they match no key format (so
``hardcoded-client-credential`` judges them by where they are used) and are no placeholder.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner
from test_sarif import github_problems, result_of, schema_errors

from claude_lint import baseline as bl
from claude_lint.cache import finding_from_json, finding_to_json
from claude_lint.cli import main
from claude_lint.model import (
    Confidence,
    Finding,
    Location,
    Related,
    Severity,
    statement_digest,
)
from claude_lint.report import sarif

RULE = "hardcoded-client-credential"
TOKEN = "q8Zr3mW1vT6yN0pL4sK9dH2fJ7cX5bV1gR8tY3uE"
CONSTANT_APP = (
    "import anthropic\n"
    "\n"
    f'PROXY_TOKEN = "{TOKEN}"\n'
    "\n"
    "a = anthropic.Anthropic(api_key=PROXY_TOKEN)\n"
    "b = anthropic.AsyncAnthropic(api_key=PROXY_TOKEN)\n"
    "c = anthropic.Anthropic(api_key=PROXY_TOKEN, max_retries=1)\n"
)


def check(*args: str):
    res = CliRunner().invoke(main, ["check", "--no-cache", *args])
    return res


def doc_of(*args: str) -> dict:
    res = check("--format", "json", *args)
    assert res.stdout.strip().startswith("{"), res.output
    return json.loads(res.stdout)


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            "-C",
            str(root),
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _finding_with_related() -> Finding:
    return Finding(
        RULE,
        "The constant [X] holds a literal",
        Location("app.py", 3, 15, 3, 57),
        Severity.HIGH,
        Confidence.MEDIUM,
        snippet='PROXY_TOKEN = "…"',
        span=(3, 3),
        related=(
            Related(
                Location("app.py", 5, 33, 5, 44),
                "used as Anthropic(api_key=...)",
                "a = anthropic.Anthropic(api_key=PROXY_TOKEN)",
            ),
            Related(
                Location("app.py", 6, 38, 6, 49),
                "used as [x](9) here",
                "b = anthropic.AsyncAnthropic(api_key=PROXY_TOKEN)",
            ),
        ),
        identity="a = anthropic.Anthropic(api_key=PROXY_TOKEN)",
    )


# --------------------------------------------------------------------------- the rule


def test_constant_credential_is_one_finding_at_its_definition(in_tmp):
    (in_tmp / "app.py").write_text(CONSTANT_APP)
    doc = doc_of(".")
    found = [f for f in doc["findings"] if f["rule_id"] == RULE]
    assert [(f["path"], f["line"]) for f in found] == [("app.py", 3)]
    assert [(r["line"], r["label"]) for r in found[0]["related"]] == [
        (5, "used as Anthropic(api_key=...)"),
        (6, "used as AsyncAnthropic(api_key=...)"),
        (7, "used as Anthropic(api_key=...)"),
    ]
    assert "and 2 other uses" in found[0]["message"]
    assert TOKEN not in json.dumps(doc)


def test_text_output_lists_related_locations(in_tmp):
    (in_tmp / "app.py").write_text(CONSTANT_APP)
    out = check(".", "--exit-zero").output
    assert "    related: 5: used as Anthropic(api_key=...), 6: used as AsyncAnthropic(api_key=...), 7:" in out


# --------------------------------------------------------------------------- SARIF


def test_sarif_related_locations_are_valid_and_linked_from_the_message():
    doc = sarif.sarif_log(result_of([_finding_with_related()]))
    assert schema_errors(doc) == []
    assert github_problems(doc) == []
    res = doc["runs"][0]["results"][0]
    assert [r["id"] for r in res["relatedLocations"]] == [1, 2]
    assert res["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 5
    text = res["message"]["text"]
    # our links, around escaped labels; text from the file never becomes a link
    assert "Related: [used as Anthropic(api_key=...)](1), [used as \\[x\\](9) here](2)." in text
    assert text.startswith("The constant \\[X\\] holds a literal.")
    assert sarif.fingerprint(_finding_with_related()).startswith(
        statement_digest(RULE, "app.py", "a = anthropic.Anthropic(api_key=PROXY_TOKEN)")
    )


def test_github_checker_catches_a_link_to_a_missing_related_location():
    doc = sarif.sarif_log(result_of([_finding_with_related()]))
    doc["runs"][0]["results"][0]["relatedLocations"].pop()
    assert any("links to related location 2" in p for p in github_problems(doc))


def test_sarif_of_a_real_run_with_related_locations_validates(in_tmp):
    (in_tmp / "app.py").write_text(CONSTANT_APP)
    res = check(".", "--format", "sarif", "--exit-zero")
    doc = json.loads(res.stdout)
    assert schema_errors(doc) == [] and github_problems(doc) == []
    (result,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == RULE]
    assert len(result["relatedLocations"]) == 3 and "](3)" in result["message"]["text"]


def test_fingerprint_of_a_finding_without_related_locations_is_unchanged():
    f = Finding("demo-rule", "m", Location("app.py", 3), Severity.HIGH, Confidence.HIGH, snippet="x = call( 1 )")
    assert f.digest() == statement_digest("demo-rule", "app.py", "x = call( 1 )")
    import hashlib

    parts = ("demo-rule", "app.py", "x = call( 1 )")
    old = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
    assert f.digest() == old


# --------------------------------------------------------------------------- cache


def test_cache_round_trip_keeps_related_locations_and_identity():
    f = _finding_with_related()
    assert finding_from_json(json.loads(json.dumps(finding_to_json(f)))) == f


# --------------------------------------------------------------------------- baselines


def _old_baseline(root: Path, statement: str) -> Path:
    """A baseline as the code before this change wrote it: the finding was reported at a
    use of the constant, its fingerprint the hash of that statement."""
    fp = statement_digest(RULE, "app.py", statement)
    file = root / "old-baseline.jsonl"
    file.write_text(
        json.dumps(bl.HEADER)
        + "\n"
        + json.dumps({"path": "app.py", "rule": RULE, "fingerprint": fp, "count": 1})
        + "\n"
    )
    return file


def test_old_baseline_of_the_first_use_still_hides_the_moved_finding(in_tmp):
    (in_tmp / "app.py").write_text(CONSTANT_APP)
    file = _old_baseline(in_tmp, "a = anthropic.Anthropic(api_key=PROXY_TOKEN)")
    doc = doc_of(".", "--baseline", str(file))
    assert [f for f in doc["findings"] if f["rule_id"] == RULE] == []
    assert doc["summary"]["baselined"] == 1


def test_old_baseline_of_another_use_still_hides_the_moved_finding(in_tmp):
    (in_tmp / "app.py").write_text(CONSTANT_APP)
    file = _old_baseline(in_tmp, "b = anthropic.AsyncAnthropic(api_key=PROXY_TOKEN)")
    doc = doc_of(".", "--baseline", str(file))
    assert [f for f in doc["findings"] if f["rule_id"] == RULE] == []


def test_baseline_of_an_unrelated_statement_does_not_hide_it(in_tmp):
    (in_tmp / "app.py").write_text(CONSTANT_APP)
    file = _old_baseline(in_tmp, "z = anthropic.Anthropic(api_key=OTHER)")
    doc = doc_of(".", "--baseline", str(file))
    assert [(f["rule_id"], f["line"]) for f in doc["findings"] if f["rule_id"] == RULE] == [(RULE, 3)]


# --------------------------------------------------------------------------- suppressions


def test_suppression_at_a_related_location_is_unused_with_a_hint_to_move_it(in_tmp):
    text = CONSTANT_APP.replace(
        "a = anthropic.Anthropic(api_key=PROXY_TOKEN)\n",
        f"a = anthropic.Anthropic(api_key=PROXY_TOKEN)  # claude-lint: ignore[{RULE}] proxy token of the test rig\n",
    )
    (in_tmp / "app.py").write_text(text)
    doc = doc_of(".")
    rules = [(f["rule_id"], f["line"]) for f in doc["findings"]]
    assert (RULE, 3) in rules
    (unused,) = [f for f in doc["findings"] if f["rule_id"] == "unused-suppression"]
    assert unused["line"] == 5
    assert "move it to line 3" in unused["message"]
    assert "line 3" in unused["fix_hint"]


def test_suppression_at_the_definition_applies(in_tmp):
    text = CONSTANT_APP.replace(
        f'PROXY_TOKEN = "{TOKEN}"\n', f'PROXY_TOKEN = "{TOKEN}"  # claude-lint: ignore[{RULE}] test rig token\n'
    )
    (in_tmp / "app.py").write_text(text)
    doc = doc_of(".")
    assert [f["rule_id"] for f in doc["findings"]] == []


# --------------------------------------------------------------------------- --diff


def test_diff_reports_a_finding_whose_related_location_changed(in_tmp):
    git(in_tmp, "init", "-q")
    (in_tmp / "app.py").write_text(CONSTANT_APP)
    git(in_tmp, "add", ".")
    git(in_tmp, "commit", "-qm", "first")
    assert doc_of(".", "--diff", "HEAD")["findings"] == []
    # a new use of the constant: the finding at the (unchanged) definition comes back
    (in_tmp / "app.py").write_text(CONSTANT_APP + "d = anthropic.Anthropic(api_key=PROXY_TOKEN)\n")
    doc = doc_of(".", "--diff", "HEAD")
    assert [(f["rule_id"], f["line"]) for f in doc["findings"]] == [(RULE, 3)]


# --------------------------------------------------------------------------- batches (inference-geo-missing)

GEO = "inference-geo-missing"
BATCH_APP = (
    "import anthropic\n"
    "\n"
    "client = anthropic.Anthropic()\n"
    "batch = client.messages.batches.create(\n"
    "    requests=[\n"
    '        {"custom_id": "a", "params": {"model": "claude-sonnet-4-5", "max_tokens": 9, "messages": []}},\n'
    '        {"custom_id": "b", "params": {"model": "claude-sonnet-4-5", "max_tokens": 9, "messages": []}},\n'
    '        {"custom_id": "c", "params": {"model": "claude-sonnet-4-5", "max_tokens": 9, "messages": []}},\n'
    "    ]\n"
    ")\n"
)


def test_a_batch_is_one_finding_at_its_first_request_with_the_others_related(in_tmp):
    (in_tmp / "app.py").write_text(BATCH_APP)
    (in_tmp / "claude-lint.yaml").write_text("policy:\n  residency: us\n")
    found = [f for f in doc_of(".")["findings"] if f["rule_id"] == GEO]
    assert [(f["line"], f["column"]) for f in found] == [(6, 38)]
    assert "gets 3 requests" in found[0]["message"]
    assert [r["line"] for r in found[0]["related"]] == [7, 8]


def test_old_baseline_of_a_batch_still_hides_its_one_finding(in_tmp):
    """Before, each request was a finding with the fingerprint of the batch statement (the
    same for all three, count 3); the finding that remains has that fingerprint."""
    (in_tmp / "app.py").write_text(BATCH_APP)
    (in_tmp / "claude-lint.yaml").write_text("policy:\n  residency: us\n")
    statement = " ".join("".join(BATCH_APP.splitlines(True)[3:]).split())
    fp = statement_digest(GEO, "app.py", statement)
    file = in_tmp / "old-baseline.jsonl"
    file.write_text(
        json.dumps(bl.HEADER) + "\n" + json.dumps({"path": "app.py", "rule": GEO, "fingerprint": fp, "count": 3}) + "\n"
    )
    doc = doc_of(".", "--baseline", str(file))
    assert [f for f in doc["findings"] if f["rule_id"] == GEO] == []
    assert doc["summary"]["baselined"] == 1


HEALTH_SCRIPT = (
    "import anthropic\n"
    "\n"
    "client = anthropic.Anthropic()\n"
    "\n"
    "\n"
    "def summarise(patient_note):\n"
    "    reply = client.messages.create(\n"
    '        model="claude-sonnet-4-5", max_tokens=256,\n'
    '        messages=[{"role": "user", "content": patient_note}],\n'
    "    )\n"
    "    text = reply.content[0].text\n"
    "    print(text)\n"
    "    print(patient_note)\n"
    '    print(f"summary: {text}")\n'
    "    return text\n"
    "\n"
    "\n"
    'if __name__ == "__main__":\n'
    '    summarise(open("note.txt").read())\n'
)


def test_console_output_of_health_data_is_one_finding_per_file_with_the_other_prints_related(in_tmp):
    (in_tmp / "summarise.py").write_text(HEALTH_SCRIPT)
    doc = doc_of(".")
    found = [f for f in doc["findings"] if f["rule_id"] == "prompt-logged"]
    assert [(f["path"], f["line"]) for f in found] == [("summarise.py", 12)]
    assert [r["line"] for r in found[0]["related"]] == [13, 14]
    assert all(r["label"].startswith("also prints health data") for r in found[0]["related"])


def test_log_calls_of_a_service_stay_one_finding_per_sink(in_tmp):
    (in_tmp / "svc.py").write_text(
        HEALTH_SCRIPT.replace("    print(", "    log.warning(")
        .replace(
            "client = anthropic.Anthropic()\n",
            "import logging\nlog = logging.getLogger(__name__)\nclient = anthropic.Anthropic()\n",
        )
        .split("if __name__")[0]
    )
    doc = doc_of(".")
    found = [f for f in doc["findings"] if f["rule_id"] == "prompt-logged"]
    assert [f["line"] for f in found] == [14, 15, 16]
