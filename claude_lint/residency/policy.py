"""Judging a place against the policy (``residency: any|us|eu``, ``allowed-regions``) and
saying what would satisfy it.  No ``ast``: the semgrep companion rules call
:func:`region_allowed` with the raw string they captured."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..surface.places import (
    AWS,
    BEDROCK,
    GOOGLE_CLOUD,
    INFERENCE_GEOS,
    RESIDENCY_AREAS,
    VERTEX,
    BedrockModel,
    Place,
    bedrock_model,
    classify,
    normalise,
)

# --------------------------------------------------------------------------- the policy


@dataclass(frozen=True)
class _Pol:
    residency: str
    allowed: tuple[str, ...]


def policy_of(policy: Any) -> _Pol:
    """Accepts a :class:`claude_lint.config.Policy`, a residency string (``"eu"``), or a
    mapping ``{"residency": "eu", "allowed-regions": [...]}`` (for semgrep companions)."""
    if isinstance(policy, str):
        return _Pol(policy, ())
    if isinstance(policy, Mapping):
        allowed = policy.get("allowed-regions", policy.get("allowed_regions", ())) or ()
        return _Pol(str(policy.get("residency", "any")), tuple(normalise(a) for a in allowed))
    return _Pol(
        str(getattr(policy, "residency", "any") or "any"),
        tuple(normalise(a) for a in (getattr(policy, "allowed_regions", ()) or ())),
    )


def residency_of(policy: Any) -> str:
    return policy_of(policy).residency


def place_allowed(place: Place, policy: Any) -> bool:
    """Whether a classified place satisfies the policy.  ``allowed-regions`` (when set)
    replaces the built-in table: the value must be listed exactly (profiles as ``eu.``)."""
    pol = policy_of(policy)
    if pol.residency not in RESIDENCY_AREAS:
        return True
    if pol.allowed:
        return place.value in pol.allowed
    return place.area in RESIDENCY_AREAS[pol.residency]


def region_allowed(value: str, policy: Any) -> bool:
    """Whether a raw string — an AWS region, a Vertex/Google Cloud location, a multi-region,
    or a Bedrock model id (profile prefix and ARN region) — satisfies the policy.

    Strings that are none of these (placeholders such as ``"region"``, ``"${REGION}"``) are
    not judged and return True: the linter does not guess.  ``residency: any`` allows all.
    """
    if policy_of(policy).residency not in RESIDENCY_AREAS:
        return True
    model = bedrock_model(value)
    if model is not None:
        return not model_problems(model, policy)
    place = classify(value)
    return True if place is None else place_allowed(place, policy)


def model_problems(model: BedrockModel, policy: Any) -> list[Place]:
    """The parts of a Bedrock model id that leave the allowed area: its profile prefix
    and the region inside its ARN.  A single-region ``anthropic.…`` id has none (the
    client's region decides)."""
    out = []
    pp = model.profile_place
    if pp is not None and not place_allowed(pp, policy):
        out.append(pp)
    if model.arn_region:
        place = classify(model.arn_region)
        if place is not None and not place_allowed(place, policy):
            out.append(place)
    return out


def geo_allowed(value: str, policy: Any) -> bool | None:
    """Whether an ``inference_geo`` value satisfies the residency; None when the value is
    not one the API defines (``"us"``, ``"global"``) — e.g. ``inference_geo="inference_geo"``
    in a mocked SDK test — which is not judged.  Judged by ``residency`` alone:
    ``allowed-regions`` lists regions, not geographies."""
    pol = policy_of(policy)
    if pol.residency not in RESIDENCY_AREAS:
        return True
    area = INFERENCE_GEOS.get(value)
    if area is None:
        return None
    return area in RESIDENCY_AREAS[pol.residency]


# --------------------------------------------------------------------------- what satisfies it

_EXAMPLES = {
    ("eu", VERTEX): "europe-west4",
    ("eu", GOOGLE_CLOUD): "eu",
    ("eu", BEDROCK): "eu-central-1",
    ("eu", AWS): "eu-central-1",
    ("us", VERTEX): "us-east5",
    ("us", GOOGLE_CLOUD): "us",
    ("us", BEDROCK): "us-east-1",
    ("us", AWS): "us-east-1",
}


def example_region(policy: Any, platform: str) -> str | None:
    """A value of the right shape for ``platform`` that satisfies the policy."""
    pol = policy_of(policy)
    if pol.allowed:
        want = "aws-region" if platform in (BEDROCK, AWS) else "vertex"
        for a in pol.allowed:
            place = classify(a)
            if place is not None and (place.kind == want or (want == "vertex" and place.kind != "aws-region")):
                return a
        return None
    return _EXAMPLES.get((pol.residency, platform))


def satisfying(policy: Any, platform: str, arg: str = "") -> str:
    """What would satisfy the policy on ``platform``, as a clause for a message."""
    pol = policy_of(policy)
    if pol.allowed:
        ex = example_region(policy, platform)
        lead = f"{arg}={ex!r}, " if arg and ex else ""
        return f"use {lead}one of the policy's allowed-regions ({', '.join(pol.allowed)})"
    r = pol.residency
    a = lambda v: f"{arg}={v!r}" if arg else repr(v)  # noqa: E731
    if r == "eu":
        if platform == VERTEX:
            return f"use {a('eu')} or an EU location such as 'europe-west4' (London europe-west2 and Zurich europe-west6 are not EU)"
        if platform == BEDROCK:
            return (
                f"use an EU region such as {a('eu-central-1')} (London eu-west-2 and Zurich eu-central-2 are not EU) "
                "with an eu. profile or a single-region anthropic. model id"
            )
        return (
            "use Claude on Vertex AI (region='eu' or an EU location such as 'europe-west4') or on Bedrock "
            "(an EU aws_region such as 'eu-central-1' with an eu. profile or a single-region anthropic. model id)"
        )
    if r == "us":
        if platform in (VERTEX, GOOGLE_CLOUD):
            return f"use {a('us')} or a US location such as 'us-east5'"
        if platform in (BEDROCK, AWS):
            return f"use a US region such as {a('us-east-1')}" + (
                " with a us. profile or a single-region anthropic. model id" if platform == BEDROCK else ""
            )
        return "pass inference_geo='us'"
    return "no restriction"


def satisfying_model(policy: Any) -> str:
    pol = policy_of(policy)
    if pol.allowed:
        profiles = [a for a in pol.allowed if a.endswith(".")]
        listed = (
            f"a profile listed in allowed-regions ({', '.join(profiles)})"
            if profiles
            else "no profile (none is listed in allowed-regions)"
        )
        return f"use a single-region anthropic.… model id or {listed}"
    if pol.residency == "eu":
        return "use an eu. profile or a single-region anthropic.… model id from an EU region"
    return "use a us. profile or a single-region anthropic.… model id from a US region"


def residency_label(policy: Any) -> str:
    pol = policy_of(policy)
    return f"residency: {pol.residency}" + (" (allowed-regions)" if pol.allowed else "")
