"""FastAPI's documented settings pattern (medgraph backend/app/config.py:10-18, 73-75)."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    aws_region: str = Field(default="us-east-1", env="AWS_REGION")
    bedrock_model_id: str = Field(default="us.anthropic.claude-sonnet-4-6", env="BEDROCK_MODEL_ID")
    eu_region: str = Field(default="eu-central-1", env="EU_REGION")
    eu_model_id: str = Field(default="eu.anthropic.claude-sonnet-4-6", env="EU_MODEL_ID")


@lru_cache
def get_settings() -> Settings:
    return Settings()
