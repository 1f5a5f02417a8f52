"""Turning prompts into TwiML: <Say> in the caller's language and voice, or <Play> of a recorded
file where one exists for that prompt and language (pure apart from listing the audio folder)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from twilio.twiml import TwiML
from twilio.twiml.voice_response import VoiceResponse

from hotline.ivr.prompts import DEPLOYMENT_PLACEHOLDERS, PROMPTS, placeholders, speak

LANGUAGES = {"id": "id-ID", "en": "en-US"}
AUDIO_SUFFIXES = (".mp3", ".wav")


@dataclass(frozen=True)
class Voice:
    """How prompts are spoken: the TTS voice per language and the recorded files on disk."""

    public_url: str
    voice_id: str
    voice_en: str
    audio: Mapping[str, str]  # "id/welcome" -> "id/welcome.mp3" (relative to the audio folder)

    def voice(self, locale: str) -> str:
        return self.voice_en if locale == "en" else self.voice_id

    def url(self, path: str, **query: Any) -> str:
        from urllib.parse import urlencode

        return f"{self.public_url}{path}" + (f"?{urlencode(query)}" if query else "")


@lru_cache(maxsize=4)
def recorded_prompts(audio_dir: Path) -> dict[str, str]:
    """Recorded files named <locale>/<prompt key>.mp3|.wav, for prompts without placeholders
    (but the deployment's own, such as the operator's name: the recording says it)."""
    found: dict[str, str] = {}
    if not audio_dir.is_dir():
        return found
    for path in sorted(audio_dir.glob("*/*")):
        key = path.stem
        if (
            path.suffix in AUDIO_SUFFIXES
            and key in PROMPTS
            and not placeholders(PROMPTS[key]) - DEPLOYMENT_PLACEHOLDERS
        ):
            found[f"{path.parent.name}/{key}"] = f"{path.parent.name}/{path.name}"
    return found


def add_prompt(
    parent: TwiML, voice: Voice, key: str, locale: str, values: Mapping[str, Any]
) -> None:
    recorded = voice.audio.get(f"{locale}/{key}")
    if recorded is not None:
        parent.play(voice.url(f"/ivr/audio/{recorded}"))
        return
    parent.say(speak(key, locale, values), language=LANGUAGES[locale], voice=voice.voice(locale))


def document(response: VoiceResponse) -> str:
    return str(response.to_xml())
