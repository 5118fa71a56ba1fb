"""Whether a file can concern health data at all, decided from its bytes so that the
health-data rules cost nothing on a file that cannot (issue 14).

Under ``handles-phi: auto`` a request carries health data only when a source of
:class:`claude_lint.phi.Sources` reaches it or its instructions are clinical
(:mod:`claude_lint.phi.context`).  Both need words in the file:

* every source but a FHIR/HL7 object is a name, key, path or label whose *word parts* match
  a term of the vocabulary (:meth:`Vocabulary.term`, :meth:`Vocabulary.mentions`); FHIR/HL7
  objects come from modules whose names hold ``fhir`` or ``hl7`` (``fhirclient``), searched
  as such.  Consecutive word parts of a name are written in its text with nothing but
  separators (characters other than ASCII letters and digits) between them, and the last
  part ends where a run of lower-case letters (or of digits) ends.  So the file's
  lower-cased bytes hold every word of a matching term, and at an occurrence of its first
  word the original bytes match ``(?:medical|Medical|MEDICAL)[^A-Za-z0-9]*(?:records?|…)``
  where a word part can start and end (:data:`_PART_START`, no lower-case letter after it).
  This is looser than the vocabulary (an all-capitals ``LABX`` passes for ``lab``) but
  never stricter;
* a clinical phrase (:data:`~claude_lint.phi.context.CLINICAL_PHRASES`) needs its words in
  the file and, for a phrase of several words, its first word followed by the second with
  only what can separate them in the source of a literal between them (:data:`_SEP`:
  separators, escapes, and the quotes, comments and line ends of implicit concatenation).

The work is a handful of substring searches of the lower-cased bytes (C speed, no regex
over the whole text) and a small anchored match at each occurrence of a term's first word
(at most :data:`_MAX_OCCURRENCES` per word, then the file passes).

Where the text is not what the parser or the phrase regex sees, the file is not skipped: a
text holding a non-ASCII character whose compatibility form has an ASCII letter or digit
(fullwidth letters, ligatures, the long s and the Kelvin sign, which the parser folds into
identifiers and case-insensitive matching into ``s``/``k``) or a dotless or dotted capital
i is searched again in its NFKC form with those letters folded, and a text with an escape
that spells an ASCII letter in a string (``"\\x70atient"``, ``"\\N{...}"``) always passes.

Not seen (documented limits, as for ``credential-logged``'s prefilter): a word assembled
from pieces inside one word part -- ``"pat" + "ient"``, ``"pati" "ent"``, ``f"pat{x}ient"``.
Under ``handles-phi: true`` it is not used (all content is health data); a policy's
``phi-names`` is part of the vocabulary the search is built from (once per vocabulary).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .vocabulary import Vocabulary

#: what may separate two words of a clinical phrase in the file's bytes when the literal
#: holds them apart by ``[\s_-]+``: separators, non-ASCII bytes, escapes (``\n``), and the
#: quotes, string prefixes, line ends and comments of implicit concatenation (each part can
#: be matched one way only, so a failed match backtracks in linear time)
_SEP = (
    rb"""(?:[\s_\-"'\x80-\xff]|[rRbBfFuU]{1,2}(?=["'])|\#[^\n]*\n"""
    rb"""|\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}\n]*\}|[0-7]{1,3}|[\s\S]))*"""
)


def _phrase(needs: str, anchor: str | None = None, pattern: str | None = None) -> tuple:
    """One way a clinical phrase can be written: the words it needs anywhere in the file
    (space-separated, the rarer first; ``a|b`` for one of them) and, when given, the match
    of ``pattern`` (``~`` for a separator) at an occurrence of ``anchor``."""
    words = tuple(tuple(w.encode() for w in alt.split("|")) for alt in needs.split())
    if anchor is None or pattern is None:
        return words, None, None
    rx = re.compile(b"(?i:" + pattern.encode().replace(b"~", _SEP) + b")", re.ASCII)
    return words, anchor.encode(), rx.match


#: the clinical phrases of :data:`claude_lint.phi.context.CLINICAL_PHRASES`, each as what the
#: file's bytes must hold for a literal to contain it
_PHRASES: tuple[tuple, ...] = (
    _phrase("patient"),  # patient, patients', doctor-patient …
    _phrase("medical"),  # medical records/history…, medical scribe, my medical …
    _phrase("clinical"),  # clinical notes/…, clinical scribe, transcript of a clinical …
    _phrase("hedis"),
    _phrase("symptom"),  # your symptoms, describing symptoms, symptoms reported …
    _phrase("medication"),  # my medications
    _phrase("prescription"),  # your prescriptions
    _phrase("diagnos", "diagnos", r"diagnos(?:is|ing|ed|e)(?![A-Za-z0-9_])"),
    _phrase(
        "health record|histor|information|condition|data|issue|problem|concern|question|summar|dashboard|profile|goal|answer|journal|diary",
        "health",
        "health~(?:record|histor|information|condition|data|issue|problem|concern|question|summar|dashboard|profile|goal|answer|journal|diary)",
    ),
    # consumer-health wording (context.consumer_health): illness, allergies, the doctor, a
    # newborn's or a mother's care
    _phrase("illness"),
    _phrase("allerg"),
    _phrase("doctor"),  # going to the doctor, doctor's appointment
    # a person's medical, clinic, hospital or dental appointments (medical procedures: "medical")
    _phrase("appointment healthcare", "healthcare", "healthcare~appointment"),
    _phrase("appointment care", "care", "care~appointment"),
    _phrase("appointment clinic", "clinic", "clinic~appointment"),
    _phrase("appointment hospital", "hospital", "hospital~appointment"),
    _phrase("appointment dental", "dental", "dental~appointment"),
    _phrase("newborn|infant|antenatal|prenatal|postnatal|maternal"),
    _phrase("health electronic", "electronic", "electronic~health"),
    _phrase("chief complaint", "chief", "chief~complaint"),
    _phrase("discharge summar", "discharge", "discharge~summar"),
    _phrase("progress note", "progress", "progress~note"),
    _phrase("soap note", "soap", "soap~note"),
    _phrase("illness present", "present", "present~illness"),
    _phrase("gap care", "care", "care~gap"),
    _phrase("transcript visit", "visit", "visit~transcript"),
    _phrase("transcript consultation", "consultation", "consultation~transcript"),
    _phrase("transcript appointment", "appointment", "appointment~transcript"),
    _phrase("transcript encounter", "encounter", "encounter~transcript"),
    _phrase(
        "transcript",
        "transcript",
        "transcripts?~of~(?:(?:an|a|the)~)?(?:clinical|medical|doctor|patient|visit|consultation|encounter)",
    ),
)

#: an escape in a string literal that spells an ASCII letter: \x41-\x7a, \u0041…,
#: \U00000041…, \N{...}, octal \101-\172
_LETTER_ESCAPE = re.compile(rb"\\(?:x[4-7][0-9a-fA-F]|u00[4-7][0-9a-fA-F]|U0000[4-7][0-9a-fA-F]|N\{|1[0-7][0-7])")
#: the letters case-insensitive matching (re.IGNORECASE) folds onto ASCII i, s and k
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_ASCII = bytes(range(128))
#: occurrences of one word looked at before the file is taken as possible (bounded work)
_MAX_OCCURRENCES = 2000
#: module names that hold FHIR/HL7 objects (Sources._call: fhirclient, fhirpy, hl7apy …), as
#: the start of a name (module names are case-sensitive)
_MODULES = re.compile(rb"(?<![A-Za-z0-9_])(?:fhir|hl7)").match


def _stem(part: str) -> str:
    """What every plural form of a last word part starts with (``allergy``: ``allerg``)."""
    return part[:-1] if part.endswith("y") else part


#: where a word part can start (``words()``): after anything but a letter, at a lower-case
#: to upper-case step (``patientName``), or at the last capital of a run followed by a
#: lower-case letter (``HTTPPatient``); a lower-case letter after a letter never starts one
_PART_START = "(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]))"


def _cased(word: str) -> str:
    """The spellings one word part can have (``words()`` splits at every other case
    change): ``mrn``, ``Mrn``, ``MRN``."""
    return "|".join(dict.fromkeys(re.escape(w) for w in (word, word.capitalize(), word.upper())))


def _term_pattern(parts: tuple[str, ...]) -> str:
    *head, last = parts
    forms = {last, last + "s", last + "es"}
    if last.endswith("y"):
        forms.add(last[:-1] + "ies")
    body = "".join(f"(?:{_cased(p)})[^A-Za-z0-9]*" for p in head)
    alternatives = "|".join(_cased(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    start = _PART_START if parts[0][:1].isalpha() else ""
    end = "(?![0-9])" if last[-1:].isdigit() else "(?![a-z])"
    return f"{start}{body}(?:{alternatives}){end}"


@dataclass(frozen=True)
class _Group:
    """The terms that start with one word: where to look (``anchor``, lower-case), the
    words each term needs somewhere in the file, and the match of any of them at an
    occurrence of the anchor (in the text's original case)."""

    anchor: bytes
    needs: tuple[tuple[bytes, ...], ...]
    match: Callable[[bytes, int], re.Match[bytes] | None]


@functools.lru_cache(maxsize=32)
def _groups(terms: tuple[tuple[str, ...], ...]) -> tuple[_Group, ...]:
    by_anchor: dict[str, list[tuple[str, ...]]] = {}
    for t in terms:
        if not all(p.isascii() for p in t):
            continue  # words() gives ASCII parts only: such a term matches nothing
        anchor = _stem(t[0]) if len(t) == 1 else t[0]
        # a term whose first word starts with another term's is looked for at that one's
        # occurrences (diagnosis and diagnoses at diagnos…): one search fewer
        shorter = [a for a in by_anchor if anchor.startswith(a)]
        if shorter:
            anchor = min(shorter, key=len)
        else:
            for longer in [a for a in by_anchor if a.startswith(anchor)]:
                by_anchor.setdefault(anchor, []).extend(by_anchor.pop(longer))
        by_anchor.setdefault(anchor, []).append(t)
    out = []
    for anchor, group in by_anchor.items():
        # the anchor first: in a file without it no other word is searched
        needs = tuple(
            (anchor.encode(), *sorted({p.encode() for p in (*t[:-1], _stem(t[-1]))} - {anchor.encode()})) for t in group
        )
        rx = re.compile("|".join(_term_pattern(t) for t in group).encode(), re.ASCII)
        out.append(_Group(anchor.encode(), needs, rx.match))
    return tuple(out)


def may_concern_health_data(text: str, vocab: Vocabulary) -> bool:
    """False only when no name of ``text`` can match ``vocab`` and no literal can hold a
    clinical phrase (see the module docstring): the health-data rules then have nothing to
    find in the file."""
    data = text.encode("utf-8", "surrogatepass")
    if _possible(data, vocab):
        return True
    if text.isascii():
        return False
    # what the parser or case-insensitive matching could read as ASCII letters: only
    # characters whose NFKC form holds one (fullwidth letters, ligatures, superscripts, long
    # s, Kelvin sign) and the dotted and dotless capital/small i
    others = set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass"))
    if not any(ch in "\u0130\u0131" or _has_ascii_alnum(unicodedata.normalize("NFKC", ch)) for ch in others):
        return False
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _possible(folded.encode("utf-8", "surrogatepass"), vocab)


def _has_ascii_alnum(s: str) -> bool:
    return any(c.isascii() and c.isalnum() for c in s)


def _possible(data: bytes, vocab: Vocabulary) -> bool:
    low = data.lower()  # ASCII letters only, byte for byte: positions line up with data
    seen: dict[bytes, bool] = {}

    def has(word: bytes) -> bool:
        found = seen.get(word)
        if found is None:
            found = seen[word] = word in low
        return found

    if any(_occurs(data, data, w, _MODULES) for w in (b"fhir", b"hl7")):
        return True
    for group in _groups(vocab.terms):
        if not any(all(has(w) for w in need) for need in group.needs):
            continue
        if _occurs(low, data, group.anchor, group.match):
            return True
    for needs, anchor, match in _PHRASES:
        if not all(any(has(w) for w in alt) for alt in needs):
            continue
        if anchor is None or _occurs(low, data, anchor, match):
            return True
    return _LETTER_ESCAPE.search(data) is not None


def _occurs(low: bytes, data: bytes, anchor: bytes, match: Callable[[bytes, int], object]) -> bool:
    """Whether ``match`` succeeds in ``data`` at an occurrence of ``anchor`` in ``low``."""
    i = low.find(anchor)
    for _ in range(_MAX_OCCURRENCES):
        if i < 0:
            return False
        if match(data, i) is not None:
            return True
        i = low.find(anchor, i + 1)
    return True  # too many occurrences to look at: taken as possible


__all__ = ["may_concern_health_data"]
