"""Bedrock wrapper that never names the model family: its bytes hold neither of the needles of the
bytes prefilter (runner._needles), and stage 2 admits a file only when it imports a client, helper
or factory, not a settings object - so this file is never analysed. No blind3 label depends on it
(their wrappers mention the model in comments); adding that word to this docstring makes both
lines below reported (region-outside-policy)."""

import boto3

from app.config import settings


class LLM:
    def __init__(self):
        # ruleid: region-outside-policy
        self.client = boto3.client("bedrock-runtime", region_name=settings.aws_region)

    def invoke(self, text: str) -> str:
        response = self.client.converse(
            # ruleid: region-outside-policy
            modelId=settings.bedrock_model_id,
            messages=[{"role": "user", "content": [{"text": text}]}],
        )
        return response["output"]["message"]["content"][0]["text"]
