"""Health data (PHI) for the health-data rules: the vocabulary, how names are matched, the
source predicate, the requests that carry it and how the policy covers them.

Used by ``phi-without-zdr`` and ``phi-to-web-tools``; the data flow itself is the shared
resolver's (:meth:`claude_lint.analysis.Facts.trace`).

Vocabulary
----------
:data:`DEFAULT_TERMS` is the built-in list.  A term is a name written with underscores
(``medical_record``); it matches a name whose *word parts* contain the term's parts in order
and next to each other.  Word parts come from splitting on anything that is not a letter or
digit, on camelCase humps and between letters and digits: ``patientName`` → ``patient name``,
``PatientDOB`` → ``patient dob``, ``icd10_code`` and ``ICD_10`` → ``icd 10 …``, ``"Date of
birth"`` → ``date of birth``.  The last part of a term also matches its plural (``patients``,
``allergies``/``allergy``).  A part never matches inside a longer word: ``impatient``,
``dobby`` and ``mrna`` do not match ``patient``, ``dob`` and ``mrn``.

The policy adjusts the list (``phi-names: {add: [...], remove: [...]}``): ``add`` appends
terms (same spelling rules); ``remove`` drops built-in terms by name (``vitals``, or
``date_of_birth``).

What counts as a source
-----------------------
* an identifier (variable, parameter, imported name), attribute (``record.diagnosis``),
  keyword argument name (``fmt.format(diagnosis=dx)``), dict key with a non-constant value
  (``{"mrn": mrn_value}``), subscript or ``.get``/``getattr`` key (``row["dob"]``,
  ``df[["mrn", "dob"]]``, ``df.loc[:, "diagnosis"]``) or DataFrame column whose name
  matches the vocabulary;
* an object built by a FHIR/HL7 library (``fhir.resources``, ``fhirclient``, ``hl7``,
  ``hl7apy``), or returned by a method of one (``smart.server.request_json(...)``);
* a file read from a path whose name matches (``open("data/patient_notes.txt")``,
  ``pd.read_csv("patients.csv")``);
* a PDF or office document (``PdfReader``, ``pdfplumber.open``, ``fitz.open``,
  ``docx.Document`` …: :data:`~claude_lint.phi.context.DOCUMENT_READERS`) whose path has a
  folder or file name that matches (``os.path.join(root, "Medical", name)``,
  ``f"scans/{who}-medical-record.pdf"``, a loop over ``os.listdir("Medical Records")``):
  its pages' ``extract_text()`` is health data;
* under ``handles-phi: auto``, content of a request whose instructions establish a clinical
  context (:mod:`claude_lint.phi.context`: *health data by context*);
* a value formatted in an f-string right after a label naming health data on the same line
  (``f"Diagnosis: {text}"``, ``f"Patient name: {row[1]}"``);
* a call of a function of another module whose name denotes health data
  (``load_patient(pid)``, ``ehr.get_medical_record(...)``).

Not sources (documented decisions):

* **counts and flags** — a name whose last word part is a quantity (``patient_count``,
  ``num_patients``, ``diagnosis_total``, ``max_patients``) or that reads as a flag
  (``is_patient``, ``has_allergies``); and a name whose every assignment in the file is a
  count (``len()``, ``sum()``, ``.count()``, ``.nunique()``, ``.shape[0]``, numbers and
  arithmetic of them).  So ``patient_count = len(patients)`` is *not* health data, and
  ``f"{patient_count} patients today"`` sent to Claude is silent: a count is aggregate,
  not about a person.  ``len()`` and friends are opaque to the flow as well.
* **code, not data** — names whose last word part names a code object (``patient_schema``,
  ``diagnosis_model``, ``medical_client``, ``clinical_agent``, ``patient_api_url``,
  ``PatientRecord`` as a class or type), and CamelCase names that are classes.
* **constants** — a name bound only to literals (``PATIENT_PROMPT = "You are …"``,
  ``DIAGNOSIS_TOOL = {"name": …}``): prompt templates and tool schemas written in the code
  are not a person's data.  String literals are never sources by themselves.
* environment reads (``os.environ["PATIENT_DB_URL"]``).
* ambiguous short words are left out of the built-in list: ``rx`` (compiled regular
  expressions), ``phi`` (angles), ``diagnostics`` (software diagnostics); a policy that
  wants them adds them with ``phi-names: {add: [...]}``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..analysis import call_arg, env_var_name, tree_nodes
from ..analysis.remote import RemoteFunction, RemotePrompt, RemoteValue
from ..analysis.syntax import short_text
from ..analysis.values import UNKNOWN_PART
from ..model import ClientKind, Confidence, FlowStep, Location, Related
from .context import (
    CLINICAL_PHRASES,
    DOCUMENT_READERS,
    KNOWLEDGE_TERMS,
    ClinicalContext,
    ContentSource,
    clinical_context,
    consumer_health,
    content_path,
    document_path,
    imported_instructions,
    knowledge_context,
    knowledge_term,
)
from .prefilter import may_concern_health_data
from .vocabulary import DEFAULT_TERMS, LEADING_QUANTITY_WORDS, QUANTITY_WORDS, Vocabulary, words

# --------------------------------------------------------------------------- vocabulary

#: The built-in health-data vocabulary (documented in the rules' docs).
FHIR_MODULES = ("fhir.resources", "fhirclient", "hl7", "hl7apy", "fhir_resources", "fhirpy")

_READERS = frozenset({"open", "io.open", "codecs.open", "builtins.open"})
_READER_SUFFIXES = (
    "read_csv",
    "read_json",
    "read_excel",
    "read_parquet",
    "read_table",
    "read_feather",
    "read_pickle",
    "read_sql",
    "loadtxt",
    "genfromtxt",
    "read_fwf",
)
_QUANTITY_CALLS = frozenset(
    {
        "len",
        "sum",
        "any",
        "all",
        "int",
        "float",
        "bool",
        "round",
        "abs",
        "min",
        "max",
        "hash",
        "id",
        "range",
        "ord",
        "math.floor",
        "math.ceil",
    }
)
_QUANTITY_METHODS = frozenset(
    {
        "count",
        "nunique",
        "sum",
        "mean",
        "median",
        "max",
        "min",
        "std",
        "index",
        "find",
        "__len__",
        "size",
        "total_seconds",
    }
)
_LABEL_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9 _/()#.-]{0,40}?)\s*[:=]\s*$")


class Sources:
    """The health-data source predicate of one file: ``sources(node)`` → labels (each a
    readable description), for :meth:`Facts.trace`."""

    def __init__(self, facts, policy: Any = None, vocabulary: Vocabulary | None = None) -> None:
        self.facts = facts
        self.r = facts.r
        self.vocab = vocabulary or Vocabulary.from_policy(policy)
        self._cache: dict[int, frozenset[str]] = {}
        self._name_cache: dict[tuple[int, str], bool] = {}

    def __call__(self, node: ast.AST) -> frozenset[str]:
        key = id(node)
        found = self._cache.get(key)
        if found is None:
            label = self._label(node)
            found = frozenset({label}) if label else frozenset()
            self._cache[key] = found
        return found

    # -- node kinds ---------------------------------------------------------------------
    def _label(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Dict):
            return self._dict(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.FormattedValue):
            return None
        return None

    def _name(self, node: ast.Name) -> str | None:
        if not isinstance(node.ctx, ast.Load):
            return None
        term = self.vocab.term(node.id)
        if term is None:
            return None
        if not self._holds_data(node):
            return None
        return f"health data: `{node.id}` (a name matching '{term}')"

    def _attribute(self, node: ast.Attribute) -> str | None:
        if node.attr[:1].isupper() and not node.attr.isupper():
            return None  # models.Patient: a class
        if node.attr.isupper() and self.r.qualname(node) is not None:
            return None  # a module constant (settings.PATIENT_DB): configuration
        term = self.vocab.term(node.attr)
        if term is None:
            return None
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls") and not self._attr_holds_data(node):
            return None
        return f"health data: `{short_text(node)}` (an attribute matching '{term}')"

    def _subscript(self, node: ast.Subscript) -> str | None:
        if env_var_name(node, self.r) is not None:
            return None
        for key in self._keys(node.slice):
            term = self.vocab.term(key)
            if term is not None:
                return f"health data: `{short_text(node)}` (a key or column matching '{term}')"
        return None

    def _keys(self, node: ast.AST) -> Iterable[str]:
        v = self.facts.value_string(node)
        if v is not None:
            yield v
            return
        if isinstance(node, (ast.Tuple, ast.List)):
            for elt in node.elts:
                yield from self._keys(elt)

    def _dict(self, node: ast.Dict) -> str | None:
        for k, v in zip(node.keys, node.values):
            if k is None:
                continue
            key = self.facts.value_string(k)
            if key is None:
                continue
            term = self.vocab.term(key)
            if term is not None and not self._inert(v):
                return f"health data: the value of the key '{key}' (matching '{term}')"
        return None

    def _call(self, node: ast.Call) -> str | None:
        q = self.r.qualname(node.func) or (node.func.id if isinstance(node.func, ast.Name) else "")
        if q.startswith(FHIR_MODULES):
            return f"health data: a FHIR/HL7 object from {q}()"
        f = node.func
        if isinstance(f, ast.Attribute):
            made = self.facts.producer(f.value, lambda c: (self.r.qualname(c.func) or "").startswith(FHIR_MODULES))
            if made is not None:
                return f"health data: `{short_text(node)}` from a {self.r.qualname(made.func)} object"
        # readers of files whose name denotes health data
        if (
            q in _READERS
            or q.endswith(_READER_SUFFIXES)
            or (isinstance(f, ast.Attribute) and f.attr in _READER_SUFFIXES)
        ):
            path = self.facts.value_string(call_arg(node, "file", 0) or call_arg(node, "filepath_or_buffer"))
            if path is not None:
                term = self.vocab.mentions(path.rsplit("/", 1)[-1])
                if term is not None:
                    return f"health data: read from the file '{path}' (matching '{term}')"
        if q in DOCUMENT_READERS:
            arg = call_arg(node, "stream", 0) or call_arg(node, "filename") or call_arg(node, "path")
            path = document_path(self.facts, arg)
            term = next((t for part in re.split(r"[/\\]", path) if (t := self.vocab.mentions(part))), None)
            if term is not None:
                shown = path.replace(UNKNOWN_PART, "{…}")
                return f"health data: a document read from '{shown}' (matching '{term}')"
        if isinstance(f, ast.Attribute) and f.attr in ("read_text", "read_bytes", "open"):
            inner = f.value
            if isinstance(inner, ast.Call) and (self.r.qualname(inner.func) or "").endswith("Path") and inner.args:
                path = self.facts.value_string(inner.args[0])
                if path is not None:
                    term = self.vocab.mentions(path.rsplit("/", 1)[-1])
                    if term is not None:
                        return f"health data: read from the file '{path}' (matching '{term}')"
        # getattr(obj, "diagnosis") / obj.get("diagnosis")
        if (isinstance(f, ast.Name) and f.id == "getattr" and len(node.args) >= 2) or (
            isinstance(f, ast.Attribute) and f.attr in ("get", "pop") and node.args
        ):
            key = self.facts.value_string(node.args[1] if isinstance(f, ast.Name) else node.args[0])
            if key is not None and not (q.startswith("os.")):
                term = self.vocab.term(key)
                if term is not None:
                    return f"health data: `{short_text(node)}` (a key matching '{term}')"
        # keyword arguments named for health data: template.format(diagnosis=dx)
        for kw in node.keywords:
            if kw.arg:
                term = self.vocab.term(kw.arg)
                if term is not None and not self._inert(kw.value):
                    return f"health data: `{kw.arg}=` of `{short_text(node.func)}()` (matching '{term}')"
        # a function of another module named for health data: load_patient(pid)
        if self.facts.callee(node) is None and not (isinstance(f, ast.Name) and f.id in self.facts.functions):
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name and not name[:1].isupper():
                parts = words(name)
                if parts and parts[0] in (
                    "get",
                    "load",
                    "fetch",
                    "read",
                    "find",
                    "lookup",
                    "query",
                    "retrieve",
                    "select",
                    "search",
                    "list",
                    "pull",
                    "export",
                    "extract",
                ):
                    term = self.vocab.term("_".join(parts[1:])) if len(parts) > 1 else None
                    if term is not None:
                        return f"health data: returned by `{short_text(node.func)}()` (a name matching '{term}')"
        return None

    # -- f-string labels ------------------------------------------------------------------
    def fstring_labels(self, node: ast.JoinedStr) -> dict[int, str]:
        """For an f-string, the formatted values that follow a label naming health data on
        the same line (``f"Diagnosis: {x}"``): id(value node) → description."""
        out: dict[int, str] = {}
        text = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                text += str(part.value)
                continue
            if isinstance(part, ast.FormattedValue):
                tail = re.split(r"[\n.!?;]|\s{2,}", text.rstrip())[-1]
                m = _LABEL_BEFORE.search(tail)
                if m:
                    term = self.vocab.mentions(m.group(1))
                    if (
                        term is not None
                        and not self._inert(part.value)
                        and not self._quantity(part.value)
                        and not self._flag_or_count(part.value)
                    ):
                        out[id(part.value)] = (
                            f"health data: `{short_text(part.value)}` formatted after the label "
                            f"'{m.group(1).strip()}:' (matching '{term}')"
                        )
                text = ""
        return out

    # -- helpers --------------------------------------------------------------------------
    @staticmethod
    def _flag_or_count(node: ast.AST) -> bool:
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
        parts = words(name)
        return bool(parts) and (
            parts[-1] in QUANTITY_WORDS
            or parts[0] in LEADING_QUANTITY_WORDS
            or "_".join(parts[:2]) in LEADING_QUANTITY_WORDS
        )

    def _holds_data(self, node: ast.Name) -> bool:
        """Whether a health-named name can hold a person's data: not a class or function,
        not only constants, not only counts."""
        facts = self.facts
        scope = facts.scope(node)
        assigns, iters, defining, param = facts.lookup(node.id, scope)
        key = (id(defining.node) if defining is not None else 0, node.id)
        cached = self._name_cache.get(key)
        if cached is not None:
            return cached
        if defining is None:
            # imported or global from elsewhere: data unless it is a class (CamelCase) or a
            # module-level class of this file, or a string constant of another module of the
            # repository (``CLINICAL_CHAT_SYSTEM_PROMPT``: instructions, which make a request
            # clinical by context — phi.context — but are no person's data)
            result = (
                not (node.id[:1].isupper() and not node.id.isupper())
                and node.id not in facts.module_classes()
                and not self._remote_constant(node.id)
            )
        elif param is not None or iters:
            result = True
        elif not assigns:
            result = False  # a def: a function name
        else:
            result = not all(self._inert(v) or self._quantity(v) for v in assigns)
        self._name_cache[key] = result
        return result

    def _remote_constant(self, name: str) -> bool:
        """Whether ``name`` is imported from another module of the repository where it is
        bound once to a string (a constant, a prompt text)."""
        link = self.facts.remote
        if link is None:
            return False
        return isinstance(link.resolve(name, values=True), (RemoteValue, RemotePrompt))

    def _attr_holds_data(self, node: ast.Attribute) -> bool:
        klass = self.facts.scope(node).klass
        if klass is None:
            return True
        values = [v for v, _s in self.facts.class_attrs.get(klass, {}).get(node.attr, [])]
        if not values:
            return True
        return not all(self._inert(v) or self._quantity(v) for v in values)

    def _inert(self, v: ast.AST | None, depth: int = 0) -> bool:
        """A value written in the code: constants, containers and f-strings of constants."""
        if v is None or depth > 8:
            return v is None
        if isinstance(v, ast.Constant):
            return True
        if isinstance(v, (ast.List, ast.Tuple, ast.Set)):
            return all(self._inert(e, depth + 1) for e in v.elts)
        if isinstance(v, ast.Dict):
            return all(self._inert(k, depth + 1) for k in v.keys if k is not None) and all(
                self._inert(x, depth + 1) for x in v.values
            )
        if isinstance(v, ast.JoinedStr):
            return all(
                isinstance(p, ast.Constant) or (isinstance(p, ast.FormattedValue) and self._inert(p.value, depth + 1))
                for p in v.values
            )
        if isinstance(v, ast.BinOp):
            return self._inert(v.left, depth + 1) and self._inert(v.right, depth + 1)
        if isinstance(v, ast.Name):
            if v.id in ("None", "True", "False"):
                return True
            assigns, iters, defining, param = self.facts.lookup(v.id, self.facts.scope(v))
            if defining is None:
                return v.id in self.r.constants and self._inert(self.r.constants[v.id], depth + 1)
            return bool(assigns) and not iters and param is None and all(self._inert(a, depth + 1) for a in assigns)
        return False

    def _quantity(self, v: ast.AST | None, depth: int = 0) -> bool:
        """A count or number: ``len(x)``, ``sum(...)``, ``x.count(...)``, ``df.shape[0]``,
        numbers, comparisons and arithmetic of them."""
        if v is None or depth > 8:
            return False
        if isinstance(v, ast.Constant):
            return isinstance(v.value, (int, float, bool)) or v.value is None
        if isinstance(v, (ast.Compare, ast.BoolOp)) or (isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.Not)):
            return True
        if isinstance(v, ast.UnaryOp):
            return self._quantity(v.operand, depth + 1)
        if isinstance(v, ast.BinOp):
            return (
                (self._quantity(v.left, depth + 1) or self._inert(v.left))
                and (self._quantity(v.right, depth + 1) or self._inert(v.right))
                and not isinstance(v.op, ast.Mod)
            )
        if isinstance(v, ast.Call):
            f = v.func
            if isinstance(f, ast.Name) and f.id in _QUANTITY_CALLS and f.id not in self.facts.functions:
                return True
            q = self.r.qualname(f) or ""
            if q in _QUANTITY_CALLS:
                return True
            return isinstance(f, ast.Attribute) and f.attr in _QUANTITY_METHODS
        if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Attribute) and v.value.attr == "shape":
            return True
        if isinstance(v, ast.Attribute) and v.attr in ("size", "shape"):
            return True
        if isinstance(v, ast.Name):
            assigns, iters, _defining, param = self.facts.lookup(v.id, self.facts.scope(v))
            return (
                bool(assigns)
                and not iters
                and param is None
                and all(self._quantity(a, depth + 1) or self._inert(a) for a in assigns)
            )
        return False


class PhiSource:
    """The source predicate used with :meth:`Facts.trace`: :class:`Sources` plus the f-string
    labels (``f"Diagnosis: {x}"``) of the f-strings met on the way."""

    def __init__(self, facts, policy: Any = None) -> None:
        self.sources = Sources(facts, policy)
        self._fstring: dict[int, str] = {}
        self._seen_fstrings: set[int] = set()

    def __call__(self, node: ast.AST) -> frozenset[str]:
        if isinstance(node, ast.JoinedStr) and id(node) not in self._seen_fstrings:
            self._seen_fstrings.add(id(node))
            self._fstring.update(self.sources.fstring_labels(node))
        own = self.sources(node)
        if own:
            return own
        label = self._fstring.get(id(node))
        return frozenset({label}) if label is not None else own


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class PhiRequest:
    """A Claude request that carries health data."""

    req: Any  # flow.RequestInfo
    arg: str  # the argument that carries it ("messages", "argument 1", ...)
    arg_node: ast.AST
    #: source → sink steps (node, message), the last one the argument
    path: tuple[tuple[ast.AST, str], ...]
    #: True when handles-phi: true makes the content health data (no flow)
    declared: bool = False
    #: for health data by context (:mod:`claude_lint.phi.context`): the literal of the
    #: request's instructions that makes it clinical, and the phrase found in it
    context: tuple[ast.AST, str] | None = None
    #: how sure the source is (None: the rule's default)
    confidence: Confidence | None = None
    #: a request through a helper of another module whose own module reports it (its
    #: instructions are clinical: :func:`judged_there`): the rules that report health data
    #: sent to Claude report it there, once, not at each caller
    elsewhere: bool = False

    @property
    def source_text(self) -> str:
        first = self.path[0][1] if self.path else ""
        return first.removeprefix("health data by context: ").removeprefix("health data: ")

    @property
    def related(self) -> list[tuple[ast.AST, str]]:
        """The literal of the instructions that made the request clinical, for a finding
        by context (SARIF relatedLocations)."""
        if self.context is None:
            return []
        node, phrase = self.context
        return [(node, f"the instructions that make this request clinical ('{phrase}')")]

    def context_text(self, ctx) -> str:
        """`` whose instructions speak of 'patient' (line 5)`` for a finding by context, else ''."""
        if self.context is None:
            return ""
        node, phrase = self.context
        return f" whose instructions speak of '{phrase}' (line {line_of(ctx, node)})"


def handles_phi(policy: Any) -> str | bool:
    value = getattr(policy, "handles_phi", "auto")
    return value if value in (True, False) else "auto"


def request_label(facts, req) -> str:
    client = req.client.name if req.client is not None else req.method
    remote = req.client.remote if req.client is not None else None
    if isinstance(remote, RemoteFunction) and remote.request is not None:
        where = facts.remote.display(remote.request) if facts.remote is not None else remote.request.path
        return f"{req.method}(), which sends it to Claude ({where}, line {remote.request.line})"
    if req.method.startswith("POST "):
        return f"a raw HTTP {req.method}"
    if req.client is None:
        return f"{req.method}()"
    if req.method == "__call__":
        return f"a call of a {'dspy.LM' if client == 'LM' else client} object"
    return f"{client}'s {req.method}()"


def phi_requests(ctx) -> list[PhiRequest]:
    """Every Claude request of the file that carries health data under the policy (computed
    once per file; shared by both rules)."""
    key = f"phi.requests:{id(ctx.policy)}"
    return ctx.facts.memo(key, lambda: list(_phi_requests(ctx)))


#: which content argument names a declared (handles-phi: true) finding, first wins
_CONTENT_PRIORITY = {
    "messages": 0,
    "prompt": 0,
    "events": 0,
    "initial_events": 0,
    "argument 1": 0,
    "json": 0,
    "body": 0,
    "requests": 1,
    "system": 2,
    "file": 2,
    "files": 2,
    "tools": 8,
    "extra_body": 9,
}


def _phi_requests(ctx):
    mode = handles_phi(ctx.policy)
    if mode is False:
        return
    text = getattr(getattr(ctx, "source", None), "text", None)
    facts = ctx.facts
    source = PhiSource(facts, ctx.policy)
    # The prefilter (phi/prefilter.py) rules out a file none of whose names, keys or literals
    # can be health data.  It is asked once, at the first request with content: a file
    # without one never pays for it, and a file it rules out is not traced.  (Asked before
    # the request search it would also spare that search, but it costs about as much per
    # byte as the search per call: slower in all on litellm 1.83.0, no faster on pydantic-ai.)
    prefiltered = mode is True or text is None
    seen: set[int] = set()
    for node in tree_nodes(ctx.tree):
        if not isinstance(node, ast.Call) or id(node) in seen:
            continue
        req = facts.claude_request(node)
        if req is None:
            continue
        seen.add(id(node))
        content = facts.request_content(req)
        if not content:
            continue
        if not prefiltered and text is not None:
            if not may_concern_health_data(text, source.sources.vocab) and imported_instructions(facts) is None:
                # no name, key or literal of the file can be health data (phi/prefilter.py),
                # and no prompt text it imports from the repository is clinical
                return
            prefiltered = True
        label = request_label(facts, req)
        if mode is True:
            name, expr = min(content, key=lambda item: _CONTENT_PRIORITY.get(item[0], 5))
            yield PhiRequest(
                req,
                name,
                expr,
                (
                    (
                        expr,
                        f"sent as `{name}` to {label} (handles-phi: true: all content sent to Claude is health data)",
                    ),
                ),
                declared=True,
            )
            continue
        best = None
        forwarded = req.client is not None and isinstance(req.client.remote, RemoteFunction)
        elsewhere = forwarded and judged_there(req.client.remote)
        knowledge: bool | None = None
        for name, expr in content:
            term = source.sources.vocab.term(name) if forwarded else None
            if term is not None and not req.client.remote.vias:
                # a helper of another module whose parameter is named as health data: its own
                # module judges it, at its request (one finding per cause, not one per caller)
                continue
            if term is not None and (facts.literal_only(expr) or term in KNOWLEDGE_TERMS):
                # a literal (a sample note written in a script) is no person's data, and a
                # parameter named for a medical concept (``symptom``) may hold the concept
                path = facts.trace(expr, source)
            elif term is not None:
                # a method that sends its parameter through an object its class was given: its
                # module cannot know that object is Claude, so the parameter's name is judged here
                remote = req.client.remote
                path = facts.trace(expr, source) or (
                    (
                        expr,
                        f"health data: `{name}`, the parameter of {remote.name}() it is given (a name matching '{term}')",
                    ),
                )
            else:
                path = facts.trace(expr, source)
            if path is not None and knowledge_term(path[0][1]):
                # a disease's symptoms under a knowledge task's instructions (phi/context.py)
                if knowledge is None:
                    exprs = [e for n, e in (*content, *facts.request_templates(req)) if n not in _NOT_INSTRUCTIONS]
                    knowledge = knowledge_context(facts, exprs) is not None
                if knowledge:
                    continue
            if path is not None and (best is None or len(path) < len(best[2])):
                best = (name, expr, path)
        if best is None:
            by_context = _by_context(facts, req, content, label)
            if by_context is not None:
                yield replace(by_context, elsewhere=elsewhere)
            continue
        name, expr, path = best
        if forwarded and req.client.remote.vias:
            req = _via_of(req, name)
            label = request_label(facts, req)
        steps = list(path)
        steps[-1] = (expr, f"sent as `{name}` to {label}")
        if len(steps) == 1:  # the argument is the source itself
            steps = [path[0], (expr, f"sent as `{name}` to {label}")]
        yield PhiRequest(req, name, expr, tuple(_shorten(steps)), elsewhere=elsewhere)


def judged_there(remote: RemoteFunction) -> bool:
    """Whether the request a helper of another module sends is reported in that module
    whatever its callers give it: the literal texts reaching its content there (its
    instructions, :attr:`RemoteFunction.request_texts`) are clinical, so the module finds
    health data by context (:mod:`claude_lint.phi.context`) in the content its parameters
    bring.  Not for a method sending through objects its class was given (``vias``): its
    module cannot know those are Claude."""
    if remote.vias or remote.request is None:
        return False
    return any(CLINICAL_PHRASES.search(t) or consumer_health(t) for t in remote.request_texts)


def _via_of(req, name: str):
    """A request through a method calling objects its class was given (``remote.vias``),
    placed at the call that parameter ``name`` reaches (the others stay related locations)."""
    remote = req.client.remote
    for via in remote.vias:
        if name in via.content_params:
            moved = replace(remote, request=via.request)
            return replace(req, client=replace(req.client, remote=moved))
    return req


#: content arguments that are not the request's instructions or data (tool schemas)
_NOT_INSTRUCTIONS = frozenset({"tools", "toolConfig", "extra_body"})


def _by_context(facts, req, content, label: str) -> PhiRequest | None:
    """Health data by context (see :mod:`claude_lint.phi.context`): the request's
    instructions are clinical and some content is not written in the code."""
    content = [(name, expr) for name, expr in content if name not in _NOT_INSTRUCTIONS]
    found = clinical_context(facts, [expr for _name, expr in (*content, *facts.request_templates(req))])
    if found is None:
        return None
    source = facts.memo("phi.content-source", lambda: ContentSource(facts))
    best = None
    for name, expr in content:
        path = content_path(facts, expr, source)
        if path is not None and (best is None or len(path) < len(best[2])):
            best = (name, expr, path)
    if best is None:
        return None
    name, expr, path = best
    first_node, first_label = path[0]
    first = (first_node, f"health data by context: {first_label}")
    steps = [first, *path[1:]]
    steps[-1] = (expr, f"sent as `{name}` to {label}")
    if len(steps) == 1:
        steps = [first, (expr, f"sent as `{name}` to {label}")]
    return PhiRequest(
        req,
        name,
        expr,
        tuple(_shorten(steps)),
        context=(found.node, found.phrase),
        confidence=Confidence.LOW if ContentSource.unknown_parameter(first_label) else None,
    )


#: longest path a finding carries (SARIF threadFlow, text ``path:`` line)
MAX_STEPS = 12


def _shorten(steps: list) -> list:
    """Keep the first and last steps of a long path; the first kept step after the gap
    says how many were left out."""
    if len(steps) <= MAX_STEPS:
        return steps
    head, tail = steps[: MAX_STEPS // 2], steps[-(MAX_STEPS // 2) :]
    gap = len(steps) - len(head) - len(tail)
    node, msg = tail[0]
    tail[0] = (node, f"({gap} more steps) {msg}")
    return head + tail


def report(ctx, node: ast.AST, message: str, req=None, **kw) -> None:
    """``ctx.report`` from ``finish()``, with the statement of ``node`` as its span; for a
    request through a helper of another module (``req.client.remote``), the helper's own
    request is a related location and the last step of the finding's data flow (so the
    SARIF ``codeFlows`` path crosses into the module that sends it)."""
    index = ctx.report(node, message, at_statement=ctx.facts.statement(node), **kw)
    remote = req.client.remote if req is not None and req.client is not None else None
    link = ctx.facts.remote
    if index is not None and isinstance(remote, RemoteFunction) and remote.request is not None and link is not None:
        found = ctx.findings[index]
        # a method calling objects its class was given: each of those calls (RemoteVia)
        places = list(dict.fromkeys([remote.request, *(v.request for v in remote.vias)]))
        there = [Location(link.display(p), p.line, 1, p.end_line) for p in places]
        related = [Related(loc, f"the request in {remote.name}()") for loc in there]
        flow = (*found.flow, FlowStep(there[0], f"sent to Claude by {remote.name}()")) if found.flow else ()
        ctx.findings[index] = found.with_(related=(*found.related, *related), flow=flow)


def line_of(ctx, node: ast.AST) -> int:
    return ctx.source.file_line(getattr(node, "lineno", 0) or 0)


# --------------------------------------------------------------------------- policy

PROVIDER_OF_KIND = {
    ClientKind.FIRST_PARTY: "anthropic",
    ClientKind.BEDROCK: "aws",
    ClientKind.VERTEX: "google",
    ClientKind.FOUNDRY: "azure",
}
PLATFORM_NAME = {
    ClientKind.FIRST_PARTY: "the Claude API",
    ClientKind.BEDROCK: "Amazon Bedrock",
    ClientKind.VERTEX: "Google Vertex AI",
    ClientKind.FOUNDRY: "Microsoft Foundry",
}


@dataclass(frozen=True)
class Coverage:
    covered: bool
    #: what is missing, e.g. "zdr: false and no BAA with anthropic"
    missing: str = ""
    #: what would satisfy the policy
    needed: str = ""
    uncertain: bool = False


def coverage(facts, req, policy: Any) -> Coverage:
    """Whether the policy covers health data sent by ``req`` (DESIGN §1, issue 5)."""
    kind = facts.request_provider(req)
    baa = set(getattr(policy, "baa", ()) or ())
    if kind is None:
        return Coverage(
            False,
            "the request reaches Claude through a host none of the policy's BAAs can cover",
            "send it through the first-party API or a cloud provider the policy has a BAA with",
        )
    provider = PROVIDER_OF_KIND[kind]
    if kind != ClientKind.FIRST_PARTY:
        if provider in baa:
            return Coverage(True)
        return Coverage(
            False,
            f"the policy declares no BAA with {provider}",
            f"add `{provider}` to `baa` once a BAA with {provider.upper() if provider == 'aws' else provider.capitalize()} is signed",
        )
    zdr = bool(getattr(policy, "zdr", False))
    missing = []
    if not zdr:
        missing.append("zdr: false")
    if "anthropic" not in baa:
        missing.append("no BAA with anthropic")
    if missing:
        return Coverage(
            False,
            "the policy declares " + " and ".join(missing),
            "first-party requests with health data need `zdr: true` and `baa: [anthropic]`",
        )
    key_env = tuple(getattr(policy, "zdr_key_env", ()) or ())
    if not key_env:
        return Coverage(True)
    how, names = facts.client_key_env(req)
    listed = ", ".join(key_env)
    fix = f'build the client from one of them (`api_key=os.environ["{key_env[0]}"]`)'
    if how == "env" and any(n in key_env for n in names):
        return Coverage(True)
    if how == "implicit" and names and any(n in key_env for n in names):
        return Coverage(True)
    if how == "env":
        return Coverage(
            False, f"its key comes from {', '.join(names)}, which zdr-key-env ({listed}) does not list", fix
        )
    if how == "implicit":
        if names:
            return Coverage(
                False,
                f"the client reads its key implicitly from {names[0]}, which zdr-key-env ({listed}) does not list",
                fix,
            )
        return Coverage(
            False, f"the client authenticates without a key variable, so zdr-key-env ({listed}) cannot cover it", fix
        )
    if how == "literal":
        return Coverage(False, f"its key is a literal, not one of the zdr-key-env variables ({listed})", fix)
    return Coverage(
        False, f"its key cannot be traced to one of the zdr-key-env variables ({listed})", fix, uncertain=True
    )


__all__ = [
    "DEFAULT_TERMS",
    "ClinicalContext",
    "PhiRequest",
    "PhiSource",
    "Sources",
    "Vocabulary",
    "coverage",
    "handles_phi",
    "line_of",
    "phi_requests",
    "report",
    "words",
]
