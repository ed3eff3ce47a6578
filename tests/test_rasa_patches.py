"""bot/rasa_patches.py: Rasa's validation of action server responses, faster and unchanged."""
import pytest
from jsonschema import ValidationError

import bot.rasa_components  # noqa: F401 (applies the patch, as loading the model does)
from bot import rasa_patches
from rasa.core.actions.action import RemoteAction

GOOD = {"events": [{"event": "slot", "name": "city", "value": "vaasa"}],
        "responses": [{"text": "Hei", "buttons": [], "custom": {"topic": "housing"}}]}
BAD = [{"events": "not a list"}, {"events": [{"event": 3}]}, {"responses": "nope"}, []]


def test_the_patch_is_in_place():
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


def test_a_valid_response_passes():
    assert RemoteAction("action_answer_topic", None)._validate_action_result(GOOD) is True


@pytest.mark.parametrize("result", BAD)
def test_an_invalid_response_fails_as_before(result):
    from jsonschema import validate

    with pytest.raises(ValidationError) as before:  # what jsonschema.validate, as Rasa called it, says
        validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as now:
        RemoteAction("action_answer_topic", None)._validate_action_result(result)
    assert now.value.message.startswith(before.value.message)
    assert "Failed to validate Action server response" in now.value.message
