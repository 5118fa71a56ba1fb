"""The health-data prefilter (claude_lint/phi/prefilter.py): a file it rules out cannot hold
health data for the phi rules, and it never rules out a file that can."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_lint import phi
from claude_lint.analysis.facts import Facts
from claude_lint.phi.context import CLINICAL_PHRASES
from claude_lint.phi.prefilter import may_concern_health_data
from claude_lint.phi.vocabulary import DEFAULT_TERMS, Vocabulary, words
from tests.analysis_snippets import facts_of

VOCAB = Vocabulary.from_policy(None)
ROOT = Path(__file__).resolve().parent.parent


def possible(text: str, vocab: Vocabulary = VOCAB) -> bool:
    return may_concern_health_data(text, vocab)


# --------------------------------------------------------------------------- must pass


@pytest.mark.parametrize(
    "text",
    [
        "x = patient\n",
        "send(patientName)\n",
        "send(record.PatientDOB)\n",
        "send(HTTPPatient)\n",
        "MRN = row[0]\nsend(MRN)\n",
        "send(row['Date of birth'])\n",
        "send(dateOfBirth)\n",
        "send(date_of_birth)\n",
        "send(known_allergies)\n",
        "send(icd10_code)\n",
        "send(ICD_10)\n",
        "send(msg.hl7_segment)\n",
        "send(df[['mrn', 'dob']])\n",
        "send(open('data/patient_notes.txt').read())\n",
        "from fhirclient import server\nsend(server.request_json('x'))\n",
        "import hl7apy\n",
        "send(fmt.format(diagnosis=dx))\n",
        "send(load_patient(pid))\n",
        'send(f"Diagnosis: {x}")\n',
    ],
)
def test_files_with_health_names_pass(text):
    assert possible(text)


@pytest.mark.parametrize(
    "literal",
    [
        "You are a medical scribe.",
        "Summarise the patient's visit.",
        "Write a SOAP note from this.",
        "Write the progress note.",
        "List the care gaps.",
        "Extract the chief complaint.",
        "Draft the discharge summary.",
        "Record the history of present illness.",
        "Read the transcript of the consultation.",
        "Here is the visit transcript.",
        "Diagnose the condition the user describes.",
        "The user describes their symptoms.",
        "Use the electronic health record.",
        "Check HEDIS measures.",
    ],
)
def test_clinical_phrases_pass_however_the_literal_is_written(literal):
    assert CLINICAL_PHRASES.search(literal), literal  # the phrase the context rule looks for
    assert possible(f"SYSTEM = {literal!r}\n")
    words_ = literal.split(" ")
    # implicit concatenation between two words, with a comment on the way
    split = f'SYSTEM = ("{" ".join(words_[:2])} "  # a comment\n    f"{" ".join(words_[2:])}")\n'
    assert possible(split)
    # an escape between two words (\n, \t)
    assert possible('SYSTEM = "' + "\\n".join(words_) + '"\n')
    assert possible('SYSTEM = "' + "\\t".join(words_) + '"\n')


def test_escapes_that_spell_letters_pass():
    assert possible('SYSTEM = "You are a \\x6dedical scribe"\n')
    assert possible('SYSTEM = "\\N{LATIN SMALL LETTER P}atient"\n')
    assert possible('key = "\\160atient"\n')


def test_letters_the_parser_or_the_phrase_match_folds_pass():
    fullwidth_p = "\uff50"  # the parser reads the identifier as `patient`
    assert possible(f"send({fullwidth_p}atient)\n")
    long_s = "\u017f"  # re.IGNORECASE matches it as `s`
    assert CLINICAL_PHRASES.search(f"describe your {long_s}ymptoms")
    assert possible(f'SYSTEM = "describe your {long_s}ymptoms"\n')
    dotless_i = "\u0131"
    assert CLINICAL_PHRASES.search(f"Your diagnos{dotless_i}s is ready")
    assert possible(f'SYSTEM = "Your diagnos{dotless_i}s is ready"\n')


def test_policy_terms_are_searched():
    added = Vocabulary.from_policy(SimpleNamespace(phi_names_add=("tumor_grade",), phi_names_remove=()))
    text = "send(record.tumorGrade)\n"
    assert not possible(text)
    assert possible(text, added)
    removed = Vocabulary.from_policy(SimpleNamespace(phi_names_add=(), phi_names_remove=("dob",)))
    assert not possible("send(row.dob)\n", removed)


_PART = st.sampled_from(list(DEFAULT_TERMS))
_CASE = st.sampled_from(["snake", "camel", "pascal", "upper", "kebab", "space", "plural"])


def _spell(term: str, style: str, prefix: str, suffix: str) -> str:
    parts = list(words(term))
    if style == "plural":
        parts[-1] = parts[-1][:-1] + "ies" if parts[-1].endswith("y") else parts[-1] + "s"
        style = "snake"
    pre = list(words(prefix))
    suf = list(words(suffix))
    allp = pre + parts + suf
    if style == "snake":
        return "_".join(allp)
    if style == "upper":
        return "_".join(allp).upper()
    if style == "kebab":
        return "-".join(allp)
    if style == "space":
        return " ".join(allp)
    if style == "camel":
        return allp[0] + "".join(p.capitalize() for p in allp[1:])
    return "".join(p.capitalize() for p in allp)


@settings(max_examples=300, deadline=None)
@given(
    _PART,
    _CASE,
    st.sampled_from(["", "raw", "the", "get", "http", "x2", "HTTP"]),
    st.sampled_from(["", "text", "value", "2", "list"]),
)
def test_every_spelling_the_vocabulary_matches_passes(term, style, prefix, suffix):
    name = _spell(term, style, prefix, suffix)
    if VOCAB.mentions(name) is None:
        return
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        assert possible(f"send({name})\n"), name
    assert possible(f"send(row[{name!r}])\n"), name


def test_fixture_files_with_findings_pass():
    seen = 0
    for folder in ("phi-without-zdr", "phi-to-web-tools", "prompt-logged"):
        for path in sorted((ROOT / "fixtures" / folder).rglob("*")):
            if path.suffix == ".py":
                text = path.read_text(encoding="utf-8")
            elif path.suffix == ".ipynb":
                cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
                text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
            else:
                continue
            if "declared" in path.parts:
                continue  # handles-phi: true, where the prefilter is not used
            if path.relative_to(ROOT / "fixtures").as_posix() in IMPORTED_INSTRUCTIONS:
                continue  # passes by the clinical prompt builder it imports (test below)
            if "ruleid: phi-" in text:
                seen += 1
                assert possible(text), path
    assert seen >= 10


#: fixture files whose every clinical word lives in a prompt builder they import from another
#: module of the repository: the byte prefilter of the file alone rules them out, and
#: ``phi.context.imported_instructions`` lets them through
IMPORTED_INSTRUCTIONS = frozenset({"phi-without-zdr/reach_builder/planner/generator.py"})


def test_imported_clinical_builder_passes_where_the_bytes_do_not():
    from claude_lint.analysis.facts import Facts
    from claude_lint.analysis.imports import Resolver
    from claude_lint.phi.context import imported_instructions
    from claude_lint.project.index import ProjectIndex

    root = ROOT / "fixtures" / "phi-without-zdr" / "reach_builder"
    index = ProjectIndex(root)
    for name, expected in (("generator.py", "patient"), ("shop.py", None)):
        path = root / "planner" / name
        text = path.read_text(encoding="utf-8")
        assert not possible(text), name  # nothing in the file's own bytes
        tree = ast.parse(text)
        facts = Facts(tree, Resolver(tree))
        facts.remote = index.link(path, tree)
        assert imported_instructions(facts) == expected, name


# --------------------------------------------------------------------------- must skip


def test_code_without_health_data_is_ruled_out():
    text = """
import anthropic
from pydantic import BaseModel

class Item(BaseModel):
    label: str
    labels: list[str]
    member: str  # remember the classname
    updated: str
    available: bool

def ask(client: anthropic.Anthropic, question: str, history: list) -> str:
    # the progress bar shows how many notes are left; mind the gap
    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=100,
                                   messages=[*history, {"role": "user", "content": question}])
    return reply.content[0].text  # health check: see /healthz
BLOB = "xMrNqZdObY9aSsNw"
"""
    assert not possible(text)
    assert not possible(text.replace("anthropic", "anthropic  # \u2014 \u00e9t\u00e9 \u2026"))


def test_a_ruled_out_file_is_not_traced(monkeypatch):
    src = "import anthropic\nc = anthropic.Anthropic()\nc.messages.create(model='claude-sonnet-4-5', messages=q)\n"
    traced = []
    original = Facts.trace

    def counting(self, *args, **kwargs):
        traced.append(args[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Facts, "trace", counting)
    f = facts_of(src)
    ctx = SimpleNamespace(facts=f, policy=None, tree=f.tree, source=SimpleNamespace(text=src))
    assert phi.phi_requests(ctx) == []
    assert traced == []
    # the same file naming health data is traced
    src2 = src.replace("messages=q", "messages=patient_notes")
    f2 = facts_of(src2)
    ctx2 = SimpleNamespace(facts=f2, policy=None, tree=f2.tree, source=SimpleNamespace(text=src2))
    assert [item.arg for item in phi.phi_requests(ctx2)] == ["messages"]
    assert traced
    # handles-phi: true does not use the prefilter
    f3 = facts_of(src)
    ctx3 = SimpleNamespace(facts=f3, policy=SimpleNamespace(handles_phi=True), tree=f3.tree, source=ctx.source)
    assert [item.declared for item in phi.phi_requests(ctx3)] == [True]


def test_a_file_without_requests_never_runs_the_prefilter(monkeypatch):
    asked = []
    monkeypatch.setattr(phi, "may_concern_health_data", lambda text, vocab: asked.append(text) or True)
    src = "import anthropic\nclient = anthropic.Anthropic()\nprint(patient_notes)\n"
    f = facts_of(src)
    ctx = SimpleNamespace(facts=f, policy=None, tree=f.tree, source=SimpleNamespace(text=src))
    assert phi.phi_requests(ctx) == []
    assert asked == []


@pytest.mark.parametrize(
    "literal",
    [
        "If the user is scared because of an illness, support them.",
        "Identify the user's potential health issues early.",
        "Generate 2 more daily health questions for the user.",
        "If they need to go to the doctor, motivate them.",
        "List your allergies.",
        "Build the Home-Based Newborn Care visit register.",
    ],
)
def test_consumer_health_phrases_pass(literal):
    from claude_lint.phi.context import consumer_health

    assert consumer_health(literal), literal  # the phrase the context rule looks for
    assert possible(f"SYSTEM = {literal!r}\n")
