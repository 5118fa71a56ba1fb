"""The policy file's JSON Schema: generated from the registry and never stale, published in the
wheel, valid draft 2020-12 that draft-07 editors read the same way, and the very thing the
loader validates with — its verdicts agree with jsonschema's own on a corpus and on generated
documents, its messages keep the loader's format, and a cached verdict spares the import."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, Draft202012Validator
from test_config import ERRORS

from claude_lint import policy_schema, registry
from claude_lint.config import POLICY_KEYS, RULE_KEYS, TOP_KEYS, PolicyError, PolicyLoader

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_schema.py"
SCHEMA = json.loads(policy_schema.SCHEMA_FILE.read_text(encoding="utf-8"))


def _gen():
    spec = importlib.util.spec_from_file_location("gen_schema", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def loader(**kw) -> PolicyLoader:
    rules = registry.builtin_rules()
    return PolicyLoader(
        rules.keys(),
        registry.all_tags(rules.values()),
        rule_options={c.id: dict(c.options) for c in registry.rule_classes()},
        **kw,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the file


def test_schema_is_up_to_date():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, (
        "claude_lint/schema/claude-lint.schema.json is stale: run `python scripts/gen_schema.py` and commit it\n"
        + proc.stderr
    )


def test_check_fails_on_a_stale_schema_and_writing_fixes_it(tmp_path, capsys):
    gen = _gen()
    out = tmp_path / "s.json"
    assert gen.main(["--check", "--path", str(out)]) == 1  # missing
    out.write_text(gen.render().replace('"prompt-logged"', '"prompt-loged"'), encoding="utf-8")
    assert gen.main(["--check", "--path", str(out)]) == 1
    assert "stale" in capsys.readouterr().err
    assert gen.main(["--path", str(out)]) == 0
    assert gen.main(["--check", "--path", str(out)]) == 0


def test_schema_is_valid_draft_2020_12_with_a_published_id():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == policy_schema.SCHEMA_URL
    assert SCHEMA["$id"].startswith("https://") and SCHEMA["$id"].endswith("/claude-lint.schema.json")
    assert SCHEMA["title"] and SCHEMA["description"]


def _walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{path}/{i}")


def test_schema_reads_the_same_in_draft_07():
    """yaml-language-server (the VS Code YAML extension) implements draft-07: no keyword whose
    meaning changed between the drafts, no $ref beside other keywords (draft-07 ignores those)."""
    Draft7Validator.check_schema({**SCHEMA, "$schema": "http://json-schema.org/draft-07/schema#"})
    for where, node in _walk(SCHEMA):
        for kw in ("$ref", "$defs", "prefixItems", "unevaluatedProperties", "dependentRequired", "$dynamicRef"):
            assert kw not in node, (where, kw)
        if "items" in node:
            assert isinstance(node["items"], dict), where


def test_every_key_and_value_has_a_description():
    props = SCHEMA["properties"]
    for key in TOP_KEYS:
        assert props[key]["description"], key
    for key in POLICY_KEYS:
        assert props["policy"]["properties"][key]["description"], key
    for rid, rule in props["rules"]["properties"].items():
        assert rule["description"], rid
        for key in RULE_KEYS:
            assert rule["properties"][key]["description"], (rid, key)


def test_keys_are_the_designed_ones_in_their_order():
    props = SCHEMA["properties"]
    assert tuple(props) == TOP_KEYS
    assert tuple(props["policy"]["properties"]) == POLICY_KEYS
    for rule in (*props["rules"]["properties"].values(), props["rules"]["additionalProperties"]):
        assert tuple(rule["properties"]) == RULE_KEYS
        assert rule["additionalProperties"] is False
    assert props["policy"]["additionalProperties"] is False and SCHEMA["additionalProperties"] is False
    assert props["policy"]["properties"]["residency"]["enum"] == ["any", "us", "eu"]
    assert props["policy"]["properties"]["handles-phi"]["enum"] == ["auto", True, False]


def test_rule_ids_options_and_tags_come_from_the_registry():
    metas = registry.builtin_rules()
    rules = SCHEMA["properties"]["rules"]["properties"]
    assert list(rules) == list(metas)
    for cls in registry.rule_classes():
        options = rules[cls.id]["properties"]["options"]["properties"]
        assert set(options) == set(cls.options), cls.id
        for name, (_typ, default) in cls.options.items():
            spec = options[name]
            assert spec["default"] == (list(default) if isinstance(default, (list, tuple)) else default)
            assert spec["description"] and spec["description"] != f"Option {name!r}.", (cls.id, name)
            valid = Draft202012Validator(spec)
            assert valid.is_valid(list(default) if isinstance(default, (list, tuple)) else default)
    selectors = SCHEMA["properties"]["select"]["items"]["anyOf"][0]["enum"]
    assert selectors == sorted(set(metas) | registry.all_tags(metas.values()))


def test_the_wheel_ships_the_schema(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        shipped = zf.read("claude_lint/schema/claude-lint.schema.json")
        assert "claude_lint/policy_schema.py" in zf.namelist()
    assert json.loads(shipped) == SCHEMA


# --------------------------------------------------------------------------- the loader uses it


def test_the_loader_validates_with_the_schema_file(tmp_path, monkeypatch):
    """Change the schema the loader reads, and the loader's verdict changes with it."""
    f = write(tmp_path / "claude-lint.yaml", "policy: {residency: eu}\n")
    assert loader().load(f).residency == "eu"
    changed = json.loads(json.dumps(SCHEMA))
    changed["properties"]["policy"]["properties"]["residency"]["enum"] = ["any", "us"]
    monkeypatch.setattr(policy_schema, "schema", lambda: changed)
    monkeypatch.setattr(policy_schema, "_validator", lambda: Draft202012Validator(changed))
    with pytest.raises(PolicyError) as info:
        loader().load(f)
    assert info.value.key == "policy.residency" and "expected one of any, us, got 'eu'" in info.value.message


#: policy texts the schema accepts but the loader rejects: what a static schema cannot know
SEMANTIC = ("unknown rule id", "unknown rule id or tag", "does not exist", "unknown option")

VALID = [
    "",
    "policy:\n",
    "policy: {residency: eu, handles-phi: false, zdr: true, baa: true}\n",
    "policy: {baa: [anthropic, azure], phi-names: {add: [a]}, phi-names: {remove: [b]}}\n",
    "policy: {allowed-regions: null, test-paths: []}\n",
    "rules:\n  prompt-logged: {severity: HIGH, disable: null, exclude: null, options: null}\n",
    "rules:\n  prompt-logged:\n  insecure-base-url: {options: {trusted-hosts: [a, '*.b']}}\n",
    "rules:\n  base-url-not-approved: {options: {allow-loopback: false}, severity: ' low '}\n",
    "select: [secrets]\nignore: [prompt-logged]\nexclude: ['a/**']\ncustom-rules: []\nbaseline: b.json\n",
    "baseline: null\n",
]


def _jsonschema_errors(doc) -> list:
    return list(Draft202012Validator(SCHEMA).iter_errors(doc))


@pytest.mark.parametrize("text", VALID)
def test_valid_corpus(tmp_path, text):
    doc = yaml.safe_load(text) or {}
    assert not _jsonschema_errors(doc)
    assert not list(Draft7Validator(SCHEMA).iter_errors(doc))
    loader().load(write(tmp_path / "claude-lint.yaml", text))


@pytest.mark.parametrize("text, key, words", ERRORS, ids=[e[1] + "-" + str(i) for i, e in enumerate(ERRORS)])
def test_error_corpus_agrees_with_jsonschema(tmp_path, text, key, words):
    """Each broken policy of test_config: jsonschema and the loader agree on whether the
    structure is wrong, and the draft-07 reading agrees with the 2020-12 one."""
    doc = yaml.safe_load(text) or {}
    errors = _jsonschema_errors(doc)
    assert bool(errors) == bool(list(Draft7Validator(SCHEMA).iter_errors(doc)))
    with pytest.raises(PolicyError) as info:
        loader().load(write(tmp_path / "claude-lint.yaml", text))
    if not errors:
        assert any(w in info.value.message for w in SEMANTIC), info.value
    else:
        assert policy_schema.first_problem(doc) == (info.value.key, info.value.message)


# documents built from the policy's own vocabulary, misspelt keys and wrong types
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.sampled_from(
        [
            "any",
            "us",
            "eu",
            "EU",
            "auto",
            "true",
            "low",
            "HIGH",
            "urgent",
            "aws",
            "gogle",
            "",
            " ",
            "tests/**",
            "secrets",
            "prompt-logged",
            "x.json",
        ]
    ),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                ["add", "remove", "severity", "disable", "exclude", "options", "trusted-hosts", "allow-loopback", "x"]
            ),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=6,
)
_policy = st.dictionaries(st.sampled_from([*POLICY_KEYS, "residancy", "zdr_key_env"]), _values, max_size=4)
_rules = st.dictionaries(
    st.sampled_from(["prompt-logged", "insecure-base-url", "base-url-not-approved"]),
    st.one_of(st.none(), st.dictionaries(st.sampled_from([*RULE_KEYS, "severty"]), _values, max_size=3)),
    max_size=2,
)
_documents = st.fixed_dictionaries(
    {},
    optional={
        "policy": st.one_of(_policy, _values),
        "rules": st.one_of(_rules, _values),
        "select": _values,
        "ignore": _values,
        "exclude": _values,
        "baseline": _values,
        "selct": _values,
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=_documents)
def test_generated_documents_agree_with_jsonschema(tmp_path, doc):
    f = tmp_path / "claude-lint.yaml"
    f.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    errors = _jsonschema_errors(doc)
    assert bool(errors) == bool(list(Draft7Validator(SCHEMA).iter_errors(doc)))
    try:
        loader().load(f)
    except PolicyError as exc:
        assert exc.file == str(f.resolve())
        if errors:
            assert policy_schema.first_problem(doc) == (exc.key, exc.message)
            assert "unknown key" in exc.message or "expected" in exc.message or "unknown provider" in exc.message
        else:
            assert any(w in exc.message for w in SEMANTIC), exc
    else:
        assert not errors, errors[0].message


def test_problems_come_in_file_order():
    doc = yaml.safe_load("select: 3\npolicy: {zdr: 1, residancy: eu}\nbogus: 1\n")
    assert [k for k, _ in policy_schema.problems(doc)] == ["select", "policy.zdr", "policy.residancy", "bogus"]


def test_messages_of_odd_yaml_values(tmp_path):
    cases = [
        ("policy: {residency: 2024-01-01}\n", "policy.residency", "expected one of any, us, eu, got datetime.date"),
        ("1: x\n", "1", "unknown key"),
        (
            "policy: {test-paths: [a, [b]]}\n",
            "policy.test-paths",
            "expected a list of strings, got a list ['b'] at index 1",
        ),
        ("policy: {baa: [aws, 3]}\n", "policy.baa[1]", "unknown provider 3"),
        ("rules:\n  prompt-logged: {severity: [a]}\n", "rules.prompt-logged.severity", "expected one of low, medium"),
        (
            "rules:\n  insecure-base-url: {options: {trusted-hosts: x}}\n",
            "rules.insecure-base-url.options.trusted-hosts",
            "expected a list of strings, got a string 'x'",
        ),
        ("baseline: '  '\n", "baseline", "expected a path"),
        ("extend: ''\n", "extend", "expected the path of a policy file"),
    ]
    for text, key, words in cases:
        with pytest.raises(PolicyError) as info:
            loader().load(write(tmp_path / "claude-lint.yaml", text))
        assert (info.value.key, words in info.value.message) == (key, True), (text, info.value)


def test_pyproject_table_uses_the_same_schema(tmp_path):
    f = write(tmp_path / "pyproject.toml", "[tool.claude-lint.policy]\nresidency = 2024-01-01\nzdr = true\n")
    with pytest.raises(PolicyError) as info:
        loader().load(f)
    assert info.value.key == "policy.residency" and "expected one of any, us, eu" in info.value.message
    f = write(tmp_path / "pyproject.toml", "[tool.claude-lint]\nselct = []\n")
    with pytest.raises(PolicyError) as info:
        loader().load(f)
    assert info.value.key == "selct" and "did you mean 'select'" in info.value.message


def test_each_file_of_an_extend_chain_is_validated_on_its_own(tmp_path):
    """As in an editor: a base file's error counts even where the extending file overrides the key."""
    base = write(tmp_path / "org" / "base.yaml", "policy: {residency: mars}\n")
    child = write(tmp_path / "repo" / "claude-lint.yaml", "extend: ../org/base.yaml\npolicy: {residency: eu}\n")
    with pytest.raises(PolicyError) as info:
        loader().load(child)
    assert info.value.file == str(base.resolve()) and info.value.key == "policy.residency"


def test_yaml_alias_bombs_are_refused(tmp_path):
    lines = ["x:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("policy: {zdr: *a11, test-paths: [*a11]}")
    f = write(tmp_path / "claude-lint.yaml", "\n".join(lines) + "\n")
    with pytest.raises(PolicyError) as info:
        loader().load(f)
    assert "YAML aliases" in info.value.message
    f = write(tmp_path / "claude-lint.yaml", "policy: {allowed-regions: &r [*r]}\n")  # a cycle
    with pytest.raises(PolicyError):
        loader().load(f)


# --------------------------------------------------------------------------- verdict cache

PROBE = """
import sys
from claude_lint.cli import main
try:
    main(sys.argv[1:], prog_name="claude-lint")
except SystemExit as exc:
    code = exc.code
print(f"exit={code} jsonschema={'jsonschema' in sys.modules}", file=sys.stderr)
"""


def _probe(cwd: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's claude_lint, wherever cwd is
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "check", *args], cwd=cwd, capture_output=True, text=True, env=env
    )
    return proc.stderr.strip().splitlines()[-1]


def test_a_known_valid_policy_is_not_validated_again(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "app.py", "x = 1\n")
    write(repo / "claude-lint.yaml", "policy: {residency: us}\n")
    cache = tmp_path / "cache"
    args = ("--cache-dir", str(cache), ".")
    assert _probe(repo, *args) == "exit=0 jsonschema=True"  # first run: validated, verdict kept
    assert _probe(repo, *args) == "exit=0 jsonschema=False"  # the same text: not even imported
    assert _probe(repo, "--residency", "eu", *args) == "exit=0 jsonschema=True"  # overrides are validated too
    assert _probe(repo, "--residency", "eu", *args) == "exit=0 jsonschema=False"
    write(repo / "claude-lint.yaml", "policy: {residency: mars}\n")  # a changed text is validated
    assert _probe(repo, *args) == "exit=2 jsonschema=True"
    assert _probe(repo, *args) == "exit=2 jsonschema=True"  # failures are never remembered
    write(repo / "claude-lint.yaml", "policy: {residency: us}\n")
    assert _probe(repo, "--no-cache", ".") == "exit=0 jsonschema=True"  # --no-cache: nothing remembered


def test_verdicts_depend_on_the_schema(tmp_path, monkeypatch):
    v = policy_schema.Verdicts(tmp_path)
    key = v.key("yaml", "policy: {residency: us}\n")
    v.remember(key)
    assert policy_schema.Verdicts(tmp_path).known(key)
    monkeypatch.setattr(policy_schema, "schema_digest", lambda: "another schema")
    assert policy_schema.Verdicts(tmp_path).key("yaml", "policy: {residency: us}\n") != key


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a folder")
    v = policy_schema.Verdicts(blocker)
    v.remember("k")  # no exception
    assert v.known("k")  # remembered in memory for this run
