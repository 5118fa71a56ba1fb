"""The router logs the query that the pipeline sends to Claude (medgraph routers/chat.py:110-121)."""

import structlog

from app.pipelines.retrieval import RetrievalPipeline

logger = structlog.get_logger()
_pipeline = None


def get_pipeline() -> RetrievalPipeline:
    global _pipeline
    if _pipeline is None:
        _pipeline = RetrievalPipeline()
    return _pipeline


async def chat(request) -> dict:
    # ruleid: prompt-logged
    logger.info("chat_request", query_preview=request.query[:50])
    # ok: prompt-logged
    logger.info("chat_request", patient=request.patient_id[:8] + "...")
    return await get_pipeline().run(patient_id=request.patient_id, query=request.query)
