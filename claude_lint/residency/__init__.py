"""Where inference runs: the rule-family code behind the five residency rules, and the
functions that judge a value against the policy (``residency: any|us|eu``, ``allowed-regions``).

* :mod:`claude_lint.surface.places` — the tables and string classification (no ``ast``);
* :mod:`.policy` — judging a place against the policy; the semgrep companion rules that
  check configuration files (``CLOUD_ML_REGION=…`` in ``.env``, a Bedrock model id in YAML)
  call :func:`region_allowed` with the raw string they captured;
* :mod:`.sites` — every place of a Python file that decides where a Claude request runs
  (read through :mod:`claude_lint.analysis`), each with its owning call; each rule judges
  the sites it owns; the analysis runs once per file;
* :mod:`.site` — the Site record and the site kinds;
* :mod:`.wrapper_sites` — the sites of wrapper libraries as written in the wild (legacy
  langchain paths, `init_chat_model`, Bedrock agents, legacy dspy);
* :mod:`.judge` — what the rules say about a site.

Facts (DESIGN §1, claude-surface §2, §5, §7, §10):

* The first-party API takes ``inference_geo`` = ``"us"`` or ``"global"`` only — it has no EU
  value, so under ``residency: eu`` a first-party (or Foundry) client cannot satisfy the
  policy (``eu-residency-unavailable``).
* EU residency is visible in code only on Vertex (``region="eu"`` or an EU ``europe-*``
  location) and on Bedrock (an EU ``aws_region`` *and* a model id that is single-region
  ``anthropic.…`` or ``eu.``-profiled; the profile prefix decides routing).
* London (``eu-west-2``, ``europe-west2``) and Zurich (``eu-central-2``, ``europe-west6``) are
  in Europe but not in the EU.  The ``eu.`` Bedrock profile may route to them; it is accepted
  under ``residency: eu`` because it is the provider's EU geography — a contract that forbids
  the UK and Switzerland lists ``allowed-regions`` instead.
"""

from ..surface.places import (  # noqa: F401  (the residency rules read the tables through this package)
    AWS,
    AWS_REGIONS,
    BEDROCK,
    BEDROCK_PROFILES,
    CH,
    CLIENT_REGIONS,
    EU,
    FIRST_PARTY,
    FIRST_PARTY_URL,
    FOUNDRY,
    GLOBAL,
    GOOGLE_CLOUD,
    INFERENCE_GEOS,
    OTHER,
    RESIDENCY_AREAS,
    UK,
    URL_HINT,
    US,
    VERTEX,
    VERTEX_LOCATIONS,
    WRAPPER_REGIONS,
    BedrockModel,
    Place,
    RegionInput,
    UrlRegion,
    bedrock_model,
    classify,
    client_region_input,
    model_route,
    normalise,
    url_region,
)
from .judge import (  # noqa: F401
    active_residency,
    alternatives_text,
    candidates,
    decided_by_profiles,
    eu_profile_note,
    fix_arg,
    judged,
    not_determined,
    offending_place,
    origin_text,
    pinned_by_profiles,
    place_text,
    subject,
    value_text,
)
from .policy import (  # noqa: F401
    example_region,
    geo_allowed,
    model_problems,
    place_allowed,
    policy_of,
    region_allowed,
    residency_label,
    residency_of,
    satisfying,
    satisfying_model,
)
from .site import (  # noqa: F401
    CLIENT,
    GEO,
    GEO_MISSING,
    MODEL,
    REGION,
    REGION_ABSENT,
    Site,
)
from .sites import (  # noqa: F401
    SiteCollector,
    batch_elements,
    geo_status,
    line_of,
    report,
    sites,
)
