"""What a Python file's Claude clients tell the configuration files of their repository
(README, "One finding per cause"; ``region-outside-policy``'s docs).

``AWS_REGION=ap-south-1`` in a ``.env`` says where Claude runs only when the repository's
Claude client reads ``AWS_REGION``: a ``BedrockClient`` built with
``region_name=os.getenv("BEDROCK_REGION")`` does not, and every AWS SDK of the application
(S3, Cognito, Comprehend) does. And when the code already names the value the file sets
(``os.getenv("AWS_REGION", "ap-south-1")``, a settings field ``AWS_REGION: str =
"ap-south-1"``), the file's line is the same cause as the code's finding, a related location
of it. So the residency analysis of each Python file hands the run two facts
(``ctx.exports``, kept with the file's cached findings):

* :data:`READS`: the environment variables a Claude client's region is read from — an
  ``os.getenv``/``os.environ`` read or a settings field that reaches the region argument
  (every value that can reach it), the variables a client or wrapper built *without* a
  region reads (boto3's ``AWS_REGION``/``AWS_DEFAULT_REGION`` for a ``bedrock-runtime``
  client without ``region_name``, ``CLOUD_ML_REGION`` for ``AnthropicVertex``, litellm's
  ``AWS_REGION_NAME``/``AWS_REGION`` …); a settings field counts under its own name
  (``Settings.aws_region`` reads ``AWS_REGION``: pydantic's rule, case-insensitive);
* :data:`NAMED`: each residency finding whose value comes from such a variable or field,
  with the value it names: ``[rule id, line, column, [variable names], value]``.

The runner (:class:`ConfigEnv`) judges the configuration files' region variables with
them. Upper-cased names; nothing here is a secret (region strings and model ids)."""

from __future__ import annotations

from typing import Any

from ..analysis import CONSTANT, ENV, ENV_DEFAULT, ValueOrigin
from ..analysis.values import SEVERAL
from ..model import Finding, Related
from .site import MODEL, REGION, REGION_ABSENT, Site

#: ``ctx.exports`` keys
READS = "region-env"
NAMED = "region-values"

#: the rules whose findings a configuration line can join, and the one that reports such lines
CODE_RULES = frozenset({"region-outside-policy", "region-left-to-default"})
CONFIG_RULE = "region-outside-policy"
#: companion rules (rules/region-outside-policy.yaml) whose variables every SDK of a platform
#: reads: judged only when a Claude client of the repository reads the variable, or when the
#: file itself turns on Claude Code on that platform (Claude Code reads AWS_REGION)
READER_GATED = {
    "region-outside-policy--aws-region": "CLAUDE_CODE_USE_BEDROCK",
    "region-outside-policy--vertex-location": "CLAUDE_CODE_USE_VERTEX",
}
CLAUDE_CODE_SWITCHES = tuple(READER_GATED.values())


def names_of(origin: ValueOrigin | None) -> set[str]:
    """The variables (upper-cased) a value is read from: an environment read, or a settings
    field (``Settings.aws_region``, a dotted name: pydantic reads the variable of its name);
    every alternative of a value that can take several."""
    if origin is None:
        return set()
    if origin.source == SEVERAL:
        return {n for alt in origin.alternatives for n in names_of(alt)}
    if origin.source in (ENV, ENV_DEFAULT) and origin.name:
        return {origin.name.upper(), *_field(origin.via)}
    if origin.source == CONSTANT:
        return _field(origin.name)
    return set()


def _field(name: str) -> set[str]:
    """The field of a dotted class or settings name (``Settings.aws_region``, also as another
    module's value names it: ``Settings.aws_region (app/config.py:12)``), upper-cased."""
    name = name.split(" (", 1)[0].strip()
    if "." not in name:
        return set()
    field = name.rsplit(".", 1)[1]
    return {field.upper()} if field.isidentifier() else set()


def record_reads(ctx, sites: list[Site]) -> None:
    """:data:`READS` of a file from its residency sites."""
    names: set[str] = set()
    for site in sites:
        if site.kind == REGION_ABSENT and site.region_input is not None:
            names.update(n.upper() for n in site.region_input.env)
        elif site.kind == REGION:
            names |= names_of(site.value)
    if names:
        ctx.exports[READS] = sorted(names)


def record_named(ctx, site: Site, index: int | None) -> None:
    """:data:`NAMED`: the finding ``ctx.findings[index]`` just reported at ``site``, when its
    value comes from a variable or a settings field."""
    if index is None or site.kind not in (REGION, MODEL) or site.value is None or not site.value.value:
        return
    names = names_of(site.value)
    if not names:
        return
    f = ctx.findings[index]
    entry = [f.rule_id, f.location.line, f.location.column, sorted(names), site.value.value]
    ctx.exports.setdefault(NAMED, []).append(entry)


class ConfigEnv:
    """The facts of one repository's Python files, for its configuration files' findings
    (the runner keeps one per repository root and policy: the files one policy governs)."""

    def __init__(self) -> None:
        #: whether any Python file of the repository handed facts (or was analysed at all: a
        #: ``--diff`` run over a changed ``.env`` alone knows nothing, and judges as before)
        self.known = False
        self.reads: set[str] = set()
        #: (name, value lower-cased) -> the findings naming it: (path, line, column, rule id)
        self.named: dict[tuple[str, str], list[tuple[str, int, int, str]]] = {}
        #: (path, line, column, rule id) of a code finding -> the configuration lines it gains
        self.attached: dict[tuple[str, int, int, str], list[Related]] = {}

    def add(self, display: str, exports: dict[str, Any], analysed: bool) -> None:
        self.known |= analysed
        self.reads.update(exports.get(READS, ()))
        for rule_id, line, column, names, value in exports.get(NAMED, ()):
            for name in names:
                self.named.setdefault((name, str(value).strip().lower()), []).append(
                    (display, int(line), int(column), rule_id)
                )

    def review(self, semgrep_id: str, name: str, value: str | None, text: str, finding: Finding) -> Finding | None:
        """A companion finding of ``region-outside-policy`` in a configuration file, kept,
        or None: the same value as a code finding names from the same variable (then a
        related location of it), or a variable no Claude client of the repository reads."""
        if not self.known or finding.rule_id != CONFIG_RULE:
            return finding
        key = (name.upper(), (value or "").strip().lower())
        switch = READER_GATED.get(semgrep_id)
        # a file that turns on Claude Code configures that program, not the application's client
        claude_code = any(_turns_on(text, s) for s in CLAUDE_CODE_SWITCHES)
        hosts = [h for h in self.named.get(key, ()) if h[3] in CODE_RULES] if value and not claude_code else []
        if hosts:
            for host in hosts:
                self.attached.setdefault(host, []).append(
                    Related(finding.location, f"{name} set to {value!r} here", finding.snippet)
                )
            return None
        if switch is None or name.upper() in self.reads or _turns_on(text, switch):
            return finding
        return None

    def attach(self, findings: list[Finding]) -> list[Finding]:
        """The code findings with the configuration lines :meth:`review` joined to them."""
        if not self.attached:
            return findings
        out = []
        for f in findings:
            more = self.attached.get((f.location.path, f.location.line, f.location.column, f.rule_id))
            if more:
                seen = {(r.location.path, r.location.line) for r in f.related}
                new = tuple(r for r in more if (r.location.path, r.location.line) not in seen)
                f = f.with_(related=(*f.related, *new))
            out.append(f)
        return out


def _turns_on(text: str, switch: str) -> bool:
    """Whether a non-comment line of the file sets ``switch`` (``CLAUDE_CODE_USE_BEDROCK``)."""
    for line in text.splitlines():
        s = line.strip()
        if switch in s and not s.startswith(("#", "//")):
            return True
    return False


__all__ = ["CONFIG_RULE", "NAMED", "READS", "ConfigEnv", "names_of", "record_named", "record_reads"]
