from langchain_anthropic import ChatAnthropic

from ai_agent.tools.get_patient_summary import get_patient_summary

model_with_tools = ChatAnthropic(model="claude-sonnet-4-5").bind_tools([get_patient_summary])


async def call_llm(state: dict) -> dict:
    # (AF-1 itself is recovered by the YAML-instructions pattern, e-health-instructions; not asserted here)
    return {"messages": [await model_with_tools.ainvoke(state["messages"])]}
