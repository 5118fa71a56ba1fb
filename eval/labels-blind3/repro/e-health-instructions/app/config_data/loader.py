"""YAML prompt loader (agentforge ai_agent/config_data/loader.py)."""

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel


class Prompts(BaseModel):
    agent_system_prompt: str
    faq_system_prompt: str


@lru_cache
def get_prompts() -> Prompts:
    return Prompts(**yaml.safe_load((Path(__file__).parent / "prompts.yaml").read_text()))
