"""Every privacy choice means the same thing, in the same order, everywhere (issue 13, item 8):
the phone menu is checked against hotline/tickets/privacy.py, which the web form (/lapor) and
the operator's form read directly."""

from __future__ import annotations

from hotline.i18n import t
from hotline.ivr.loader import load_flows
from hotline.ivr.prompts import PROMPTS, speak
from hotline.tickets.privacy import ORDER, Privacy, keypad_digit


def test_one_order_and_the_keys_are_the_positions() -> None:
    assert ORDER == (Privacy.PUBLIK, Privacy.ANONIM, Privacy.RAHASIA)
    assert [keypad_digit(p) for p in ORDER] == ["1", "2", "3"]


def test_the_phone_menu_offers_the_levels_in_that_order_with_the_same_promises() -> None:
    state = load_flows().state("new_report.privacy")
    assert {key: opt.set.get("privacy") for key, opt in state.options.items()} == {
        keypad_digit(p): p.value for p in ORDER
    }
    # Every level goes on to the same SMS question: no level promises less than another.
    assert {opt.goto for opt in state.options.values()} == {"new_report.sms_check"}
    assert all(set(opt.set) == {"privacy"} for opt in state.options.values())
    said = [item.key for item in state.say]
    assert said == ["privacy_intro"] + [
        key for p in ORDER for key in (f"privacy_{p.value}", f"privacy_{p.value}_means")
    ]
    for p in ORDER:
        assert PROMPTS[f"privacy_{p.value}_means"] == p.explanation
        for locale in ("id", "en"):
            key_prompt = speak(f"privacy_{p.value}", locale, {})
            assert key_prompt.endswith(f" {keypad_digit(p)}."), key_prompt
            assert speak(f"privacy_{p.value}_means", locale, {}) == t(locale, p.explanation)
