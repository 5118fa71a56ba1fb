"""Claude on Bedrock; settings = get_settings() inside __init__ (medgraph bedrock_service.py:41-46, routers/vaidya.py:45-47).

Today neither the region nor the model id is resolved through the cached factory call; with a
module-level `from app.config import settings` the same code is reported (region-outside-policy on
both lines).
"""

import boto3

from app.config import get_settings


class ClinicalLLM:
    def __init__(self) -> None:
        settings = get_settings()
        # ruleid: region-outside-policy (region-left-to-default also right: Field(env=...) default)
        self.client = boto3.client("bedrock-runtime", region_name=settings.aws_region)
        self.model_id = settings.bedrock_model_id

    def invoke(self, user_message: str) -> str:
        response = self.client.converse(
            # ruleid: region-outside-policy
            modelId=self.model_id,
            messages=[{"role": "user", "content": [{"text": user_message}]}],
        )
        return response["output"]["message"]["content"][0]["text"]


class EuLLM:
    def __init__(self) -> None:
        settings = get_settings()
        # ok: region-outside-policy
        self.client = boto3.client("bedrock-runtime", region_name=settings.eu_region)
        self.model_id = settings.eu_model_id

    def invoke(self, user_message: str) -> str:
        response = self.client.converse(
            # ok: region-outside-policy
            modelId=self.model_id,
            messages=[{"role": "user", "content": [{"text": user_message}]}],
        )
        return response["output"]["message"]["content"][0]["text"]
