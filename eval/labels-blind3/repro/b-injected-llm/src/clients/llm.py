"""The wrapper class holding the chat model (healthcare_hackathon_2025 backend/src/clients/llm.py:9-19)."""

from langchain_aws import ChatBedrockConverse
from langchain_openai import ChatOpenAI


class LLM:
    def __init__(self) -> None:
        self.llm = ChatBedrockConverse(model="eu.anthropic.claude-sonnet-4-5-20250929-v1:0", region_name="eu-central-1")


class OpenAILLM:
    def __init__(self) -> None:
        self.llm = ChatOpenAI(model="gpt-4o")
