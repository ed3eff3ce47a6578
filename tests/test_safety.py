"""Danger-now phrases go to 112 in every language; everyday questions do not."""
import pytest

from bot.safety import in_danger

DANGER = [
    "I was just hit, he is still here", "he is hitting me right now", "my friend is not breathing",
    "I want to kill myself", "the kitchen is on fire", "chest pain cant breathe",
    "hän lyö minua nyt", "mies hakkaa mua", "haluan kuolla", "talo palaa", "isä on tajuton", "ei saa henkeä",
    "han slår mig", "jag vill dö", "det brinner i huset", "hon andas inte",
    "يضربني الآن", "می‌خواهم خودکشی کنم", "wuu i garaacay", "وہ مجھے مار رہا ہے",
    "он бьёт меня", "він б'є мене", "ta lööb mind", "call 112",
    # a weapon, a threat, wanting to die: in each of the seven newer languages
    "qof mindi wata ayaa guriga soo galay", "معه سكين في البيت", "یه مرد با چاقو اومده خونه", "وہ چاقو لے کر کھڑا ہے",
    "мужчина с ножом в квартире", "чоловік з ножем у дворі", "mees noaga ukse taga", "он угрожает убить меня",
    "погрожує вбити дитину", "ta ähvardab mind tappa", "میخوام بمیرم", "اريد ان اموت", "في رجال عم يكسر الباب وبدو يأذينا",
]
SAFE = [
    "I need an apartment", "fire safety course for the kitchen staff job", "the office does not respond to my email",
    "kela ei vastaa mitään", "kaikukortti vaasassa", "var får jag Kaikukortti", "asumistuki", "hätäkeskus työpaikka?",
    "where can I learn Finnish", "mitä kuuluu", "Привет", "salaan",
    "нож для кухни купить", "mindi cusub ma iibsan karaa", "noad ja kahvlid kööki", "سكين مطبخ رخيص",
]


@pytest.mark.parametrize("text", DANGER)
def test_danger_now_is_caught(text):
    assert in_danger(text)


@pytest.mark.parametrize("text", SAFE)
def test_everyday_questions_are_not(text):
    assert not in_danger(text)
