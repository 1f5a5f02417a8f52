"""Every lifecycle action has its one effect (hotline/tickets/effects.py)."""

from __future__ import annotations

import pytest

from hotline.tickets.effects import EFFECTS, Step, effect
from hotline.tickets.lifecycle import Action


def test_every_action_has_an_effect() -> None:
    assert sorted(EFFECTS) == sorted(Action)


def test_each_action_has_its_own_function() -> None:
    # Actions that share a behaviour share a helper, not a registered function: each action's
    # effect is the one place to read (and change) what it does.
    assert len({fn.__name__ for fn in EFFECTS.values()}) == len(EFFECTS)
    for action, fn in EFFECTS.items():
        assert fn.__name__ == action.value


def test_a_second_effect_for_an_action_is_refused() -> None:
    before = dict(EFFECTS)

    async def another(step: Step) -> None:
        return None

    with pytest.raises(RuntimeError, match="verify already has an effect: verify"):
        effect(Action.VERIFY)(another)
    assert before == EFFECTS
