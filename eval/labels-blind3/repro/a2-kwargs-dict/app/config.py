"""pydantic-settings (voice-of-care-asha backend/app/config.py:24; medgraph config.py:12-18)."""

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    AWS_REGION: str = "ap-south-1"
    GUARDRAIL_ID: str = ""


settings = Settings()
