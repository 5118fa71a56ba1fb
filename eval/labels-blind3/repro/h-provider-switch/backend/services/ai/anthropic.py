from os import getenv

from langchain_anthropic import ChatAnthropic


def get_llm(max_tokens: int = 6000):
    return ChatAnthropic(model=getenv("ANTHROPIC_MODEL", "claude-sonnet-4-5"), max_tokens=max_tokens)
