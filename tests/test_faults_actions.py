"""The action server goes down mid-conversation: the user gets a polite message in their language with their
city's Welcome Office contact, not silence; when it is back, the conversation goes on where it was."""
import uuid

from bot import conversation
from bot.messages import t
from bot.replies import advice_service, contact_lines
from tests.live import customs, texts


def test_action_server_down_then_back(live_bot):
    kb = conversation.kb()
    sender = uuid.uuid4().hex
    first = live_bot.say(sender, "asumisneuvonta Vaasassa")
    assert customs(first)[0]["service"] == "vaasa-housing-advice"

    live_bot.stop_actions()
    try:
        down = live_bot.say(sender, "missä voin opiskella suomea?")
        office = advice_service(kb, "vaasa")
        assert down, "silence while the action server is down"
        text = texts(down)
        assert text.startswith(t("chat.service_unavailable", "fi", service=office.name("fi")))
        assert contact_lines(office, "fi")[0] in text  # a way to reach a person
        assert customs(down)[0] == {"topic": None, "service": office.id, "city": "vaasa", "language": "fi",
                                    "unavailable": True}

        # a new conversation in Arabic without a city: the national advice point, in Arabic
        new = live_bot.say(uuid.uuid4().hex, "أين يمكنني تعلم اللغة الفنلندية؟", language="ar")
        national = advice_service(kb, None)
        assert texts(new).startswith(t("chat.service_unavailable", "ar", service=national.name("ar")))
    finally:
        live_bot.start_actions()

    resumed = live_bot.say(sender, "tarvitsen asunnon")
    routed = customs(resumed)[0]
    assert routed["topic"] == "housing" and routed["city"] == "vaasa"  # the city is not asked again
    assert routed["service"] and routed["language"] == "fi"
