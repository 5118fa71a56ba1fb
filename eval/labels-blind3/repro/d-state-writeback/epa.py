"""A langgraph node that writes its result back into the state parameter and returns it
(healthcare_hackathon_2025 graphs/epa.py:43-59). The write `state["summary"] = ...` makes the
parameter count as built in this function, so it is no longer content of unknown origin and the
context heuristic stays silent. The same node returning a new dict is reported today.
"""

from langchain_aws import ChatBedrockConverse
from langchain_core.messages import SystemMessage

llm = ChatBedrockConverse(model="eu.anthropic.claude-sonnet-4-5-20250929-v1:0", region_name="eu-central-1")
PROMPT = "You are a clinical summary assistant. Read the full electronic patient record below.\n\n[Data]\n"


def summary_agent(state):
    epa = state["epa"]
    # ruleid: phi-without-zdr
    response = llm.invoke([SystemMessage(content=PROMPT + epa)])
    state["summary"] = response.content
    return state


def title_agent(state):
    # ok: phi-without-zdr
    response = llm.invoke(
        [SystemMessage(content="You are a clinical summary assistant. Suggest a title for a patient record viewer.")]
    )
    state["title"] = response.content
    return state
