"""The phone line: a Twilio IVR whose flows are data (ivr_flows/*.yaml), interpreted here."""
