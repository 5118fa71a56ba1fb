"""The built-in semgrep companion rules for configuration files (``rules/<id>.yaml``):
they load without errors, belong to a Python rule that judges their captures, fire on
every variable the Python rule knows, start semgrep only when a configuration file in a
repository that uses Claude can hold a finding, and ship inside the wheel."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claude_lint import registry
from claude_lint.checks.insecure_base_url import InsecureBaseUrl
from claude_lint.checks.prompt_logged import GENAI_OTEL_VAR, LOG_VAR, OTEL_VAR, PromptLogged
from claude_lint.checks.region_outside_policy import CONFIG_REGION_VARS, RegionOutsidePolicy
from claude_lint.cli import main
from claude_lint.engines import semgrep as sg
from claude_lint.rulekit.config_values import config_value
from claude_lint.surface import BASE_URL_ENV_VARS

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
COMPANIONS = sorted(RULES.glob("*.yaml"))
# semgrep is a declared test dependency: without it these tests fail (they do not skip).
needs_semgrep = pytest.mark.usefixtures("require_semgrep")

APP = "import anthropic\n\nclient = anthropic.Anthropic()\n"


def _check(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def _json(res) -> dict:
    return json.loads(res.output)


# --------------------------------------------------------------------------- the rule files


def test_there_are_companions_for_the_config_file_rules():
    assert {p.stem for p in COMPANIONS} >= {"insecure-base-url", "prompt-logged", "region-outside-policy"}


@pytest.mark.parametrize("path", COMPANIONS, ids=lambda p: p.stem)
def test_companion_shape(path):
    """Ids ``<stem>`` or ``<stem>--<variant>``, the ``NAME<TAB>VALUE`` message, a prefilter
    that compiles as the runner compiles it, restricted paths, and a Python rule of the same
    id that judges the captures."""
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    cls = {c.id: c for c in registry.rule_classes()}.get(path.stem)
    assert cls is not None and cls.defines("judge_config"), f"{path.stem}: no judge_config"  # declared on Rule
    for rule in rules:
        assert rule["id"] == path.stem or rule["id"].startswith(path.stem + "--"), rule["id"]
        assert rule["message"] == "$NAME\t$VALUE", rule["id"]
        assert "description" not in (rule.get("metadata") or {}), "a companion's docs live in the Python rule"
        pre = rule["metadata"]["prefilter"]
        for part in pre if isinstance(pre, list) else [pre]:  # a list: every regex must match
            assert isinstance(part, str), rule["id"]
            re.compile(part.encode())
        assert rule["paths"]["include"], rule["id"]
    meta = registry.builtin_rules()[path.stem]
    assert "semgrep" in meta.engines and meta.docs.startswith("## What it does")


def test_runner_config_names_cover_every_rule_path():
    """The runner hands semgrep only files whose names look like configuration files; every
    path a companion includes must be one of them (or the rule could never fire there)."""
    from claude_lint.filetext import is_config_file as _is_config_file

    samples = {
        ".env": ".env",
        ".env.*": ".env.production",
        "*.env": "prod.env",
        "[Dd]ockerfile": "Dockerfile",
        "[Dd]ockerfile.*": "dockerfile.prod",
        "*.[Dd]ockerfile": "api.Dockerfile",
        "Containerfile": "Containerfile",
        "*.yml": "ci.yml",
        "*.yaml": "values.yaml",
        "*.tf": "main.tf",
        "*.tfvars": "prod.tfvars",
        "*.hcl": "a.hcl",
    }
    for path in COMPANIONS:
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            for pattern in rule["paths"]["include"]:
                assert pattern in samples, f"{rule['id']}: add a sample file name for {pattern!r}"
                assert _is_config_file(Path(samples[pattern])), pattern


@needs_semgrep
def test_rule_files_load_without_errors(tmp_path):
    """semgrep reports a broken rule with exit code 0 and an entry in ``errors``: look there."""
    (tmp_path / "empty.env").write_text("A=1\n")
    env = {**os.environ, **sg.OFFLINE_ENV}
    proc = subprocess.run(
        [*sg.semgrep_command(), *sg.OFFLINE_ARGS, "--strict", "--config", str(RULES), "--", "empty.env"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    data = json.loads(proc.stdout)
    assert data["errors"] == [], data["errors"]
    assert proc.returncode == 0, proc.stderr[-2000:]


# --------------------------------------------------------------------------- every name fires


def _scan(tmp: Path, files: dict[str, str]) -> list[sg.Match]:
    for name, text in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, encoding="utf-8")
    return sg.run_semgrep(tmp, [tmp / n for n in files], [RULES]).matches


@needs_semgrep
def test_every_variable_of_the_python_rules_is_captured_in_every_form(tmp_path):
    """The YAML name lists are kept equal to the Python rules' vocabularies."""
    names = {
        "insecure-base-url": sorted(BASE_URL_ENV_VARS),
        "prompt-logged": [LOG_VAR, OTEL_VAR, GENAI_OTEL_VAR],
        "region-outside-policy": sorted(n for n in CONFIG_REGION_VARS if n.isupper())
        + ["VERTEX_REGION_CLAUDE_3_5_HAIKU"],
    }
    all_names = [n for ns in names.values() for n in ns]
    # region variables judged only beside a Bedrock or Claude mention get one (not a comment)
    gate = "CLAUDE_CODE_USE_BEDROCK=1\nANTHROPIC_VERTEX_PROJECT_ID=acme\n"
    files = {
        ".env": gate + "".join(f"{n}=v-{i}\n" for i, n in enumerate(all_names)),
        "compose.yaml": "x:\n  ANTHROPIC_VERTEX_PROJECT_ID: acme\n  CLAUDE_CODE_USE_BEDROCK: 1\n"
        + "".join(f"  {n}: v-{i}\n" for i, n in enumerate(all_names)),
        "k8s.yaml": "# bedrock claude\nenv:\n  - {name: X, value: anthropic-bedrock}\n"
        + "".join(f"  - name: {n}\n    value: v-{i}\n" for i, n in enumerate(all_names)),
        "Dockerfile": "FROM x\n"
        + gate.replace("C", "ENV C", 1).replace("\nA", "\nENV A")
        + "".join(f"ENV {n} v-{i}\n" for i, n in enumerate(all_names)),
        "main.tf": "locals {\n  bedrock = 1\n  claude = 1\n"
        + "".join(f'  {n} = "v-{i}"\n' for i, n in enumerate(all_names))
        + "}\n",
    }
    matches = _scan(tmp_path, files)
    got: dict[str, set[tuple[str, str]]] = {}
    for m in matches:
        name, value = sg.split_capture(m.message)
        got.setdefault(m.path, set()).add((m.rule_id, name))
        assert re.fullmatch(r"v-\d+", value), (m.path, m.message)
        assert value == f"v-{all_names.index(name)}", (m.path, m.message)
    for path in files:
        expected = {(rid, n) for rid, ns in names.items() for n in ns}
        assert got.get(path, set()) == expected, (path, expected ^ got.get(path, set()))


@needs_semgrep
def test_large_files_are_matched_wherever_the_bedrock_mention_is(tmp_path):
    """A whole-file regex stops silently at PCRE's backtracking limit after a few hundred KB
    (no error, no match): the file-level gates search from the top and from the bottom.
    Files just under semgrep's 1 MB target limit, the mention at 5%, 60% and 100%."""
    filler = [f"  K{i:06d}_SETTING: value-{i:06d}-abcdefghijklmnopqrstuvwxyz" for i in range(16000)]
    files = {}
    for where in (0.05, 0.6, 1.0):
        lines = ["env:", *filler]
        lines.insert(int(len(lines) * where), "  CLAUDE_CODE_USE_BEDROCK: 1")
        lines.append("  AWS_REGION: us-east-1")
        files[f"at{int(where * 100)}.yaml"] = "\n".join(lines) + "\n"
    # one very long line (minified YAML) before the variable
    files["long.yaml"] = "x: {" + ", ".join(f'"K{i}": "v-{i}"' for i in range(40000)) + "}\nANTHROPIC_LOG: debug\n"
    assert all(800_000 < len(t) < 1_000_000 for t in files.values())
    got = {(m.path, sg.split_capture(m.message)[0]) for m in _scan(tmp_path, files)}
    assert got == {
        ("at5.yaml", "AWS_REGION"),
        ("at60.yaml", "AWS_REGION"),
        ("at100.yaml", "AWS_REGION"),
        ("long.yaml", "ANTHROPIC_LOG"),
    }


@needs_semgrep
def test_look_alikes_and_comments_are_not_captured(tmp_path):
    files = {
        ".env": "# ANTHROPIC_LOG=debug\nANTHROPIC_LOG_LEVEL=debug\nMY_ANTHROPIC_LOG=debug\nOPENAI_BASE_URL=http://x\n"
        "echo $ANTHROPIC_LOG=debug\n",
        "ci.yml": "env:\n  # ANTHROPIC_BASE_URL: http://x\n  ANTHROPIC_BASE_URL_V2: http://x\n  - name: ANTHROPIC_LOG\n"
        "    valueFrom: {configMapKeyRef: {name: a, key: b}}\n",
        "main.tf": '// ANTHROPIC_LOG = "debug"\n# ANTHROPIC_LOG = "debug"\n',
        # AWS_REGION without Bedrock, a Vertex location without Claude: not about Claude
        "s3.yaml": "# a file about bedrock in a comment only\nAWS_REGION: us-east-1\nGOOGLE_CLOUD_REGION: us-central1\n",
        "app.txt": "ANTHROPIC_LOG=debug\n",  # not a configuration file
    }
    assert _scan(tmp_path, files) == []


# --------------------------------------------------------------------------- when semgrep starts


@pytest.fixture
def semgrep_calls(monkeypatch):
    calls: list[tuple] = []

    def fake(root, targets, configs, **kw):
        calls.append((root, sorted(Path(t).name for t in targets), list(configs)))
        return sg.SemgrepRun([], [])

    monkeypatch.setattr(sg, "semgrep_command", lambda: ["semgrep"])
    monkeypatch.setattr(sg, "run_semgrep", fake)
    return calls


def test_config_file_of_a_repository_without_claude_does_not_start_semgrep(in_tmp, semgrep_calls):
    (in_tmp / "app.py").write_text("print('hello')\n")
    (in_tmp / ".env").write_text("ANTHROPIC_LOG=debug\nANTHROPIC_BASE_URL=http://relay.corp\n")
    assert _check(".").exit_code == 0
    assert semgrep_calls == []


def test_config_files_without_a_candidate_value_do_not_start_semgrep(in_tmp, semgrep_calls):
    (in_tmp / "app.py").write_text(APP)
    (in_tmp / ".env").write_text("ANTHROPIC_BASE_URL=https://gateway.corp\nLOG_LEVEL=debug\nAWS_REGION=us-east-1\n")
    (in_tmp / "compose.yaml").write_text("services: {bot: {image: acme/bot}}\n")
    assert _check(".").exit_code == 0
    assert semgrep_calls == []


def test_semgrep_starts_once_on_the_candidates_only(in_tmp, semgrep_calls):
    (in_tmp / "app.py").write_text(APP)
    (in_tmp / ".env").write_text("ANTHROPIC_LOG=debug\n")
    (in_tmp / "deploy").mkdir()
    (in_tmp / "deploy" / "Dockerfile").write_text("FROM x\nENV ANTHROPIC_BASE_URL=http://relay.corp\n")
    (in_tmp / "deploy" / "other.yaml").write_text("a: 1\n")
    (in_tmp / "notes.txt").write_text("ANTHROPIC_LOG=debug\n")
    assert _check(".").exit_code == 0
    assert len(semgrep_calls) == 1
    _root, targets, configs = semgrep_calls[0]
    assert targets == [".env", "Dockerfile"]
    assert configs == [registry.semgrep_rules_dir()]


def test_a_dependency_file_makes_a_repository_use_claude(in_tmp, semgrep_calls):
    (in_tmp / "requirements.txt").write_text("anthropic>=0.40\n")
    (in_tmp / ".env").write_text("ANTHROPIC_LOG=debug\n")
    _check(".")
    assert len(semgrep_calls) == 1


def test_missing_semgrep_names_the_config_file_rules_and_keeps_their_suppressions(in_tmp, monkeypatch):
    monkeypatch.setattr(sg, "semgrep_command", lambda: None)
    (in_tmp / "app.py").write_text(APP)
    (in_tmp / ".env").write_text(
        "ANTHROPIC_BASE_URL=http://relay.corp:8080  # claude-lint: ignore[insecure-base-url] mTLS sidecar on the node\n"
    )
    res = _check(".", "--format", "json")
    doc = _json(res)
    skipped = [n for n in doc["notices"] if n["kind"] == "engine-skipped"]
    assert len(skipped) == 1, doc["notices"]
    for rid in ("insecure-base-url", "prompt-logged", "region-outside-policy"):
        assert rid in skipped[0]["message"]
    # the rule did not run on the file: its suppression is not "unused"
    assert doc["findings"] == [], doc["findings"]
    assert res.exit_code == 0
    assert CliRunner().invoke(main, ["check", ".", "--strict"]).exit_code == 4


# --------------------------------------------------------------------------- end to end


@needs_semgrep
def test_config_findings_end_to_end(in_tmp):
    (in_tmp / "app.py").write_text(APP)
    (in_tmp / "claude-lint.yaml").write_text("policy: {residency: eu}\n")
    (in_tmp / "docker-compose.yml").write_text(
        "services:\n  bot:\n    environment:\n"
        "      ANTHROPIC_BASE_URL: http://svc:hunter22@relay.corp:8080\n"
        "      ANTHROPIC_LOG: debug\n"
        "      CLAUDE_CODE_USE_BEDROCK: '1'\n"
        "      AWS_REGION: us-east-1  # claude-lint: ignore[region-outside-policy] migration ticket OPS-12\n"
        "      ANTHROPIC_MODEL: global.anthropic.claude-sonnet-4-5-20250929-v1:0\n"
    )
    res = _check(".", "--format", "json")
    doc = _json(res)
    found = {(f["rule_id"], f["line"]): f for f in doc["findings"] if f["path"] == "docker-compose.yml"}
    assert set(found) == {("insecure-base-url", 4), ("prompt-logged", 5), ("region-outside-policy", 8)}, found
    url = found[("insecure-base-url", 4)]
    assert url["column"] == 27 and url["severity"] == "high"
    assert "hunter22" not in res.output, "a password in a URL is redacted in messages and snippets"
    assert "global." in found[("region-outside-policy", 8)]["message"]
    assert doc["summary"]["suppressed"] == 1


@needs_semgrep
def test_trusted_hosts_option_applies_to_config_files(in_tmp):
    (in_tmp / "app.py").write_text(APP)
    (in_tmp / ".env").write_text("ANTHROPIC_BASE_URL=http://relay.mesh.internal:8080\n")
    assert [f["rule_id"] for f in _json(_check(".", "--format", "json"))["findings"]] == ["insecure-base-url"]
    (in_tmp / "claude-lint.yaml").write_text(
        "rules:\n  insecure-base-url:\n    options: {trusted-hosts: ['*.mesh.internal']}\n"
    )
    assert _json(_check(".", "--format", "json"))["findings"] == []


# --------------------------------------------------------------------------- judges and helpers


def test_config_value():
    assert config_value('"debug"') == "debug"
    assert config_value("${ANTHROPIC_LOG:-debug}") == "debug"
    assert config_value("${A-${B:=http://x}}") == "http://x"
    for ref in ("$X", "${X}", "${{ secrets.X }}", "{{ .Values.x }}", "var.x", "local.y", ""):
        assert config_value(ref) is None, ref


def test_url_passwords_are_redacted():
    assert sg.redact_url_passwords("X=http://svc:hunter22@relay:80/a") == "X=http://svc:…@relay:80/a"
    assert sg.redact_url_passwords("https://relay/a@b") == "https://relay/a@b"


def test_judges():
    ib, pl, rp = InsecureBaseUrl(), PromptLogged(), RegionOutsidePolicy()
    assert ib.judge_config("ANTHROPIC_BASE_URL", "http://relay.corp", "any")
    assert ib.judge_config("ANTHROPIC_BASE_URL", "http://[::1]:8080", "any") is None
    assert ib.judge_config("OPENAI_BASE_URL", "http://relay.corp", "any") is None
    assert pl.judge_config("ANTHROPIC_LOG", "debug", "any")
    assert pl.judge_config("ANTHROPIC_LOG", "info", "any") is None
    assert pl.judge_config(GENAI_OTEL_VAR, "span_only", "any")
    assert pl.judge_config(GENAI_OTEL_VAR, "NO_CONTENT", "any") is None
    # residency: any judges no region; eu and us do; allowed-regions replaces the table
    assert rp.judge_config("AWS_REGION", "us-east-1", "any") is None
    assert rp.judge_config("AWS_REGION", "us-east-1", "eu")
    assert rp.judge_config("AWS_REGION", "us-east-1", "us") is None
    assert rp.judge_config("X", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu") is None
    assert rp.judge_config(
        "X", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", {"residency": "eu", "allowed-regions": ["eu-central-1"]}
    )
    assert rp.judge_config("ANTHROPIC_GOOGLE_CLOUD_LOCATION", "global", "eu") is None  # eu-residency-unavailable's
    assert rp.judge_config("ANTHROPIC_GOOGLE_CLOUD_LOCATION", "global", "us")
    assert rp.judge_config("UNRELATED_REGION", "us-east-1", "eu") is None


# --------------------------------------------------------------------------- packaging


def test_wheel_ships_the_rules(tmp_path):
    """hatch force-includes ``rules/`` as ``claude_lint/_rules``; the installed package then
    finds its companions there (DESIGN §4: a test lists the built wheel)."""
    import build  # noqa: F401  (declared test dependencies: fail, never skip)
    import hatchling  # noqa: F401

    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as z:
        shipped = {
            n.rsplit("/", 1)[1] for n in z.namelist() if n.startswith("claude_lint/_rules/") and n.endswith(".yaml")
        }
        z.extractall(tmp_path / "site")
    assert shipped == {p.name for p in COMPANIONS}
    probe = (
        "from claude_lint import registry; d = registry.semgrep_rules_dir(); "
        "m = registry.builtin_rules(); "
        "print(d.relative_to(d.parent.parent).as_posix(), sorted(i for i, x in m.items() if 'semgrep' in x.engines))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split(" ", 1)[0] == "claude_lint/_rules"
    assert all(p.stem in out.stdout for p in COMPANIONS)
