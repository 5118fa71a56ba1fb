"""Health data by context: a Claude request whose own instructions say it handles a person's
health information, and that carries content not written in the code.

Used by :func:`claude_lint.phi.phi_requests` (so by ``phi-without-zdr`` and
``phi-to-web-tools``) under ``handles-phi: auto``, for a request no named health-data
source reaches.

The heuristic
-------------
A request carries health data by context when both hold:

1. **Its instructions establish a clinical context about a person.**  The instructions are
   the string literals that reach the request's content arguments (system prompt, message
   templates, f-string text, ``.format`` templates, a ``**template`` dict, class attributes,
   helper functions of the file that build the prompt, the templates of a chain — also
   those a caller gives a chain factory of another module, and prompt texts bound in
   another module of the repository) — followed through the file like
   the data flow, except that a parameter is *not* followed to the arguments of every
   caller (a helper ``ask(prompt)`` does not collect every prompt of the file).  They
   must contain one of the phrases of :data:`CLINICAL_PHRASES`: ``patient``, ``medical
   record``, ``health record``, ``medical history``, ``clinical note``/``documentation``/
   ``encounter``/``summary``/…, ``chief complaint``, ``discharge summary``, ``progress
   note``, ``SOAP note``, ``care gap``, ``HEDIS``, ``medical scribe``, ``diagnose``/``diagnosis``
   of someone, a person's symptoms (``describing symptoms``, ``your symptoms``, ``symptoms
   the user reports``) and encounter transcripts (``transcript of the visit``) — or
   consumer-health wording about a person (:func:`consumer_health`): ``health issues``,
   ``health summary``, ``health questions``, ``illness``, ``allergies``, ``go to the
   doctor``, a ``healthcare``/``medical``/``clinic``/``hospital``/``dental`` ``appointment``,
   ``medical procedures`` with a person named within 300 characters ("the user", "your", "their", a
   beneficiary), not after a thing's name ("cluster health issues") nor in instructions
   about general questions; and a newborn's or a mother's care (``Newborn Care``,
   ``antenatal visits``).  Instructions that a prompt builder of another module returns
   (``build_extraction_prompt(text)``) count as the request's own; a file whose own bytes
   hold no health word is still judged when a prompt text it imports from the repository
   is clinical (:func:`imported_instructions`).
2. **It carries content that is not written in the code**: following the data flow from
   the content arguments (every edge of :meth:`Facts.trace`, callers' arguments included)
   reaches one of

   * a parameter of a function none of whose callers is in the file (its origin is
     unknown: a route handler's argument, a helper called from another module) —
     reported with **low** confidence;
   * user input: ``input()``, ``sys.stdin``, streamlit ``text_input``/``text_area``/
     ``chat_input``/``session_state``, ``click.prompt``/``typer.prompt``, flask's
     ``request``;
   * content produced at run time by a call the file does not define: a method of an
     object (``page.extract_text()``, ``record.read()``, ``cursor.fetchall()``) or a
     function given a value that is itself not a literal (``pd.read_csv(path)``).

   Not content: literals and values made only of literals (a ``PROMPT`` constant, a
   fictional record pasted into a notebook, a loop over a constant list), numbers and
   counts (``page_num``, ``len(x)``), times and identifiers (``datetime.now()``,
   ``uuid4()``), paths (``os.path.*``), environment reads, constructors
   (``Anthropic()``), Claude responses themselves, and calls whose arguments are all
   literals (``open("system_prompt.txt")``, ``load_prompt("triage")``).

Look-alikes that stay silent (fixtures ``phi-without-zdr/context.py``):

* a medical **knowledge** question: "What are the symptoms of flu?" as a constant, or a
  user's question under instructions that only speak of medicine in general ("answer
  general questions about diseases and their symptoms"): no person is named, so no
  phrase of the list matches;
* a **knowledge task** over reference data (fixtures ``phi-without-zdr/knowledge_chain.py``):
  when the request's instructions present the data as a disease's (:data:`KNOWLEDGE_PHRASES`:
  "a list of symptoms for the condition {condition}", "the symptoms of each disease") and
  hold no phrase of :data:`CLINICAL_PHRASES`, a name of the vocabulary that only names
  medical concepts (:data:`KNOWLEDGE_TERMS`: ``symptoms_str``, ``diagnosis``,
  ``medication``) is not a person's health data for the name rule either.  A person's
  name (``patient_name``) still is, and instructions that also speak of the patient are
  clinical.
* a clinical-sounding system prompt whose whole content is literal (a course exercise with
  a fictional record written in the notebook — unless the record is named as health data,
  ``patient_record = "..."``, which the name rule judges);
* a helper whose prompt arrives only through a parameter from callers that pass constants;
* a request to another provider (OpenAI, Groq …): it is not a Claude request;
* booking look-alikes (fixtures ``phi-without-zdr/appointment_booking.py``): a hair
  salon's or a garage's appointment assistant collecting the same name, phone and date;
  a medical procedure explained for a glossary from a constant
  (``phi-without-zdr/lambda_assistant.py``);
* consumer-health look-alikes (fixtures ``phi-without-zdr/consumer_health.py``): a
  service's "health check results", "the user's cluster health issues", a "healthcare
  industry analyst", GitHub issues, "general questions about illnesses", "what causes this
  illness" (no person named).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..analysis.remote import RemoteFunction, RemotePrompt, RemoteValue, dotted_name
from ..analysis.syntax import literal_texts, short_text
from ..analysis.values import UNKNOWN_PART

#: phrases of the instructions that make a request clinical and about a person
CLINICAL_PHRASES = re.compile(
    r"""\b(?:
        (?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bam\s)(?<!\bvery\s)(?<!\bso\s)(?<!\btoo\s)(?<!\bstay\s)(?<!\bremain\s)(?<!\balways\s)(?<!\bmore\s)
        patient(?:'s)?\b(?!s)  # "be patient", "a patient and kind tutor": the adjective
        (?!,?\s+(?:with|and\s+(?:kind|friendly|helpful|polite|encouraging|supportive|understanding|empathetic|calm|clear|thorough))\b)
        (?!\s+(?:tutor|teacher|guide|listener|coach|explainer)\b)
      | patients'
      | medical[\s_-]+(?:records?|history|histories|charts?|notes?|reports?|documents?|files?)
      | health[\s_-]+(?:records?|history|information)
      | electronic[\s_-]+health
      | clinical[\s_-]+(?:notes?|documentation|encounters?|visits?|records?|summar(?:y|ies)|charts?|findings|assessments?|history|transcripts?)
      | chief[\s_-]+complaints?
      | discharge[\s_-]+summar(?:y|ies)
      | progress[\s_-]+notes?
      | soap[\s_-]+notes?
      | history[\s_-]+of[\s_-]+present[\s_-]+illness
      | care[\s_-]+gaps?
      | hedis
      | (?:medical|clinical)[\s_-]+scribe
      | diagnos(?:e|ed|ing|is)\b(?![\s_-]+(?:of|errors?|issues?|problems?|bugs?|failures?|the[\s_-]+(?:bug|error|issue|problem|code)))
      | (?:my|your|his|her|user'?s|person'?s|member'?s|caller'?s)[\s_-]+(?:symptoms?|diagnosis|medications?|prescriptions?|medical|health[\s_-]+(?:conditions?|history|records?|data))
      | (?:describ(?:e|es|ed|ing)|report(?:s|ed|ing)?|list(?:s|ed|ing)?|provid(?:e|es|ed|ing)|enter(?:s|ed|ing)?)[\s_-]+(?:(?:their|his|her|your|my|the)[\s_-]+)?symptoms
      | symptoms[\s_-]+(?:described|reported|provided|entered|listed)
      | (?:doctor|physician|clinician|provider|nurse)[\s_-]+(?:and|-)?[\s_-]*patient
      | (?:visit|consultation|appointment|encounter)[\s_-]+transcripts?
      | transcripts?[\s_-]+of[\s_-]+(?:a|an|the)?[\s_-]*(?:clinical|medical|doctor|patient|visit|consultation|encounter)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

#: "patient" the adjective in free text ("Always be patient, encouraging", "a patient and
#: kind teacher", "patient tutor"): the words :data:`CLINICAL_PHRASES` does not read as a
#: patient, removed before a free text is matched against the health-data vocabulary
#: (:func:`without_adjectives`)
_PATIENT_ADJECTIVE = re.compile(
    r"""(?:\b(?:be|is|are|am|very|so|too|stay|remain|always|more)\s+patient\b(?!'s)
      | \bpatient,?\s+(?:with|and\s+(?:kind|friendly|helpful|polite|encouraging|supportive|understanding|empathetic|calm|clear|thorough))\b
      | \bpatient\s+(?:tutor|teacher|guide|listener|coach|explainer)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def without_adjectives(text: str) -> str:
    """``text`` with the adjective uses of "patient" blanked out: what is left names a patient
    only where the noun is meant."""
    return _PATIENT_ADJECTIVE.sub(" ", text)


#: consumer-health wording about a person (issue 13): a person's health issues, illness,
#: allergies, health summary or daily health questions, going to the doctor — a phrase of
#: :data:`CONSUMER_HEALTH_TERMS` with a person named near it (:data:`PERSON_WORDS`: "the
#: user", "your", "their", a beneficiary …), not after a thing's name ("cluster health
#: issues", :data:`_THING_HEALTH`), and not in instructions about general questions
#: (:data:`GENERAL_QUESTIONS`: a medical knowledge question names no one's data)
CONSUMER_HEALTH_TERMS = re.compile(
    r"""\b(?:
        health[\s_-]+(?:issues?|problems?|concerns?|conditions?|questions?|summar(?:y|ies)|dashboard|profile|goals?|answers?|journal|diary)
      | illness(?:es)?
      | allerg(?:y|ies)
      | go(?:es|ing)?[\s_-]+to[\s_-]+(?:(?:the|a|their|your|his|her)[\s_-]+)?doctor
      | (?:medical|healthcare|health[\s_-]+care|doctor'?s?|clinic|hospital|dental)[\s_-]+appointments?
      | medical[\s_-]+procedures?
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
#: the care of a person named by the phrase itself: a newborn's or a mother's care visits
PERSON_CARE = re.compile(
    r"\b(?:newborn|infant|antenatal|prenatal|postnatal|maternal)[\s_-]+(?:care|health|visits?|check-?ups?)\b",
    re.IGNORECASE,
)
PERSON_WORDS = re.compile(
    r"""\b(?:the[\s_-]+user|user'?s|users'|your|you|they|their|his|her
      | each[\s_-]+(?:person|beneficiary|member|child|mother|resident)|beneficiar(?:y|ies)
      | the[\s_-]+(?:person|member|mother|child|resident|family))\b""",
    re.IGNORECASE | re.VERBOSE,
)
GENERAL_QUESTIONS = re.compile(
    r"\bgeneral[\s_-]+(?:(?:medical|health)[\s_-]+)?(?:questions?|information|knowledge|education|advice)\b",
    re.IGNORECASE,
)
#: words naming a thing whose "health" is no person's (``cluster health issues``)
_THING_HEALTH = frozenset(
    "cluster service services system server node pod app application api database db network site website "
    "repo repository code codebase project team financial business company portfolio account infrastructure "
    "platform battery disk soil plant crop ecosystem economic market fleet device machine pipeline queue "
    "brand store shop product".split()
)
#: how far from the consumer-health phrase a person must be named (characters)
_PERSON_WINDOW = 300


def consumer_health(text: str) -> re.Match[str] | None:
    """The consumer-health phrase about a person in ``text`` (:data:`CONSUMER_HEALTH_TERMS`
    with a person named within :data:`_PERSON_WINDOW` characters, or :data:`PERSON_CARE`),
    or None."""
    if GENERAL_QUESTIONS.search(text):
        return None
    for m in PERSON_CARE.finditer(text):
        return m
    for m in CONSUMER_HEALTH_TERMS.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()].split()
        if before and before[-1].lower().strip(".,;:'\"()") in _THING_HEALTH:
            continue
        window = text[max(0, m.start() - _PERSON_WINDOW) : m.end() + _PERSON_WINDOW]
        if PERSON_WORDS.search(window):
            return m
    return None


#: phrases of the instructions that make a request a medical knowledge task: symptoms (or
#: treatments) of a condition or disease, not of a person ("Here is a list of symptoms for
#: the condition {condition}", "the symptoms of {disease}")
KNOWLEDGE_PHRASES = re.compile(
    r"""\b(?:
        (?:symptoms?|signs|treatments?|medications?|complications?)[\s_-]+(?:of|for|associated[\s_-]+with|caused[\s_-]+by)
        [\s_-]+(?:(?:the|a|an|this|that|each|every)[\s_-]+)?(?:conditions?|diseases?|illness(?:es)?|disorders?|infections?)\b
      | (?:conditions?|diseases?|illness(?:es)?|disorders?)[\s_-]+(?:and[\s_-]+(?:their|its)[\s_-]+)symptoms
    )""",
    re.IGNORECASE | re.VERBOSE,
)
#: vocabulary terms that also name medical concepts of reference knowledge (a disease's
#: symptoms, a drug's dosage): under a knowledge task's instructions they are not a
#: person's data
KNOWLEDGE_TERMS = frozenset(
    {"symptom", "symptoms", "diagnosis", "diagnoses", "medication", "meds", "dosage", "comorbidity", "prognosis"}
)

#: most literals read when looking for the instructions of one request
_MAX_STATES = 4000
#: longest literal text looked at (hostile input: a megabyte string is not an instruction)
_MAX_TEXT = 200_000

#: functions whose result is the user's input
USER_INPUT_CALLS = frozenset(
    {
        "input",
        "builtins.input",
        "raw_input",
        "sys.stdin.read",
        "sys.stdin.readline",
        "sys.stdin.readlines",
        "streamlit.text_input",
        "streamlit.text_area",
        "streamlit.chat_input",
        "streamlit.sidebar.text_input",
        "streamlit.sidebar.text_area",
        "click.prompt",
        "typer.prompt",
        "rich.prompt.Prompt.ask",
        "questionary.text",
    }
)
#: module objects whose attributes are the user's request
USER_INPUT_OBJECTS = ("flask.request", "quart.request", "streamlit.session_state", "sys.stdin", "sys.argv")

#: modules whose functions give times, identifiers, paths, configuration: not content
_NOT_CONTENT_MODULES = (
    "datetime.",
    "time.",
    "uuid.",
    "os.path.",
    "os.getenv",
    "os.environ",
    "os.getcwd",
    "os.listdir",
    "os.walk",
    "glob.",
    "pathlib.",
    "random.",
    "secrets.",
    "math.",
    "hashlib.",
    "logging.",
    "dotenv.",
    "tiktoken.",
    "calendar.",
    "platform.",
    "socket.gethostname",
    "getpass.getuser",
)
#: methods whose result is a time, identifier, number or metadata: not content
_NOT_CONTENT_METHODS = frozenset(
    {
        "strftime",
        "isoformat",
        "timestamp",
        "date",
        "now",
        "today",
        "utcnow",
        "hexdigest",
        "digest",
        "uuid4",
        "total_seconds",
        "getenv",
        "exists",
        "is_file",
        "is_dir",
        "stat",
        "keys",
        "count_tokens",
        "encode",
        "getLogger",
    }
)
_CAMEL = re.compile(r"^_*[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$")


@dataclass(frozen=True)
class ClinicalContext:
    """The phrase that makes a request clinical, and the literal that holds it."""

    phrase: str
    node: ast.AST


def clinical_context(
    facts, exprs: list[ast.expr], phrases: re.Pattern[str] = CLINICAL_PHRASES
) -> ClinicalContext | None:
    """The first clinical phrase (of ``phrases``) among the literals that reach ``exprs``
    (the content arguments of one request), following the file's data flow without
    widening a parameter to every caller's argument."""
    budget = _MAX_TEXT
    for node in facts.reaching(exprs, _MAX_STATES):
        for text_node, text in (*literal_texts(node), *_remote_texts(facts, node)):
            if budget <= 0:
                return None
            text = text[:budget]
            budget -= len(text)
            m = phrases.search(text)
            if m is None and phrases is CLINICAL_PHRASES:
                m = consumer_health(text)
            if m:
                return ClinicalContext(" ".join(m.group(0).split()), text_node)
    return None


def knowledge_context(facts, exprs: list[ast.expr]) -> ClinicalContext | None:
    """The phrase that makes a request a medical *knowledge* task (see
    :data:`KNOWLEDGE_PHRASES`), when its instructions have one and no phrase of
    :data:`CLINICAL_PHRASES`: a name of the vocabulary that only names medical concepts
    (:data:`KNOWLEDGE_TERMS`) is then not a person's health data."""
    found = clinical_context(facts, exprs, KNOWLEDGE_PHRASES)
    if found is None or clinical_context(facts, exprs) is not None:
        return None
    return found


def knowledge_term(label: str) -> bool:
    """Whether a health-data label of the name rule (``… (a name matching 'symptom')``)
    names a term of :data:`KNOWLEDGE_TERMS`."""
    m = _MATCHING.search(label)
    return m is not None and m.group(1) in KNOWLEDGE_TERMS


_MATCHING = re.compile(r"matching '([a-z0-9_]+)'\)$")


def _remote_texts(facts, node: ast.AST):
    """The text a name imported from another module of the repository is bound to: a
    prompt constant or template there (``cc_prompts.CC_EXTRACT_PROMPT``), a short string,
    or for a call, the literal text of the prompt a builder function there returns
    (``build_extraction_prompt(text)``)."""
    remote = facts.remote
    if remote is not None and isinstance(node, ast.Call):  # a prompt builder of another module
        func = node.func
        fn = facts.remote_function(node)
        if fn is not None:
            if fn.prompt:
                yield node, fn.prompt
            return
        node = func
    if remote is None or not isinstance(node, (ast.Name, ast.Attribute)) or not isinstance(node.ctx, ast.Load):
        return
    dotted = dotted_name(node)
    item = remote.resolve(dotted, values=True) if dotted is not None else None
    if isinstance(item, RemotePrompt):
        yield node, item.text
    elif isinstance(item, RemoteValue):
        yield node, item.value


def imported_instructions(facts) -> str | None:
    """The clinical phrase of a prompt text this file imports from another module of the
    repository (a prompt constant or template, or a prompt builder: ``from app.prompt import
    generate_prompt``), or None.  The byte prefilter (:mod:`.prefilter`) reads one file: a
    request whose every clinical word lives in an imported builder passes it only by this."""
    remote = facts.remote
    if remote is None:
        return None

    def find() -> str:
        for local in _imported_names(facts.tree):
            item = remote.resolve(local, values=True)
            if isinstance(item, RemotePrompt):
                text = item.text
            elif isinstance(item, RemoteFunction):
                text = item.prompt
            elif isinstance(item, RemoteValue):
                text = item.value
            else:
                continue
            text = text[:_MAX_TEXT]
            m = CLINICAL_PHRASES.search(text) or consumer_health(text)
            if m is not None:
                return m.group(0)
        return ""

    found = facts.memo("phi.imported-instructions", find)
    return str(found) or None


def _imported_names(tree: ast.Module) -> list[str]:
    """The names a module's top-level ``from … import`` statements bind (relative ones too),
    also inside a top-level ``try``/``if``."""
    out: list[str] = []
    for stmt in tree.body:
        inner = [stmt, *getattr(stmt, "body", ()), *getattr(stmt, "orelse", ())]
        inner += [s for h in getattr(stmt, "handlers", ()) for s in h.body]
        for node in inner if isinstance(stmt, (ast.Try, ast.If)) else [stmt]:
            if isinstance(node, ast.ImportFrom):
                out += [a.asname or a.name for a in node.names if a.name != "*"]
    return out


def _item_store(facts, value: ast.AST, name: str) -> bool:
    """Whether ``value`` is only written into an item of ``name`` (``name["k"] = value``, a
    langgraph node filling its ``state``): the name still holds what it was given."""
    stmt = facts.statement(value)
    return (
        isinstance(stmt, ast.Assign)
        and stmt.value is value
        and all(
            isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name for t in stmt.targets
        )
    )


class ContentSource:
    """The source predicate (for :meth:`Facts.trace`) of content not written in the code:
    a parameter whose callers are not in the file, user input, or content produced at run
    time by a call the file does not define."""

    def __init__(self, facts) -> None:
        self.facts = facts
        self.r = facts.r
        self._cache: dict[int, frozenset[str]] = {}

    def __call__(self, node: ast.AST) -> frozenset[str]:
        key = id(node)
        found = self._cache.get(key)
        if found is None:
            label = self._label(node)
            found = self._cache[key] = frozenset({label}) if label else frozenset()
        return found

    @staticmethod
    def unknown_parameter(label: str) -> bool:
        """Whether a label of this predicate is a parameter of unknown origin."""
        return "whose callers are not in this file" in label

    def _label(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            return self._name(node)
        if isinstance(node, ast.Attribute):
            q = self.r.qualname(node) or ""
            if q.startswith(USER_INPUT_OBJECTS):
                return f"user input `{short_text(node)}`"
            return None
        if isinstance(node, ast.Call):
            return self._call(node)
        return None

    def _name(self, node: ast.Name) -> str | None:
        if node.id in ("self", "cls"):
            return None
        facts = self.facts
        assigns, iters, defining, param = facts.lookup_at(node)
        if assigns and param is not None and all(_item_store(facts, v, node.id) for v in assigns):
            assigns = []  # ``state["summary"] = reply; return state``: the caller's object, written into
        if param is None or defining is None or assigns or iters:
            return None
        fn = defining.node
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or facts.call_sites(fn):
            return None  # callers in the file: the flow follows their arguments
        if facts.quantity(node) or _annotated_scalar(param):
            return None
        return f"`{node.id}`, a parameter of {fn.name}() whose callers are not in this file (content of unknown origin)"

    def _call(self, call: ast.Call) -> str | None:
        facts = self.facts
        q = self.r.qualname(call.func) or ""
        func = call.func
        if (
            q in USER_INPUT_CALLS
            or q.startswith(USER_INPUT_OBJECTS)
            or (isinstance(func, ast.Name) and func.id == "input" and "input" not in facts.functions)
        ):
            return f"user input `{short_text(call)}`"
        if facts.callee(call) is not None or not facts.opaque_call(call):
            return None  # the file's own code, or a transform of its arguments: followed
        if facts.likely_request(call) is not None or facts.quantity(call):
            return None
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if not name or _CAMEL.match(name) or name in _NOT_CONTENT_METHODS:
            return None  # a constructor, a time, an identifier
        if q.startswith(_NOT_CONTENT_MODULES) or q in ("print", "isinstance", "type", "super"):
            return None
        receiver_is_object = isinstance(func, ast.Attribute) and not (
            isinstance(func.value, ast.Name) and func.value.id in self.r.aliases
        )
        args = [*call.args, *(kw.value for kw in call.keywords)]
        if not receiver_is_object and all(facts.literal_only(a) for a in args):
            return None  # open("system_prompt.txt"), load_prompt("triage"): part of the code
        if receiver_is_object and isinstance(func, ast.Attribute) and facts.literal_only(func.value):
            return None
        return f"`{short_text(call)}` (content produced at run time)"


def _annotated_scalar(param: ast.arg) -> bool:
    ann = param.annotation
    return isinstance(ann, ast.Name) and ann.id in ("int", "float", "bool")


def content_path(facts, expr: ast.AST, source: ContentSource, max_states: int = _MAX_STATES):
    """The shortest path (source first, as :meth:`Facts.trace` gives it) from content not
    written in the code to ``expr``, or None; a Claude request met on the way is not entered (its reply
    is the model's output, judged at the request that sent the data)."""

    def claude_request(node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and facts.likely_request(node) is not None

    return facts.trace(expr, source, max_states=max_states, stop=claude_request, exact=True)


# --------------------------------------------------------------------------- documents

#: readers of PDF and office documents: their text is health data when a folder or the file
#: name of their path says so (``Medical/``, ``*medical*record*``, ``patients/``)
DOCUMENT_READERS = frozenset(
    {
        "pypdf.PdfReader",
        "PyPDF2.PdfReader",
        "PyPDF2.PdfFileReader",
        "pdfplumber.open",
        "fitz.open",
        "pymupdf.open",
        "pdfminer.high_level.extract_text",
        "docx.Document",
        "textract.process",
    }
)
_PATH_JOIN = frozenset({"os.path.join", "posixpath.join", "ntpath.join", "pathlib.Path", "pathlib.PurePath"})


def document_path(facts, expr: ast.AST | None, _depth: int = 0) -> str:
    """The path a document is read from, with UNKNOWN_PART for each part only known at run time:
    literals, constants, f-strings, ``os.path.join``/``Path(...)``/``/``, a single
    assignment, a loop over ``os.listdir(DIR)``/``glob.glob(PATTERN)``/``Path.glob``."""
    if expr is None or _depth > 8:
        return UNKNOWN_PART
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr):
        return "".join(
            str(p.value) if isinstance(p, ast.Constant) else document_path(facts, getattr(p, "value", None), _depth + 1)
            for p in expr.values
        )
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Div, ast.Add)):
        sep = "/" if isinstance(expr.op, ast.Div) else ""
        return document_path(facts, expr.left, _depth + 1) + sep + document_path(facts, expr.right, _depth + 1)
    if isinstance(expr, ast.Call):
        q = facts.r.qualname(expr.func) or ""
        if q in _PATH_JOIN:
            out = ""
            for a in expr.args:
                part = document_path(facts, a, _depth + 1)
                # os.path.join(DIR, name) with name from os.listdir(DIR): DIR once
                out = part if out and part.startswith(out + "/") else f"{out}/{part}" if out else part
            return out
        if q in ("os.listdir", "os.scandir", "glob.glob", "glob.iglob") and expr.args:
            return document_path(facts, expr.args[0], _depth + 1) + "/" + UNKNOWN_PART
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in ("glob", "rglob", "iterdir"):
            return document_path(facts, expr.func.value, _depth + 1) + "/" + UNKNOWN_PART
        return UNKNOWN_PART
    if isinstance(expr, ast.Name):
        assigns, iters, _scope, param = facts.lookup_at(expr)
        if param is None and len(assigns) + len(iters) == 1:
            return document_path(facts, (assigns or iters)[0], _depth + 1)
    value = facts.value_string(expr)
    return value if value is not None else UNKNOWN_PART
