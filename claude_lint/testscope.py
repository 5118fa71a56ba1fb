"""How findings in test files are treated (the policy key ``tests``, ``--include-tests``).

A file is *under test-paths* when a glob of the policy's ``test-paths`` matches it (the globs
start at the anchor shown by ``claude-lint config``).  What happens there depends on
``tests``:

``default``
    * Rules tagged ``traffic`` (residency, region, gateway and transport, health data,
      logging, consumer endpoints: what a request carries and where it goes) do not report in
      a file under test-paths that also *looks like a test* (:func:`looks_like_test`): no
      byte of a mocked unit test reaches a provider.  They are counted instead, and the run's
      summary says how many were left out ("41 findings in test files not reported;
      --include-tests to show").  The count is of findings: test files are analysed anyway
      for the key rules, so these come at no extra cost.  A file under test-paths that does
      not look like a test (a ``scripts/test_claude.py`` smoke script calling the real API)
      is application code for the traffic rules: they report there at full severity (the
      key rules judge by test-paths alone).
    * Key rules (tagged ``secrets``) report only real key formats under test-paths (a real key
      in a test is a leaked key), one severity lower; any other literal there is a
      placeholder and not reported.
    * Other rules report one severity lower under test-paths.
``report``
    Everything is reported under test-paths, one severity lower (``--include-tests`` selects
    this for one run).
``skip``
    Files under test-paths are not scanned at all; the summary counts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .keys import KEY_FORMATS
from .model import Confidence

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from .config import Policy
    from .model import Finding, RuleMeta

MODES = ("default", "report", "skip")

#: the tag of the rules that judge traffic (what a request carries and where it goes)
TRAFFIC_TAG = "traffic"
#: the tag of the rules that judge literal credentials
KEY_TAG = "secrets"

#: the suffixes judged by :func:`looks_like_test`; any other file under test-paths (a
#: recorded cassette, a JSON or YAML fixture, a .env of the test suite) is test data
_CODE_SUFFIXES = (".py", ".pyi", ".ipynb")

#: "looks like a test", searched in the file's bytes (one regex, no parse). A line may start
#: with ``"`` for a notebook's JSON source lines.
_TEST_MARKERS = re.compile(
    rb"""(?mx)
    ^[ \t]*"?(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(             # a pytest / unittest test function or method
    |^[ \t]*"?class[ \t]+Test(?:[A-Z0-9_]\w*)?[ \t]*[(:]            # a pytest test class (Test, TestX, Test_x)
    |^[ \t]*"?class[ \t]+\w+[ \t]*\([^)\n]*\w*TestCase\b           # a unittest / Django TestCase subclass
    |^[ \t]*"?@pytest\.fixture\b                                  # pytest fixtures (a conftest.py)
    |\bunittest\.mock\b|^[ \t]*"?from[ \t]+unittest[ \t]+import[ \t][^\n]*\bmock\b
    |^[ \t]*"?(?:import|from)[ \t]+(?:mock|respx|vcr|pytest_recording|pytest_httpx|responses|httpretty)\b
    |\bmocker\.(?:patch|Mock|MagicMock|AsyncMock|spy|stub)\b         # pytest-mock's fixture
    |@pytest\.mark\.vcr\b|\bvcr\.use_cassette\b                     # recorded cassettes
    """
)


def looks_like_test(data: bytes, suffix: str) -> bool:
    """Whether a file under test-paths is a test for the traffic rules.

    Python and notebooks: a test function or method (``def test…(``, ``async def test…(``), a
    test class (``class Test``, ``class TestX…``, ``class Test_…``, a ``…TestCase`` subclass), a ``@pytest.fixture``, or a mock
    or recording library (``unittest.mock``, ``mock``, pytest-mock's ``mocker.patch``,
    ``respx``, ``responses``, ``pytest_httpx``, ``httpretty``, ``vcr``/``pytest_recording``
    cassettes).  Any other file under test-paths (cassettes, fixtures' data) is test data.
    """
    if suffix.lower() not in _CODE_SUFFIXES:
        return True
    return _TEST_MARKERS.search(data) is not None


#: the labels of the key formats in findings' messages ("Anthropic API key sk-ant-api03-…AbCd")
_KEY_LABELS = tuple(sorted({fmt.label for fmt in KEY_FORMATS}, key=len, reverse=True))


#: key rules that judge test files themselves: ``hardcoded-api-key`` reports exact key
#: formats only, ``hardcoded-client-credential`` reports in a test only a value shaped like a
#: real key (``keys.is_placeholder_credential(..., in_tests=True)``)
_JUDGE_TESTS_THEMSELVES = frozenset({"hardcoded-api-key", "hardcoded-client-credential"})


def is_key_format(rule_id: str, message: str) -> bool:
    """Whether a key rule's finding is about a real key format (not a placeholder-like
    literal): the rules of ``_JUDGE_TESTS_THEMSELVES`` decide that themselves; the others'
    findings name the format they matched at the start of their message."""
    return rule_id in _JUDGE_TESTS_THEMSELVES or message.startswith(_KEY_LABELS)


def rule_kinds(metas: Iterable[RuleMeta]) -> tuple[frozenset[str], frozenset[str]]:
    """(traffic rule ids, key rule ids) from the rules' tags."""
    metas = list(metas)
    traffic = frozenset(m.id for m in metas if TRAFFIC_TAG in m.tags)
    key = frozenset(m.id for m in metas if KEY_TAG in m.tags and TRAFFIC_TAG not in m.tags)
    return traffic, key


def scope(
    findings: list[Finding], *, in_tests: bool, mode: str, test_like: bool, traffic: frozenset[str], key: frozenset[str]
) -> tuple[list[tuple[Finding, bool]], list[Finding]]:
    """The findings of one file that ``tests`` keeps, each with whether it is lowered one
    severity step, and the traffic findings left out (unsuppressed ones, for the count)."""
    if not in_tests:
        return [(f, False) for f in findings], []
    if mode != "default":
        return [(f, True) for f in findings], []
    kept: list[tuple[Finding, bool]] = []
    left_out: list[Finding] = []
    for f in findings:
        if f.rule_id in traffic:
            if test_like:
                if f.suppression is None:
                    left_out.append(f)
                continue
            kept.append((f, False))  # application code under test-paths (a smoke script)
        elif f.rule_id in key:
            if is_key_format(f.rule_id, f.message):
                kept.append((f, True))  # a real key in a test is a leaked key
        else:
            kept.append((f, True))
    return kept, left_out


class Scope:
    """What a run shows of each file's findings: the policy's ``tests`` (``include_tests``:
    ``report`` everywhere) and its ``min-confidence`` (``min_confidence``, ``--min-confidence``,
    replaces it: findings below it are not shown, as bandit's ``--confidence-level``)."""

    def __init__(
        self, metas: Iterable[RuleMeta], include_tests: bool = False, min_confidence: str | None = None
    ) -> None:
        self.traffic, self.key = rule_kinds(metas)
        self.include_tests = include_tests
        self.min_confidence = min_confidence

    def mode(self, policy: Policy) -> str:
        return "report" if self.include_tests else policy.tests

    def skips(self, policy: Policy, path: Path) -> bool:
        """``tests: skip``: a file under test-paths is not scanned."""
        return self.mode(policy) == "skip" and policy.is_test_path(path)

    def is_test(self, policy: Policy, path: Path, data: bytes) -> bool:
        """``tests: default``: a file under test-paths that looks like a test."""
        return self.mode(policy) == "default" and policy.is_test_path(path) and looks_like_test(data, path.suffix)

    def apply(
        self, findings: list[Finding], policy: Policy, path: Path, test_like: bool
    ) -> tuple[list[tuple[Finding, bool]], list[Finding]]:
        """:func:`scope` for one file's findings, those below the minimum confidence removed."""
        floor = self.min_confidence or policy.min_confidence
        if floor is not None:
            least = Confidence.parse(floor)
            findings = [f for f in findings if f.confidence >= least]
        in_tests = bool(findings) and policy.is_test_path(path)
        return scope(
            findings, in_tests=in_tests, mode=self.mode(policy), test_like=test_like, traffic=self.traffic, key=self.key
        )
