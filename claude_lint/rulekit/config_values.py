"""What a configuration file (``.env``, compose, Helm values, Terraform …) gives a variable, as a
semgrep companion rule captured it: the Python rule's ``judge_config`` reads the value
through :func:`config_value` before judging it against the policy."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Confidence

#: ``${NAME:-default}`` / ``${NAME-default}`` / ``${NAME:=default}`` (compose, shell): the default
_SHELL_DEFAULT = re.compile(r"^\$\{[A-Za-z_]\w*:?[-=](?P<default>.*?)\}?$")
#: references a linter cannot resolve: ``$X``, ``${X}``, ``${{ secrets.X }}``, ``{{ .Values.x }}``,
#: ``%{...}``, ``$(...)``, Terraform ``var.x``/``local.x``
_REFERENCE = re.compile(r"^(?:\$|\{\{|%\{|(?:var|local|module|data)\.)")


def config_value(value: str) -> str | None:
    """The literal a configuration file gives a variable, as a companion rule captured it
    (quotes already stripped): the default of a ``${NAME:-default}`` reference, None for a
    reference to something only known at deploy time (``$X``, ``${{ secrets.X }}``,
    ``{{ .Values.x }}``, ``var.x``) or an empty value."""
    text = value.strip().strip("'\"").strip()
    for _ in range(4):  # ${A:-${B:-x}}
        m = _SHELL_DEFAULT.match(text)
        if not m:
            break
        text = m.group("default").strip().strip("'\"").strip()
    if not text or _REFERENCE.match(text):
        return None
    return text


@dataclass(frozen=True)
class ConfigFact:
    """A Claude fact a YAML or JSON file states through its structure, read by
    :mod:`claude_lint.engines.config_files` and judged by the rule ``rule_id``'s
    ``judge_config_fact``.  ``kind``: ``first-party`` (a model-catalogue entry on Anthropic's
    own API), ``region`` (a region or location of ``platform``: ``bedrock``, ``vertex`` or
    empty when only its shape says), ``bedrock-model`` (a Bedrock Claude model id);
    ``model``: the Claude model id that ties the fact to Claude, when one does."""

    rule_id: str
    kind: str
    name: str
    value: str
    line: int
    column: int
    end_column: int
    platform: str = ""
    model: str = ""
    confidence: Confidence = Confidence.HIGH
    #: the file is one the line-based companion rules read too (YAML): a variable they judge
    #: (``AWS_REGION``, a Bedrock model id) is left to them
    companion_reads: bool = False
    #: where the entry's Claude model id is (line, column; 0 when none): a region of the same
    #: entry is one cause with a finding there (one finding per entry)
    model_line: int = 0
    model_column: int = 0
