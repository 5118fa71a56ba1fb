"""prompt-logged does not follow list.append into a request's content (medgraph routers/vaidya.py:77-86
with the log at :278; healthcare_hackathon_2025 graphs/chatgraph.py:89-92, dietgraph.py:108-111).
phi-without-zdr does follow it. The same code with a list display (`messages = [{...}]`) is reported.
"""

import boto3
import structlog
from langchain_aws import ChatBedrockConverse
from langchain_core.messages import ToolMessage

logger = structlog.get_logger()
llm = ChatBedrockConverse(model="eu.anthropic.claude-sonnet-4-5-20250929-v1:0", region_name="eu-central-1")
TOOLS: dict = {}


class GuideLLM:
    def __init__(self) -> None:
        self.client = boto3.client("bedrock-runtime", region_name="eu-central-1")

    def invoke(self, user_message: str, history: list) -> dict:
        messages = []
        for turn in history:
            messages.append({"role": turn["role"], "content": [{"text": turn["content"]}]})
        messages.append({"role": "user", "content": [{"text": user_message}]})
        response = self.client.converse(modelId="eu.anthropic.claude-3-7-sonnet-20250219-v1:0", messages=messages)
        return {"text": response["output"]["message"]["content"][0]["text"]}


def guide_chat(body) -> dict:
    result = GuideLLM().invoke(user_message=body.message, history=[])
    if not result["text"]:
        # ruleid: prompt-logged
        logger.warning("guardrail_blocked", query_preview=body.message[:80])
        # ok: prompt-logged
        logger.warning("guardrail_blocked", query_length=len(body.message))
    return result


def agent(state) -> dict:
    messages = list(state["messages"])
    for tool_call in state["tool_calls"]:
        result = TOOLS[tool_call["name"]].run(tool_call["args"])
        # ruleid: prompt-logged
        logger.debug(f"Tool result: {result}")
        messages.append(ToolMessage(content=result, tool_call_id=tool_call["id"]))
        audit = []
        # ok: prompt-logged
        logger.debug(f"Audit entries: {len(audit)}")
        audit.append(result)
    return {"messages": [llm.invoke(messages)]}
