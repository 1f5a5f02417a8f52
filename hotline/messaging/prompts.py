"""What the chat flows write: every prompt is a gettext msgid (domain `messaging`) under a stable
key, as the phone line's prompts are (hotline/ivr/prompts.py). Flows name prompts by key; a
`{placeholder}` is filled from the conversation's variables and the facts an action returned.
"""

from __future__ import annotations

import string

from hotline.i18n import N_

PROMPTS: dict[str, str] = {
    # Main menu
    "welcome": N_("Welcome to the public complaints service of {operator}."),
    "main_menu": N_(
        "Reply 1 to make a new report, 2 for the status of a report, 3 to add information to "
        "a report. Or simply write what the problem is. Balas 9 untuk Bahasa Indonesia."
    ),
    "not_understood": N_("Sorry, we did not understand that."),
    "goodbye": N_("Thank you. Write to us again at any time."),
    "sorry_error": N_("We are sorry, something went wrong on our side. Please write again later."),
    "sorry_later": N_(
        "We received your message but cannot answer it right now. We will reply shortly."
    ),
    "language_set": N_("We will write to you in English."),
    "blocked": N_(
        "This number may not make reports by message at the moment. Please call the hotline."
    ),
    # New report
    "describe_ask": N_(
        "Please describe the problem in a few words (at least 10 letters), or send a voice note. "
        "You may add a photo."
    ),
    "describe_help": N_("Write what happened, for example: a pothole in front of Kertek market."),
    "category_intro": N_("What is your report about? Reply with a number:"),
    "category_option": N_("{key}. {category}"),
    "category_other": N_("9. Something else"),
    "location_ask": N_(
        "Where is the problem? Write the place (street, village, kecamatan) or send a location pin."
    ),
    "location_help": N_("Write the name of the place, or share your location."),
    "photo_ask": N_("Send a photo of the problem if you have one, or reply 0 to go on without."),
    "photo_help": N_("Send a photo, or reply 0."),
    "privacy_ask": N_(
        "Who may see your report? Reply 1: public (the agency sees who reported). "
        "2: anonymous (nobody sees who you are). 3: confidential (never published)."
    ),
    "sms_ask": N_(
        "May we also send you news of your report by SMS (when a message cannot reach you "
        "otherwise)? Reply 1 for yes, 2 for no."
    ),
    # Read back before sending, as the phone line plays the recording back: the citizen sees
    # what the agency will read.
    "confirm_summary": N_('Your report: "{description}"'),
    "confirm_ask": N_("Reply 1 to send your report, or 2 to cancel it."),
    "report_cancelled": N_("Your report was cancelled; nothing was sent."),
    "report_filed": N_(
        "Your report has been received. Its reference number is {reference} and your PIN is "
        "{pin}. Keep them to follow your report: write STATUS {reference} {pin}."
    ),
    "report_failed": N_("We could not save your report. Please try again later."),
    "media_refused": N_(
        "We can only keep photos (JPEG, PNG) and voice notes, of at most {megabytes} MB."
    ),
    # Status
    "status_reference_ask": N_("Please write the 10-digit reference number of your report."),
    "status_pin_ask": N_("Please write the 6-digit PIN of your report."),
    "status_digits_help": N_("Write only the digits, please."),
    "status_found": N_("Report {reference}: {status}."),
    "status_answer": N_("Latest answer: {answer}"),
    "status_not_found": N_(
        "We found no report with that reference and PIN. Please check them and try again."
    ),
    "status_locked": N_("Too many wrong attempts. Please try again in {minutes} minutes."),
    # Information the reporter adds (asked for or not)
    "info_ask": N_("Write what you want to add to your report, or send a photo or a voice note."),
    "info_closed": N_("Report {reference} is closed; nothing can be added to it."),
    "info_added": N_(
        "Thank you. We added your message to report {reference}; the officer will read it."
    ),
    # Opting out and back in (every channel)
    "stopped": N_("You will receive no more messages from us. Reply START to receive them again."),
    "started": N_("You will receive our messages again. Reply STOP to stop them."),
    "media_only": N_("(a photo or voice note, attached)"),
    "too_many": N_("You are sending too many messages. Please wait a few minutes."),
}

# The prompts the code writes by itself, whatever the flows say.
ENGINE_PROMPTS = (
    "not_understood",
    "sorry_error",
    "stopped",
    "started",
    "too_many",
    "blocked",
    "media_refused",
    "info_added",
    "status_found",
    "status_answer",
    "status_not_found",
    "status_locked",
    "category_option",
    "media_only",
    "sorry_later",
)


def placeholders(msgid: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(msgid) if name}
