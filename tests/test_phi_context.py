"""Health data by context (claude_lint/phi/context.py) and raw HTTP to the Messages API with
built URLs (claude_lint/analysis/raw_http.py)."""

from __future__ import annotations

import ast
from types import SimpleNamespace

import pytest
from analysis_snippets import call, facts_of

from claude_lint import phi
from claude_lint.model import Confidence
from claude_lint.phi.context import CLINICAL_PHRASES, ContentSource, clinical_context, consumer_health

# --------------------------------------------------------------------------- the phrases


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("You are a clinical documentation assistant.", "clinical documentation"),
        ("Analyze the following **medical record page (Page 3)**", "medical record"),
        ("text provided by a patient describing symptoms", "patient"),
        ("Summarise the patient's chart", "patient's"),
        ("Review the patients' records", "patients'"),
        ("Suggest a diagnosis for the case below", "diagnosis"),
        ("The user describes their symptoms", "describes their symptoms"),
        ("List the care gaps against HEDIS measures", "care gaps"),
        ("Here is the transcript of the visit", "transcript of the visit"),
        ("a doctor-patient conversation", "doctor-patient"),
        ("Write the discharge summary", "discharge summary"),
        ("I have this patient medical record", "patient"),
    ],
)
def test_clinical_phrases(text, phrase):
    m = CLINICAL_PHRASES.search(text)
    assert m is not None and " ".join(m.group(0).split()) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "What are the symptoms of flu?",
        "Answer general questions about diseases, their symptoms and treatments.",
        "How many patients were seen this week?",
        "12 diagnoses recorded today",
        "Diagnose the bug in this stack trace",
        "Be patient with the user",
        "You are a patient and helpful tutor",
        "an impatient customer",
        "medical knowledge assistant",
    ],
)
def test_not_clinical_phrases(text):
    assert CLINICAL_PHRASES.search(text) is None


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("If the user is scared because of an illness, support them.", "illness"),
        ("Identify the user's potential health issues early.", "health issues"),
        ("Based on the user's recent health summary, write 4 tips.", "health summary"),
        ("Generate 2 more daily health questions for the user.", "health questions"),
        ("If they need to go to the doctor, motivate them.", "go to the doctor"),
        ("List your allergies before the appointment.", "allergies"),
        ("Build the Home-Based Newborn Care visit register.", "Newborn Care"),
    ],
)
def test_consumer_health_phrases(text, phrase):
    m = consumer_health(text)
    assert m is not None and m.group(0) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "Summarise the health check results of our services.",
        "Summarise the user's cluster health issues reported by the monitoring.",
        "You are a healthcare industry analyst. Summarise the revenue.",
        "Label each of your GitHub issues as bug or feature.",
        "Answer the user's general questions about illnesses, allergies and newborn care.",
        "Explain what causes this illness and how it spreads.",
        "Recent health summary of the service mesh.",
        "What are common allergies in spring?",
    ],
)
def test_not_consumer_health_phrases(text):
    assert consumer_health(text) is None


# --------------------------------------------------------------------------- instructions and content


def _content(f, text):
    req = f.claude_request(call(f, text))
    return [e for _n, e in f.request_content(req)]


def test_instructions_are_followed_through_a_template_dict_and_copy():
    f = facts_of(
        """
        import anthropic
        client = anthropic.Anthropic()
        TEMPLATE = {"system": "Take the text a patient wrote.", "messages": [{"role": "user", "content": None}]}

        def send(text):
            t = TEMPLATE.copy()
            t["messages"][0]["content"] = text
            return client.messages.create(model="claude-haiku-4-5", max_tokens=8, **t)
        """
    )
    found = clinical_context(f, _content(f, "client.messages.create("))
    assert found is not None and found.phrase == "patient" and found.node.lineno == 4


def test_a_parameter_is_not_widened_to_every_callers_literals():
    f = facts_of(
        """
        import anthropic
        client = anthropic.Anthropic()

        def ask(prompt):
            return client.messages.create(model="claude-haiku-4-5", max_tokens=8,
                                          messages=[{"role": "user", "content": prompt}])

        ask("Summarise the patient's chart")
        """
    )
    assert clinical_context(f, _content(f, "client.messages.create(")) is None


@pytest.mark.parametrize(
    "expr, kind",
    [
        ("page.extract_text()", "run time"),
        ("input('Symptoms? ')", "user input"),
        ("cursor.fetchone()", "run time"),
        ("request.get_json()['text']", "user input"),
        ("request.form['text']", "user input"),
        ("datetime.now().strftime('%Y')", None),
        ("open('system_prompt.txt').read()", None),
        ("anthropic.Anthropic()", None),
        ("len(items)", None),
        ("os.getenv('NAME')", None),
    ],
)
def test_content_source(expr, kind):
    f = facts_of(f"import anthropic, os\nfrom datetime import datetime\nfrom flask import request\nvalue = {expr}\n")
    node = f.tree.body[-1].value
    source = ContentSource(f)
    labels = set()
    for n in ast.walk(node):
        labels |= source(n)
    if kind is None:
        assert not labels
    else:
        assert any(kind in label for label in labels), labels


def _requests(src: str):
    f = facts_of(src)
    ctx = SimpleNamespace(facts=f, policy=None, tree=f.tree)
    return {item.req.call.lineno: item for item in phi.phi_requests(ctx)}


ROUTE = """
import anthropic
client = anthropic.Anthropic()
SYSTEM = "You are a clinical documentation assistant."

def scribe(transcript):
    return client.messages.create(model="claude-haiku-4-5", max_tokens=8, system=SYSTEM,
                                  messages=[{"role": "user", "content": transcript}])

def pages(reader):
    for page in reader.pages:
        client.messages.create(model="claude-haiku-4-5", max_tokens=8, system=SYSTEM,
                               messages=[{"role": "user", "content": page.extract_text()}])
    scribe("Show me an example note.")
"""


def test_context_findings_carry_the_instructions_and_a_confidence():
    items = _requests(ROUTE)
    assert set(items) == {12}  # scribe() is only called here, with a constant
    item = items[12]
    assert item.context is not None and item.context[1] == "clinical documentation"
    assert item.related[0][0].lineno == 4
    assert item.confidence is None  # run-time content: the rule's own confidence
    assert item.source_text.startswith("`page.extract_text()`")


def test_unknown_parameter_is_low_confidence():
    items = _requests(ROUTE.replace('    scribe("Show me an example note.")\n', ""))
    assert items[7].confidence == Confidence.LOW
    assert "whose callers are not in this file" in items[7].source_text


def test_named_health_data_wins_over_context():
    items = _requests(ROUTE.replace("transcript", "patient_note"))
    assert items[7].context is None  # the name rule's finding, not the context one


# --------------------------------------------------------------------------- raw HTTP


RAW = """
import os
from urllib.parse import urljoin
import httpx, requests
BASE = os.environ["BASE"]
ANTHROPIC_BASE = os.getenv("ANTHROPIC_BASE_URL", "https://api.anthropic.com")
V = {"anthropic-version": "2023-06-01"}
requests.post("https://api.anthropic.com/v1/messages", json={})
requests.post(f"{ANTHROPIC_BASE}/v1/messages", json={})
requests.post(f"{BASE}/messages", headers=V, json={})
requests.post(urljoin(BASE, "v1/messages"), json={"model": "claude-haiku-4-5"})
requests.post(f"{BASE}/v1/messages/batches", headers=V, json={})
httpx.Client(base_url=BASE, headers=V).post("/v1/messages", json={})
requests.post(f"{BASE}/v1/messages", headers={"x-api-key": "k"}, json={})
requests.post(f"{BASE}/messages", json={"text": "hi"})
requests.post(f"{BASE}/v1/chat/completions", headers=V, json={})
requests.post("https://api.openai.com/v1/messages", json={})
"""


@pytest.mark.parametrize(
    "line, method",
    [
        (8, "POST /v1/messages"),
        (9, "POST /v1/messages"),
        (10, "POST /v1/messages"),
        (11, "POST /v1/messages"),
        (12, "POST /v1/messages/batches"),
        (13, "POST /v1/messages"),
        (14, None),
        (15, None),
        (16, None),
        (17, None),
    ],
)
def test_raw_http_messages_api(line, method):
    f = facts_of(RAW)
    found = [
        n
        for n in ast.walk(f.tree)
        if isinstance(n, ast.Call) and n.lineno == line and isinstance(n.func, ast.Attribute) and n.func.attr == "post"
    ]
    assert len(found) == 1
    req = f.claude_request(found[0])
    assert (req.method if req is not None else None) == method


# --------------------------------------------------------------------------- documents


@pytest.mark.parametrize(
    "src, path",
    [
        ('reader = PdfReader(os.path.join(root, "Medical", name))', "\x00/Medical/\x00"),
        ('reader = PdfReader(f"scans/{who}-medical-record.pdf")', "scans/\x00-medical-record.pdf"),
        (
            'D = "Medical Records"\nfor n in os.listdir(D):\n    reader = PdfReader(os.path.join(D, n))',
            "Medical Records/\x00",
        ),
        ('reader = PdfReader(Path("records") / "patients" / name)', "records/patients/\x00"),
    ],
)
def test_document_path(src, path):
    from claude_lint.phi.context import document_path

    f = facts_of("import os\nfrom pathlib import Path\nfrom pypdf import PdfReader\n" + src + "\n")
    reader = call(f, "PdfReader(")
    assert document_path(f, reader.args[0]) == path


def test_document_source_needs_a_matching_folder_or_name():
    f = facts_of(
        """
        from pypdf import PdfReader
        a = PdfReader("Medical/visit.pdf")
        b = PdfReader("invoices/2024.pdf")
        """
    )
    sources = phi.Sources(f)
    assert sources(call(f, "PdfReader('Medical"))
    assert not sources(call(f, "PdfReader('invoices"))
