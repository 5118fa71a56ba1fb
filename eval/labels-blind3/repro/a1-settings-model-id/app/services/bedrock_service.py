"""Wrapper whose converse() takes its modelId from the settings module (careguideai bedrock_service.py:70-71).

Today the converse() below is not a Claude request (requests.py needs the model id in this file),
although the region rules and the inventory resolve settings.BEDROCK_MODEL_ID to a Claude id.
"""

import json

import boto3

from app.config import settings


class BedrockService:
    def __init__(self) -> None:
        self._client = boto3.client("bedrock-runtime", region_name=settings.AWS_REGION)

    def invoke(self, system_prompt: str, user_message: str) -> dict:
        response = self._client.converse(
            modelId=settings.BEDROCK_MODEL_ID,
            system=[{"text": system_prompt}],
            messages=[{"role": "user", "content": [{"text": user_message}]}],
        )
        return {"text": response["output"]["message"]["content"][0]["text"]}

    def embed(self, text: str) -> list:
        # look-alike: the settings model id is Titan, not Claude
        response = self._client.invoke_model(modelId=settings.EMBED_MODEL_ID, body=json.dumps({"inputText": text}))
        return json.loads(response["body"].read())["embedding"]


bedrock_service = BedrockService()
