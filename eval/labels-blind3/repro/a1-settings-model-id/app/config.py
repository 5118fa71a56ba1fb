"""Plain settings class (careguideai backend/app/config.py:17-21): defaults through os.getenv."""

import os


class Settings:
    AWS_REGION: str = os.getenv("AWS_REGION", "eu-central-1")
    BEDROCK_MODEL_ID: str = os.getenv("BEDROCK_MODEL_ID", "eu.anthropic.claude-3-haiku-20240307-v1:0")
    EMBED_MODEL_ID: str = os.getenv("EMBED_MODEL_ID", "amazon.titan-embed-text-v2:0")


settings = Settings()
