"""Provider switch by environment variable (nalamap backend/services/ai/llm_config.py:9-29):
`get_llm` is re-exported from one provider module or another. Today only the last
branch's binding is followed (here xai), so no caller of get_llm() has a Claude request; with
the anthropic branch last, the same code is reported."""

import os

llm_provider = os.getenv("LLM_PROVIDER", "openai").lower()

if llm_provider == "openai":
    from .openai import get_llm
elif llm_provider == "anthropic":
    from .anthropic import get_llm
elif llm_provider == "xai":
    from .xai import get_llm  # noqa: F401
else:
    raise ValueError(f"Unsupported LLM provider: {llm_provider}")
