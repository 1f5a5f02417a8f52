"""Staff roles."""

from __future__ import annotations

from hotline.choices import Choice
from hotline.i18n import N_


class Role(Choice):
    # The central unit: verifies, redacts, dispatches.
    VERIFIKATOR = "verifikator", N_("Verifier (central unit)")
    PETUGAS = "petugas", N_("Agency officer")
    SUPERVISOR = "supervisor", N_("Supervisor")  # agency head / supervisor
    OPERATOR = "operator", N_("Call agent")
    ADMIN = "admin", N_("Administrator")
    # Runs the call centre: its reports and wallboard (hotline/callcentre/).
    KOORDINATOR = "koordinator", N_("Call-centre coordinator")
    # Scores the call agents' conversations (hotline/callcentre/quality/).
    PENILAI = "penilai", N_("Call evaluator")


# Roles whose work is inside one agency; they must belong to one.
AGENCY_ROLES = frozenset({Role.PETUGAS, Role.SUPERVISOR})
