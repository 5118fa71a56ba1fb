"""The health-data vocabulary: the documented default terms, the words that make a name a
quantity or a code rather than content, and how names are split and matched
(``phi-names: {add, remove}`` adjusts the terms)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

DEFAULT_TERMS: tuple[str, ...] = (
    # people in care and their records
    "patient",
    "inpatient",
    "outpatient",
    "mrn",
    "medical_record",
    "medical_record_number",
    "health_record",
    "ehr",
    "emr",
    "chart_note",
    "medical_history",
    "medical",
    "clinical",
    "medical_data",
    "health_data",
    "health_info",
    "health_history",
    "health_condition",
    # identifiers
    "ssn",
    "social_security",
    "date_of_birth",
    "birth_date",
    "birthdate",
    "dob",
    "insurance_id",
    "insurance_number",
    "member_id",
    "subscriber_id",
    "beneficiary_id",
    "health_plan",
    "policy_holder",
    # clinical content
    "diagnosis",
    "diagnoses",
    "icd",
    "icd9",
    "icd_9",
    "icd10",
    "icd_10",
    "snomed",
    "loinc",
    "prescription",
    "medication",
    "meds",
    "dosage",
    "lab_result",
    "lab_report",
    "lab_value",
    "labs",
    "clinical_note",
    "progress_note",
    "nursing_note",
    "discharge_summary",
    "discharge_note",
    "allergy",
    "allergies",
    "vitals",
    "vital_signs",
    "blood_pressure",
    "heart_rate",
    "symptom",
    "symptoms",
    "comorbidity",
    "prognosis",
    "treatment_plan",
    "chief_complaint",
    "radiology",
    "pathology_report",
    "imaging_report",
    "dicom",
    "fhir",
    "hl7",
)

#: last word parts that make a name a count, total or other aggregate
QUANTITY_WORDS = frozenset(
    {
        "count",
        "counts",
        "cnt",
        "num",
        "total",
        "totals",
        "len",
        "length",
        "size",
        "idx",
        "index",
        "ratio",
        "rate",
        "rates",
        "pct",
        "percent",
        "percentage",
        "avg",
        "mean",
        "median",
        "sum",
        "max",
        "min",
        "threshold",
        "limit",
        "limits",
        "age_bucket",
    }
)
#: first word parts that make a name a count or a flag
LEADING_QUANTITY_WORDS = frozenset(
    {
        "n",
        "num",
        "count",
        "total",
        "max",
        "min",
        "number_of",
        "is",
        "has",
        "should",
        "can",
        "use",
        "enable",
        "enabled",
        "include",
        "show",
        "allow",
    }
)
#: last word parts that name code objects rather than data
CODE_WORDS = frozenset(
    {
        "schema",
        "schemas",
        "model",
        "models",
        "type",
        "types",
        "class",
        "cls",
        "enum",
        "field",
        "fields",
        "column",
        "columns",
        "col",
        "cols",
        "key",
        "keys",
        "url",
        "uri",
        "urls",
        "endpoint",
        "path",
        "dir",
        "folder",
        "table",
        "tool",
        "tools",
        "fn",
        "func",
        "function",
        "handler",
        "service",
        "client",
        "repo",
        "repository",
        "dao",
        "api",
        "router",
        "agent",
        "llm",
        "chain",
        "pipeline",
        "prompt_template",
        "template_name",
        "parser",
        "validator",
        "serializer",
        "form",
        "view",
        "config",
        "settings",
        "id_column",
        "queue",
        "topic",
        "bucket",
        "collection",
        "index_name",
        "db",
        "database",
        "engine",
        "session",
        "cache",
        "lock",
        "logger",
        "mode",
        "format",
        "version",
        "label",
        "labels",
        "name_field",
        "widget",
        "button",
        "page",
        "route",
        "tab",
        "icon",
        "color",
        "style",
    }
)

#: modules whose objects are health records
_HUMPS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words(name: str) -> tuple[str, ...]:
    """Lower-case word parts of an identifier, key or column name."""
    out: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", name):
        out.extend(p.lower() for p in _HUMPS.findall(chunk))
    return tuple(out)


def _term_parts(term: str) -> tuple[str, ...]:
    return words(term)


@dataclass(frozen=True)
class Vocabulary:
    """The effective health-data vocabulary (built-in terms adjusted by ``phi-names``)."""

    terms: tuple[tuple[str, ...], ...]

    @classmethod
    def from_policy(cls, policy: Any = None) -> Vocabulary:
        add = tuple(getattr(policy, "phi_names_add", ()) or ())
        remove = tuple(getattr(policy, "phi_names_remove", ()) or ())
        return _vocabulary(add, remove)

    def term(self, name: str) -> str | None:
        """The vocabulary term ``name`` matches (``"patient"``), or None; counts, flags and
        code-object names never match."""
        parts = words(name)
        if not parts:
            return None
        if parts[-1] in QUANTITY_WORDS or parts[-1] in CODE_WORDS:
            return None
        if parts[0] in LEADING_QUANTITY_WORDS or "_".join(parts[:2]) in LEADING_QUANTITY_WORDS:
            return None
        return self._match(parts)

    def mentions(self, text: str) -> str | None:
        """The term a free text (a file path, a label) mentions, ignoring the name rules."""
        return self._match(words(text))

    def _match(self, parts: tuple[str, ...]) -> str | None:
        for term in self.terms:
            n = len(term)
            for i in range(len(parts) - n + 1):
                if parts[i : i + n - 1] != term[:-1]:
                    continue
                last, want = parts[i + n - 1], term[-1]
                if last == want or _plural(last, want):
                    return "_".join(term)
        return None


@functools.lru_cache(maxsize=64)
def _vocabulary(add: tuple[str, ...], remove: tuple[str, ...]) -> Vocabulary:
    """The vocabulary of a ``phi-names`` setting (built once per setting, not per file)."""
    removed = {_term_parts(t) for t in remove}
    terms: list[tuple[str, ...]] = []
    for t in (*DEFAULT_TERMS, *add):
        parts = _term_parts(t)
        if parts and parts not in removed and parts not in terms:
            terms.append(parts)
    return Vocabulary(tuple(terms))


def _plural(word: str, base: str) -> bool:
    if word == base + "s" or word == base + "es":
        return True
    return base.endswith("y") and word == base[:-1] + "ies"


# --------------------------------------------------------------------------- sources
