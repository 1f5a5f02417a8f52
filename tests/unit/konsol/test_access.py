"""The access rules (pure): scopes, identity per privacy level, and the permission table."""

from __future__ import annotations

import pytest

from hotline.accounts.roles import Role
from hotline.konsol.access import (
    PERMISSIONS,
    Perm,
    Staff,
    may_see_identity,
    operator_may_list,
    sees_ticket,
)
from hotline.tickets.privacy import Privacy


def staff(role: Role, agency: int | None = None) -> Staff:
    return Staff(id=1, username="u", display_name="U", role=role, agency_id=agency)


def ticket(agency: int | None, privacy: Privacy = Privacy.PUBLIK) -> dict:
    return {"agency": agency, "privacy": privacy.value}


def test_officers_see_only_their_agency_and_the_central_unit_sees_all() -> None:
    assert sees_ticket(staff(Role.PETUGAS, 7), ticket(7))
    assert not sees_ticket(staff(Role.PETUGAS, 7), ticket(8))
    assert not sees_ticket(staff(Role.SUPERVISOR, 7), ticket(None))
    assert not sees_ticket(staff(Role.PETUGAS, None), ticket(None))
    assert sees_ticket(staff(Role.VERIFIKATOR), ticket(8))
    assert sees_ticket(staff(Role.VERIFIKATOR), ticket(None))
    assert not sees_ticket(staff(Role.OPERATOR), ticket(None))
    assert not sees_ticket(staff(Role.ADMIN), ticket(8))


@pytest.mark.parametrize(
    ("role", "privacy", "expected"),
    [
        (Role.VERIFIKATOR, Privacy.PUBLIK, True),
        (Role.VERIFIKATOR, Privacy.RAHASIA, True),
        (Role.VERIFIKATOR, Privacy.ANONIM, False),
        (Role.PETUGAS, Privacy.PUBLIK, True),
        (Role.PETUGAS, Privacy.RAHASIA, False),
        (Role.PETUGAS, Privacy.ANONIM, False),
        (Role.SUPERVISOR, Privacy.RAHASIA, False),
        (Role.ADMIN, Privacy.PUBLIK, False),
    ],
)
def test_identity_follows_the_privacy_level(role: Role, privacy: Privacy, expected: bool) -> None:
    assert may_see_identity(staff(role, 7), ticket(7, privacy)) is expected


def test_an_officer_never_sees_identity_outside_the_agency() -> None:
    assert not may_see_identity(staff(Role.PETUGAS, 7), ticket(8, Privacy.PUBLIK))


def test_operators_find_only_reports_whose_reporter_staff_may_know() -> None:
    assert [p for p in Privacy if operator_may_list(p)] == [Privacy.PUBLIK]


def test_every_permission_belongs_to_some_role_and_casework_is_never_an_admins() -> None:
    granted = set().union(*PERMISSIONS.values())
    assert granted == set(Perm)
    assert PERMISSIONS[Role.ADMIN] == {Perm.ADMIN}
    assert Perm.ASSIGN_ANYONE in PERMISSIONS[Role.SUPERVISOR]
    assert Perm.ASSIGN_ANYONE not in PERMISSIONS[Role.PETUGAS]
