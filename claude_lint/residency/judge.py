"""Judging residency sites: which the policy judges, which place offends it, and the words of
the findings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..analysis import (
    ENV,
    ENV_DEFAULT,
    ENV_SET,
    LITERAL,
    UNKNOWN,
    ValueOrigin,
)
from ..analysis.values import ATTRIBUTE, PARAMETER, SEVERAL
from ..surface.places import (
    BEDROCK,
    RESIDENCY_AREAS,
    BedrockModel,
    Place,
    bedrock_model,
    classify,
)
from .policy import model_problems, place_allowed, residency_of
from .site import Site
from .sites import line_of

# --------------------------------------------------------------------------- judging sites


def active_residency(policy: Any) -> str | None:
    """``"us"`` or ``"eu"`` when the residency rules apply, else None (``residency: any``)."""
    r = residency_of(policy)
    return r if r in RESIDENCY_AREAS else None


def judged(site: Site, policy: Any) -> bool:
    """Whether a non-client site is judged at all: under ``residency: eu`` a first-party or
    Foundry client is reported once by eu-residency-unavailable and nothing else."""
    r = active_residency(policy)
    return r is not None and not (r == "eu" and site.first_party)


def offending_place(site: Site, policy: Any) -> Place | None:
    """The classified value of a REGION site when it lies outside the policy."""
    if site.value is None or site.value.value is None:
        return None
    place = classify(site.value.value)
    if place is None or place_allowed(place, policy):
        return None
    return place


def place_text(place: Place) -> str:
    if place.kind == "bedrock-profile":
        return (
            f"the {place.value} cross-region profile, which routes to {place.label}"
            if place.label
            else f"the {place.value} cross-region profile"
        )
    if not place.area:
        return f"{place.value}, a region the built-in table does not list (add it to allowed-regions if it is allowed)"
    return place.describe()


def pinned_by_profiles(site: Site, policy: Any) -> bool:
    """Whether a Bedrock client's region cannot move its Claude requests outside the policy:
    every model id used through it (at least one) is a cross-region profile inside the
    policy (``us.`` under ``residency: us``, ``eu.`` under ``eu``).  A profile can be invoked
    only from a source region of its own geography, so from any other region the call fails
    rather than leave it; the region need not be pinned.  A single-region ``anthropic.…``
    id follows the client's region and does not count."""
    if site.platform != BEDROCK or "Mantle" in site.client or not site.models:
        return False
    for m in site.models:
        model = bedrock_model(m)
        if model is None or model.profile is None or model_problems(model, policy):
            return False
    return True


def decided_by_profiles(site: Site) -> bool:
    """Whether every Claude model id used through a Bedrock client (at least one) is a
    cross-region profile (``us.``, ``eu.``, ``apac.``, ``global.``): the profile, not the
    client's region, then decides the geography — inside the policy nothing can move it out
    (:func:`pinned_by_profiles`), outside it ``region-outside-policy`` reports the model id,
    the one place to change (one finding per cause)."""
    if site.platform != BEDROCK or "Mantle" in site.client or not site.models:
        return False
    for m in site.models:
        model = bedrock_model(m)
        if model is None or model.profile is None:
            return False
    return True


def eu_profile_note(site: Site, policy: Any) -> str:
    """For a Bedrock client outside the EU whose requests use eu. profiles: such calls fail
    (an eu. profile can only be invoked from an EU source region) — no data leaves the EU."""
    if active_residency(policy) != "eu" or site.platform != BEDROCK:
        return ""
    if any((bedrock_model(m) or BedrockModel(m, None)).profile == "eu" for m in site.models):
        return " (the eu. model ids it calls cannot be invoked from this region: those calls fail rather than leave the EU)"
    return ""


def subject(site: Site) -> str:
    """``AnthropicVertex region``, ``litellm.completion aws_region_name``, ``raw Bedrock URL``."""
    return f"{site.client} {site.arg}" if site.arg else site.client


def fix_arg(site: Site) -> str:
    """The argument a fix should name (none when the value sits inside a URL or a model string)."""
    return "" if site.where or not site.arg.isidentifier() else site.arg


def origin_text(o: ValueOrigin, lines) -> str:
    """Where a value came from, as a short parenthetical: ``a literal``, ``the constant X (line 3)``."""
    line = f" (line {lines(o.def_node)})" if o.def_node is not None else ""
    return {
        LITERAL: "a literal",
        "constant": f"the constant {o.name}{line}",
        "variable": f"the variable {o.name}{line}",
        "expression": "built from constants",
        ENV_DEFAULT: f"the default of the environment variable {o.name}",
        ENV_SET: f"written to the environment variable {o.name}{line}",
        ENV: f"the environment variable {o.name}",
        PARAMETER: f"given to the parameter {o.name}{line}",
        ATTRIBUTE: f"held in {o.name}{line}",
    }.get(o.source, "an unknown source")


def value_text(site: Site, ctx) -> str:
    """``is the literal 'x'`` / ``is 'x' from the constant X (line 3)`` / ``names 'x' in its
    base_url (a literal)`` — the verb included, so messages read naturally."""
    if site.value is None:
        return ""
    if site.where.startswith("in "):  # the value is part of a URL or model string
        where = "" if site.arg == "" else f" {site.where}"
        return f"names {site.value.value!r}{where} ({origin_text(site.value, line_of(ctx))})"
    text = "is " + site.value.describe(line_of(ctx))
    return f"{text} {site.where}" if site.where else text


# --------------------------------------------------------------------------- several values


def candidates(site: Site) -> list[Site]:
    """The site once per value that can reach it: a :data:`SEVERAL` value (a variable assigned
    in branches, a region list, a parameter's default and call-site arguments) gives one site
    per alternative, each judged like a single value; any other site is itself."""
    o = site.value
    if o is None or o.source != SEVERAL:
        return [site]
    return [replace(site, value=a) for a in o.alternatives if a.value is not None or a.source == ENV]


def alternatives_text(site: Site, chosen: Site) -> str:
    """``, one of 2 values that can reach it ('us-east-1', 'eu-west-1')`` for a value judged
    among several; empty for a single value."""
    o = site.value
    if o is None or o.source != SEVERAL or chosen is site:
        return ""
    shown = [repr(a.value) if a.value is not None else "a value the code does not show" for a in o.alternatives]
    return f", one of {len(shown)} values that can reach it ({', '.join(shown)})"


def not_determined(site: Site) -> bool:
    """Whether nothing can be known of a site's value: an :data:`UNKNOWN` value (a parameter
    with no default and no call site in the file, an object built elsewhere) or several values
    none of which the file shows."""
    o = site.value
    if o is None:
        return False
    if o.source == UNKNOWN:
        return True
    return o.source == SEVERAL and all(a.value is None and a.source != ENV for a in o.alternatives)
