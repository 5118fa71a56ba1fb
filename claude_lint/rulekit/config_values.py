"""What a configuration file (``.env``, compose, Helm values, Terraform …) gives a variable, as a
semgrep companion rule captured it: the Python rule's ``judge_config`` reads the value
through :func:`config_value` before judging it against the policy."""

from __future__ import annotations

import re

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
