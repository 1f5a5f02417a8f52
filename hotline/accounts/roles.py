"""Staff roles."""

from __future__ import annotations

from enum import StrEnum

from hotline.i18n import N_


class Role(StrEnum):
    VERIFIKATOR = "verifikator"  # central unit: verifies, redacts, dispatches
    PETUGAS = "petugas"  # agency officer
    SUPERVISOR = "supervisor"  # agency head / supervisor
    OPERATOR = "operator"  # call agent
    ADMIN = "admin"


ROLE_LABELS = {
    Role.VERIFIKATOR: N_("Verifier (central unit)"),
    Role.PETUGAS: N_("Agency officer"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.OPERATOR: N_("Call agent"),
    Role.ADMIN: N_("Administrator"),
}

# Roles whose work is inside one agency; they must belong to one.
AGENCY_ROLES = frozenset({Role.PETUGAS, Role.SUPERVISOR})
