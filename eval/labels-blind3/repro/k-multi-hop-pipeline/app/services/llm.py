"""Claude wrapper (medgraph services/bedrock_service.py, reduced to what is recognised today)."""

import boto3


class LLMService:
    def __init__(self) -> None:
        self.client = boto3.client("bedrock-runtime", region_name="eu-central-1")

    def invoke(self, system_prompt: str, user_message: str) -> str:
        response = self.client.converse(
            modelId="eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            system=[{"text": system_prompt}],
            messages=[{"role": "user", "content": [{"text": user_message}]}],
        )
        return response["output"]["message"]["content"][0]["text"]
