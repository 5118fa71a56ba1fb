"""The rule contract: what a rule is (metadata and documentation) and every hook through
which the engines call it.  A contributor learns how to write a rule from this file and
one example in ``claude_lint/checks``."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from .model import RULE_ID_RE, Confidence, Finding, RuleMeta, Severity

if TYPE_CHECKING:  # types of the hooks' arguments; the engines import this module
    from .config import Policy
    from .engines.python import PythonContext
    from .engines.text import TextContext
    from .rulekit.config_values import ConfigFact
    from .rulekit.edits import Edit, Site


class Rule:
    """Base class of built-in rules.  One subclass per module in ``claude_lint/checks``.

    The class docstring is the rule's documentation (sections of
    :data:`~claude_lint.model.DOC_SECTIONS`); the class attributes below are its metadata.
    A rule hooks into the engines by overriding any of the hooks declared below:

    * :meth:`scan_text` — the text engine, once per discovered text file;
    * ``visit_<AstNode>(self, node, ctx: PythonContext) -> None`` — the Python engine, for
      every node of that type (``visit_Call``, ``visit_Assign`` …) during its single
      traversal of each candidate Python file (``ctx.current_stmt`` is the statement
      around the node).  Not declared here: a declared ``visit_Call`` would be dispatched
      for every rule;
    * :meth:`finish` — the Python engine, after the traversal of a file;
    * :meth:`fix` — ``check --fix``, for a finding that carries a :class:`~claude_lint.model.Fix`;
    * :meth:`judge_config` — the runner, for a match of the rule's semgrep companion
      (``rules/<id>.yaml``) in a configuration file;
    * :meth:`judge_config_fact` — the runner, for a fact a YAML/JSON file states through its
      structure (:mod:`claude_lint.engines.config_files`).

    A rule reports through ``ctx.report(node, message, ...)``; per-file state that several
    hooks share goes in ``ctx.scratch`` (a dict that lives as long as the file's context).
    Rules produced by an engine itself (suppression bookkeeping) define no hook and set
    ``engines`` explicitly.
    """

    id: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity]
    confidence: ClassVar[Confidence]
    tags: ClassVar[tuple[str, ...]] = ()
    cwe: ClassVar[tuple[int, ...]] = ()
    fix_hint: ClassVar[str] = ""
    policy: ClassVar[str] = "always"
    engines: ClassVar[tuple[str, ...]] = ()
    #: for text rules: byte strings (matched case-insensitively) of which every file the
    #: rule can fire on contains at least one — files with none are skipped unread
    text_prefilter: ClassVar[tuple[bytes, ...]] = ()
    #: per-rule options the policy file may set: name -> (type, default)
    options: ClassVar[Mapping[str, tuple[type, Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not RULE_ID_RE.match(getattr(cls, "id", "")):
            raise TypeError(f"{cls.__name__}: rule id {getattr(cls, 'id', None)!r} is not kebab-case")
        if not cls.engines:
            found = []
            if cls.defines("scan_text"):
                found.append("text")
            if any(name.startswith("visit_") for name in dir(cls)) or cls.defines("finish"):
                found.append("python")
            cls.engines = tuple(found)

    @classmethod
    def defines(cls, hook: str) -> bool:
        """Whether this rule overrides ``hook`` (one of the hooks declared on :class:`Rule`)."""
        own = getattr(cls, hook, None)
        return own is not None and own is not getattr(Rule, hook, None)

    @classmethod
    def meta(cls) -> RuleMeta:
        return RuleMeta(
            id=cls.id,
            summary=cls.summary,
            docs=inspect.cleandoc(cls.__doc__ or ""),
            severity=cls.severity,
            confidence=cls.confidence,
            tags=tuple(cls.tags),
            cwe=tuple(cls.cwe),
            fix_hint=cls.fix_hint,
            engines=tuple(cls.engines),
            policy=cls.policy,
            source=getattr(sys.modules.get(cls.__module__), "__file__", "") or "",
        )

    # ------------------------------------------------------------------ hooks
    def scan_text(self, ctx: TextContext) -> None:
        """Called by the text engine for every discovered text file whose bytes contain one
        of :attr:`text_prefilter` (all files when it is empty); ``ctx.text`` is the decoded
        text, ``ctx.keys`` the credentials found in it."""

    def finish(self, ctx: PythonContext) -> None:
        """Called by the Python engine after its traversal of a file: for judgements that
        need the whole file (``ctx.facts`` answers questions about it)."""

    def fix(self, finding: Finding, site: Site) -> list[Edit] | None:
        """Called by ``check --fix`` for a finding of this rule that carries a
        :class:`~claude_lint.model.Fix`: the libcst edits that repair it at ``site``, or None
        when the concrete tree shows the fix is not safe there."""
        return None

    def judge_config(self, name: str, value: str, policy: Policy) -> str | None:
        """Called by the runner for a match of the rule's semgrep companion in a configuration
        file: ``name`` and ``value`` are the captured variable and value (read it through
        :func:`claude_lint.rulekit.config_values.config_value`).  Returns the finding's
        message, or None when the value satisfies the policy."""
        return None

    def judge_config_fact(self, fact: ConfigFact, policy: Policy) -> str | None:
        """Called by the runner for a fact a YAML or JSON file states through its structure
        (:mod:`claude_lint.engines.config_files`: a model-catalogue entry, a region beside a
        Claude model id) that belongs to this rule.  Returns the finding's message, or None."""
        return None

    def judges_config(self, policy: Policy) -> bool:
        """Whether :meth:`judge_config` can report anything under ``policy``.  A rule whose
        companion cannot fire under a policy (region-outside-policy under ``residency: any``)
        returns False, and no configuration file becomes a semgrep target for it."""
        return True
