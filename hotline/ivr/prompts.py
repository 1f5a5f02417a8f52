"""What the phone line says: every prompt is a gettext msgid (domain `ivr`) under a stable key.

Flows (ivr_flows/*.yaml) name prompts by key; the msgids are English and the Indonesian catalog
translates every one of them. A `{placeholder}` is filled from the call's variables, each through
the formatter of its name: references and PINs are spoken digit by digit, due dates with Babel in
the caller's language ("Rabu, 25 November 2026"), statuses by their translated label.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from babel.dates import format_date

from hotline.directory.operator import FALLBACK
from hotline.i18n import N_, t
from hotline.tickets.lifecycle import Status
from hotline.tickets.privacy import Privacy

PROMPTS: dict[str, str] = {
    # Main menu
    # {operator}: the government that runs the service (hotline/directory/operator.py).
    "welcome": N_("Welcome to the public complaints hotline of {operator}."),
    "main_menu": N_(
        "To make a new report, press 1. To hear the status of a report, press 2. "
        "To speak to an officer, press 0. Untuk Bahasa Indonesia, tekan 9. "
        "To hear this again, press star."
    ),
    "main_menu_help": N_(
        "Please press one key on your telephone: 1 for a new report, 2 for the status of a "
        "report, 0 for an officer."
    ),
    "no_input": N_("We did not hear your choice."),
    "invalid_key": N_("That key is not one of the choices."),
    "menu_help": N_("Please press one of the keys you heard, or press star to hear them again."),
    "offer_officer": N_(
        "It seems the menu is not working for you. To speak to an officer, press 0. "
        "To leave a recorded message instead, press 1."
    ),
    "offer_message": N_(
        "It seems the menu is not working for you. Our officers are not available now. "
        "To leave a recorded message, press 1."
    ),
    "goodbye": N_("Thank you for calling the complaints hotline. Goodbye."),
    "sorry_error": N_(
        "We are sorry, something went wrong on our side and your request could not be completed. "
        "Please call again later."
    ),
    # New report
    "category_intro": N_("What is your report about?"),
    "category_option": N_("For {category}, press {key}."),
    "category_other": N_("For anything else, press 9."),
    "location_ask": N_(
        "Please say the name of the sub-district, the kecamatan, where the problem is. "
        "Or press 1 to record the location in your own words."
    ),
    "location_help": N_(
        "We did not recognise a kecamatan. Say only its name, for example Kertek, "
        "or press 1 to record the location."
    ),
    "location_heard": N_("We understood: {place}."),
    "location_record": N_(
        "After the tone, say where the problem is: the village, the street and a landmark. "
        "Then press the hash key."
    ),
    # The privacy levels in the order and words of hotline/tickets/privacy.py: the key, then
    # the promise, whose msgid is the one the web form and the operator's form show.
    "privacy_intro": N_("Choose how your report is handled."),
    "privacy_publik": N_("For a public report, press 1."),
    "privacy_publik_means": Privacy.PUBLIK.explanation,
    "privacy_anonim": N_("For an anonymous report, press 2."),
    "privacy_anonim_means": Privacy.ANONIM.explanation,
    "privacy_rahasia": N_("For a confidential report, press 3."),
    "privacy_rahasia_means": Privacy.RAHASIA.explanation,
    "sms_offer": N_(
        "Shall we send your reference number and PIN by text message to the number you are "
        "calling from? For yes, press 1. For no, press 2."
    ),
    "complaint_ask": N_(
        "After the tone, describe the problem in up to two minutes: what happened, since when, "
        "and who is affected. When you have finished, press the hash key."
    ),
    "recording_empty": N_("We did not hear anything."),
    "confirm": N_("To send your report, press 1. To record it again, press 2."),
    "report_received": N_("Thank you. Your report has been received."),
    "reference_pin": N_(
        "Your reference number is {reference}. Your PIN is {pin}. Please write them down."
    ),
    "reference_pin_again": N_("Again: the reference number is {reference}, the PIN is {pin}."),
    "sms_will_follow": N_("You will also receive them by text message."),
    "receipt_menu": N_("To hear them again, press 1. Otherwise you may hang up."),
    # Repeat callers (hotline/ivr/blocklist.py)
    "caller_blocked": N_(
        "We are sorry, we cannot take a new report by phone from this number at the moment."
    ),
    "caller_limited": N_(
        "We have already received several reports from this number today, so we cannot take "
        "another one by phone now. Please call again tomorrow."
    ),
    "officer_number": N_("If you need help, please call our officer at {officer_number}."),
    # Status
    "status_reference": N_(
        "Please enter the reference number of your report, then press the hash key."
    ),
    "status_reference_help": N_(
        "The reference number has ten digits; you find it in the text message we sent you."
    ),
    "status_pin": N_("Now enter your PIN, then press the hash key."),
    "status_not_found": N_("The reference number or the PIN is not right. Please try again."),
    "status_too_many": N_(
        "The reference number or the PIN is not right. For help, call again and speak to an "
        "officer."
    ),
    "status_locked": N_(
        "Too many wrong PINs were entered for this report. Please try again in {minutes} minutes."
    ),
    "status_report": N_("Report {reference}: the status is {status}."),
    "status_agency": N_("It is handled by {agency}."),
    # Which deadline it is, never just "the answer is due": the verification deadline is the
    # complaints unit's, not the agency's answer.
    "status_due_verification": N_(
        "The complaints unit will verify your report by {due}. The agency's deadline to answer "
        "starts after that."
    ),
    "status_due_first_response": N_("The agency must respond to your report by {due}."),
    "status_due_resolution": N_("The agency must resolve your report by {due}."),
    "status_answer": N_("The latest answer: {answer}"),
    "status_menu": N_(
        "To add information by recording, press 1. To speak to an officer, press 0. "
        "To hear this again, press star."
    ),
    # The satisfaction survey (IKM, PermenPAN-RB 14/2017), offered for a resolved report.
    "survey_offer": N_("To rate our service in nine short questions, press 2."),
    "survey_intro": N_(
        "For each question, press a key from 1, the lowest, to 4, the highest. "
        "If a question does not apply to you, press 9."
    ),
    "survey_u1": N_(
        "Requirements. Were the requirements for reporting suitable? Press 1 not suitable, "
        "2 less suitable, 3 suitable, 4 very suitable."
    ),
    "survey_u2": N_(
        "Procedure. How easy was it, from reporting to the answer? Press 1 not easy, "
        "2 less easy, 3 easy, 4 very easy."
    ),
    "survey_u3": N_(
        "Completion time. How fast was your report resolved? Press 1 not fast, 2 less fast, "
        "3 fast, 4 very fast."
    ),
    "survey_u4": N_(
        "Costs. The hotline is free; if you were asked to pay, how much? Press 1 very "
        "expensive, 2 expensive, 3 cheap, 4 free, or 9 if it does not apply."
    ),
    "survey_u5": N_(
        "Service product. Did the answer match what the service promises? Press 1 not "
        "suitable, 2 less suitable, 3 suitable, 4 very suitable."
    ),
    "survey_u6": N_(
        "Staff competence. How competent were the officers? Press 1 not competent, "
        "2 less competent, 3 competent, 4 very competent."
    ),
    "survey_u7": N_(
        "Staff behaviour. How polite were the officers? Press 1 not polite, 2 less polite, "
        "3 polite, 4 very polite."
    ),
    "survey_u8": N_(
        "Handling of complaints. How well was your complaint followed up? Press 1 not "
        "handled, 2 handled but not followed up, 3 followed up, 4 handled well."
    ),
    "survey_u9": N_(
        "Facilities. How good were the website, the phone line and the messages? Press 1 "
        "poor, 2 fair, 3 good, 4 very good."
    ),
    "survey_thanks": N_("Thank you. Your answers were recorded."),
    "survey_closed": N_("This report's survey is not open, or was already answered."),
    "survey_empty": N_("No answer was recorded."),
    "add_info_ask": N_(
        "After the tone, say the information you want to add. When you have finished, "
        "press the hash key."
    ),
    "add_info_thanks": N_("Thank you. Your information has been added to the report."),
    # Officer queue
    "officer_closed": N_(
        "Our officers answer calls in working hours: {hours}, except public holidays."
    ),
    "message_offer": N_("To leave a recorded message that we handle as a report, press 1."),
    # Said before the caller is queued, only when the line records the conversations
    # (HOTLINE_IVR_RECORD_CONVERSATIONS; the call variable `recorded`).
    "recording_notice": N_("This call is recorded to improve our service."),
    "queue_enter": N_("Please hold. We connect you to the next available officer."),
    "queue_position": N_(
        "You are number {position} in the queue. The expected wait is about {minutes} minutes."
    ),
    "queue_hold": N_("Thank you for waiting. An officer will be with you shortly."),
    "queue_timeout": N_("We are sorry, all our officers are still busy."),
    "queue_retry": N_("To keep waiting, press 0."),
    "queue_connecting": N_("You are now connected to an officer."),
    "message_ask": N_(
        "After the tone, leave your message: say what the problem is and where. "
        "When you have finished, press the hash key."
    ),
    "message_received": N_("Thank you. Your message has been received as a report."),
    # Agent line
    "agent_pin": N_("Hotline agent line. Enter your agent PIN, then press the hash key."),
    "agent_pin_wrong": N_("That PIN is not valid."),
    "agent_whisper": N_("Next caller: {language}."),
    "agent_whisper_reference": N_("The caller entered report {reference}."),
    "agent_queue_empty": N_("Nobody is waiting. We connect you to the next caller."),
    "agent_done": N_("The call has ended. To take the next caller, press 1."),
    "language_id": N_("Indonesian"),
    "language_en": N_("English"),
    # Database unreachable: said without the database, so it must never need it.
    "down_apology": N_(
        "We are sorry, our system has a disturbance right now. Please leave your message "
        "after the tone: say what the problem is and where. We will process it as a report."
    ),
    "down_thanks": N_(
        "Thank you, your message is saved. We will process it as a report; if you asked for a "
        "text message earlier in this call, the reference number follows by text message."
    ),
}


def spoken_digits(value: Any) -> str:
    """A number said digit by digit ("2 6 0 0"): references, PINs, phone numbers."""
    return " ".join(str(value))


def _digits(value: Any, locale: str) -> str:
    return spoken_digits(value)


def _date(value: Any, locale: str) -> str:
    day = value if isinstance(value, date) else datetime.fromisoformat(str(value)).date()
    return format_date(day, "EEEE, d MMMM y", locale=locale)


def _status(value: Any, locale: str) -> str:
    try:
        return t(locale, Status(str(value)).label)
    except ValueError:
        return str(value)


def _language(value: Any, locale: str) -> str:
    key = "language_en" if value == "en" else "language_id"
    return t(locale, PROMPTS[key])


def _text(value: Any, locale: str) -> str:
    return str(value)


def _operator(value: Any, locale: str) -> str:
    # Nothing configured: "the regency government", as the line said before.
    return str(value) if value else FALLBACK.name(locale)


# Every placeholder a prompt may use, and how its value is spoken.
FORMATTERS: Mapping[str, Callable[[Any, str], str]] = {
    "reference": _digits,
    "pin": _digits,
    "key": _text,
    "due": _date,
    "status": _status,
    "language": _language,
    "agency": _text,
    "answer": _text,
    "category": _text,
    "place": _text,
    "position": _text,
    "minutes": _text,
    "hours": _text,
    "officer_number": _digits,
    "operator": _operator,
}


# Placeholders whose value is the same on every call of a deployment: a prompt with only these
# may still be recorded (a recorded welcome says the operator's name itself).
DEPLOYMENT_PLACEHOLDERS = frozenset({"operator"})


def placeholders(msgid: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(msgid) if name}


def speak(key: str, locale: str, values: Mapping[str, Any]) -> str:
    """The text of prompt `key` in `locale`, its placeholders filled from `values`."""
    msgid = PROMPTS[key]
    params = {name: FORMATTERS[name](values.get(name, ""), locale) for name in placeholders(msgid)}
    return t(locale, msgid, **params)
