"""Bedrock AgentCore runtime entrypoint (Credit-Agent app.py:2, 19-20, 89): a service, whose graph
module is imported inside the handler."""

from bedrock_agentcore import BedrockAgentCoreApp
from langchain_core.messages import HumanMessage

app = BedrockAgentCoreApp()


@app.entrypoint
async def invoke(payload: dict, context=None) -> dict:
    from src.graph import build_graph

    text = f"[DNI: {payload['dni']}] [Email: {payload['email']}] {payload['prompt']}"
    result = await build_graph().ainvoke({"messages": [HumanMessage(content=text)]})
    return {"result": result["messages"][-1].content}


if __name__ == "__main__":
    app.run()
