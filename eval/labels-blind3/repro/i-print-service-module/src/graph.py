"""Langgraph module reached only from the service entrypoint (Credit-Agent src/graph.py:84-127).
Today print() here is no sink under handles-phi: auto (not service code: "a helper in another
module is not followed"); with handles-phi: true it is reported."""

from langchain_aws import ChatBedrockConverse
from langgraph.graph import END, StateGraph

llm = ChatBedrockConverse(model="eu.anthropic.claude-3-7-sonnet-20250219-v1:0", region_name="eu-central-1")


def agent_node(state: dict) -> dict:
    messages = state["messages"]
    last_msg = messages[-1]
    # ok: prompt-logged
    print(f"last message type: {type(last_msg)}")
    # ruleid: prompt-logged
    print(f"content: {last_msg.content[:200]}")
    # ok: prompt-logged
    print(f"{len(messages)} messages in state")
    return {"messages": [llm.invoke(messages)]}


def build_graph():
    graph = StateGraph(dict)
    graph.add_node("agent", agent_node)
    graph.set_entry_point("agent")
    graph.add_edge("agent", END)
    return graph.compile()
