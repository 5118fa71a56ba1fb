"""The application root: run from backend/ (uvicorn main:app), so `services.*` is importable."""

from api.chat import router
from fastapi import FastAPI

app = FastAPI()
app.include_router(router)
