"""Look-alike: same shape, but every call site passes an OpenAI model."""

from langchain_core.messages import SystemMessage
from loguru import logger


class TriageGraph:
    def __init__(self, llm):
        self.llm = llm

    def triage(self, state):
        system = SystemMessage(content=f"You are the patient's medical assistant. Patient history: {state['history']}")
        # ok: phi-without-zdr
        response = self.llm.invoke([system])
        # ok: prompt-logged
        logger.debug(f"Triage reply: {response.content}")
        return response
