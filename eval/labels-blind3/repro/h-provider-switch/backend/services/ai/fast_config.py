"""Look-alike: a switch none of whose branches is Claude."""

import os

if os.getenv("FAST_PROVIDER", "openai") == "openai":
    from .openai import get_llm
else:
    from .xai import get_llm  # noqa: F401
