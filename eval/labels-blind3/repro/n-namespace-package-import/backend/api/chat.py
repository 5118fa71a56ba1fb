from fastapi import APIRouter

router = APIRouter()


@router.post("/chat")
async def chat(body: dict) -> dict:
    from services.agents.node import query_ai

    return await query_ai({"messages": body["messages"]})
