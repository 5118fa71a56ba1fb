"""The model arrives as a constructor parameter from another module and is bound to tools
(healthcare_hackathon_2025 graphs/chatgraph.py:27-92). Today no request is seen here at all.
"""

from langchain_core.messages import SystemMessage, ToolMessage
from langgraph.graph import START, StateGraph
from loguru import logger

TOOLS: dict = {}


class ChatGraph:
    def __init__(self, llm):
        self.llm = llm.bind_tools(list(TOOLS.values()))
        workflow = StateGraph(dict)
        workflow.add_node("supervisor", self.supervisor_agent)
        workflow.add_edge(START, "supervisor")
        self.graph = workflow.compile()

    def supervisor_agent(self, state):
        system = SystemMessage(content=f"You are the patient's medical assistant. Patient history: {state['history']}")
        messages = [system, *state["messages"]]
        # ruleid: phi-without-zdr
        response = self.llm.invoke(messages)
        while response.tool_calls:
            for tool_call in response.tool_calls:
                # ruleid: prompt-logged
                logger.debug(f"Executing tool: {tool_call['name']} with args: {tool_call['args']}")
                result = TOOLS[tool_call["name"]].run(tool_call["args"])
                messages.append(ToolMessage(content=result, tool_call_id=tool_call["id"]))
            response = self.llm.invoke(messages)
        return {"messages": [response]}
