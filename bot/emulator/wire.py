"""The wire side of the emulator: how a Bot API request's parameters are read."""

from __future__ import annotations

import json

from aiohttp import web

from .models import JsonDict, UploadedFile, bad_request

# Parameters PTB sends as JSON-encoded strings inside form bodies.
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "media",
    }
)


async def read_params(request: web.Request) -> JsonDict:
    """Query string plus a urlencoded, multipart or JSON body; JSON-typed fields decoded."""
    params: JsonDict = dict(request.query)
    if request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON object expected as request body")
            params.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = UploadedFile(
                        value.filename, value.file.read(), value.content_type
                    )
                elif isinstance(value, bytes | bytearray):
                    params[key] = bytes(value).decode("utf-8")
                else:
                    params[key] = value
    for key in JSON_PARAMS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                raise bad_request(f"can't parse {key} JSON object") from None
    return params


def update_type(update: JsonDict) -> str:
    return next((key for key in update if key != "update_id"), "")


def chat_id_of(params: JsonDict) -> int | None:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


def number_param(params: JsonDict, key: str, default: int) -> int:
    try:
        return int(params.get(key, default))
    except (TypeError, ValueError):
        raise bad_request(f"wrong parameter {key} in request") from None


def flag_param(params: JsonDict, key: str) -> bool:
    return params.get(key) in (True, "true", "True", "1", 1)
