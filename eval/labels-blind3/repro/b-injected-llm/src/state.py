"""Composition root in a third module (healthcare_hackathon_2025 backend/src/state.py:9-13)."""

from .clients.llm import LLM, OpenAILLM
from .graphs.chatgraph import ChatGraph
from .graphs.triagegraph import TriageGraph

llm = LLM()
graph = ChatGraph(llm.llm)
triage_graph = TriageGraph(OpenAILLM().llm)
