"""A maintainer adds a service and runs `make update`; the retrained bot routes questions to it.

Runs in a copy of the project, so the real knowledge base is never touched. The service in the copy is a test
fixture: its only contact is a page the knowledge base already cites for Kokkola's meeting places.
"""
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys

import pytest
import requests
import yaml

from bot.serve import wait_until_up

from .conftest import ROOT
from .test_e2e import free_port

SKIP = {".git", ".venv", "models", "var", ".rasa", ".pytest_cache", "__pycache__", "artifacts", "results"}
PAGE = "https://www.mykokkola.fi/my-people/clubs-and-ngos/"
TEXTS = {  # name, summary, eligibility, access
    "fi": ("Kokkolan kielikahvila", "Kielikahvilassa harjoittelet suomea rennosti yhdessä muiden kanssa.",
           "Kaikille, jotka haluavat harjoitella suomea.", "Tule paikalle. Ilmoittautumista ei tarvita."),
    "sv": ("Språkcafé i Karleby", "På språkcaféet övar du finska i lugn och ro tillsammans med andra.",
           "För alla som vill öva finska.", "Kom dit. Du behöver inte anmäla dig."),
    "en": ("Language café in Kokkola", "At the language café you practise Finnish with other people.",
           "For everyone who wants to practise Finnish.", "Just come. You do not need to sign up."),
    "ar": ("مقهى اللغة في كوكولا", "في مقهى اللغة تتدرب على اللغة الفنلندية مع أشخاص آخرين.",
           "لكل من يريد أن يتدرب على اللغة الفنلندية.", "تعال فقط. لا تحتاج إلى التسجيل."),
    "fa": ("کافه زبان در کوکولا", "در کافه زبان با آدم‌های دیگر فنلاندی تمرین می‌کنید.",
           "برای همه کسانی که می‌خواهند فنلاندی تمرین کنند.", "فقط بیایید. لازم نیست ثبت‌نام کنید."),
    "so": ("Kafeega luqadda ee Kokkola", "Kafeega luqadda waxaad af-Finnishka kula tababarataa dad kale.",
           "Qof kasta oo doonaya inuu af-Finnishka ku tababarto.", "Kaliya kaalay. Uma baahnid inaad is diiwaangeliso."),
    "ur": ("کوکولا میں لینگویج کیفے", "لینگویج کیفے میں آپ دوسرے لوگوں کے ساتھ فنش زبان کی مشق کرتے ہیں۔",
           "ہر اس شخص کے لیے جو فنش زبان کی مشق کرنا چاہتا ہے۔", "بس آ جائیں۔ رجسٹریشن کی ضرورت نہیں۔"),
    "ru": ("Языковое кафе в Коккола", "В языковом кафе вы практикуете финский язык вместе с другими людьми.",
           "Для всех, кто хочет практиковать финский язык.", "Просто приходите. Записываться не нужно."),
    "uk": ("Мовне кафе в Кокколі", "У мовному кафе ви практикуєте фінську мову разом з іншими людьми.",
           "Для всіх, хто хоче практикувати фінську мову.", "Просто приходьте. Реєструватися не потрібно."),
    "et": ("Keelekohvik Kokkolas", "Keelekohvikus harjutad soome keelt koos teiste inimestega.",
           "Kõigile, kes tahavad soome keelt harjutada.", "Lihtsalt tule kohale. Registreeruda ei ole vaja."),
}
KEYWORDS = {"fi": ["kielikahvila"], "sv": ["språkcafé"], "en": ["language café", "language cafe"]}


def run(args, cwd, timeout=1800):
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(cwd))
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def fill(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    meeting = yaml.safe_load((ROOT / "knowledge/services/kokkola/kokkola-meeting-places.yml").read_text("utf-8"))
    today = dt.date.today()
    data["topics"] = ["hobbies", "language_courses"]  # a place to practise Finnish is both
    data["organisation"] = meeting["organisation"]
    data["texts"] = {lang: dict(zip(("name", "summary", "eligibility", "access"), texts))
                     for lang, texts in TEXTS.items()}
    data["keywords"] = KEYWORDS
    data["contacts"] = [{"type": "url", "value": PAGE, "source": PAGE, "verified": today}]
    data["sources"] = [{"ref": PAGE}]
    data["verified"] = today
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    copy = tmp_path_factory.mktemp("maintainer") / "opas"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP])
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def test_new_service_is_refused_until_filled_then_routed_to(project):
    made = run([sys.executable, "-m", "bot", "new-service", "--city", "kokkola", "--topic", "hobbies",
                "language-cafe"], project)
    assert made.returncode == 0, made.stderr
    path = project / "knowledge/services/kokkola/kokkola-language-cafe.yml"
    refused = run(["make", "update"], project)
    assert refused.returncode != 0 and "TODO" in refused.stdout + refused.stderr

    fill(path)
    updated = run(["make", "update"], project)
    assert updated.returncode == 0, updated.stdout[-3000:] + updated.stderr[-3000:]
    model = run(["scripts/train"], project).stdout.strip().splitlines()[-1]
    assert (project / model).exists()
    again = run(["make", "update"], project)  # nothing changed: no second training
    assert "model up to date" in again.stderr

    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", RASA_PORT=str(rasa_port),
               ACTIONS_PORT=str(actions_port), WEB_PORT=str(web_port))
    server = subprocess.Popen([str(project / ".venv/bin/python"), "-m", "bot", "serve", model], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", server, "the copy's Rasa server")
        url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        for sender, text in (("m1", "onko Kokkolassa kielikahvila?"), ("m2", "language café in Kokkola")):
            reply = requests.post(url, json={"sender": sender, "message": text}, timeout=60).json()
            routed = [m["custom"] for m in reply if "custom" in m]
            assert routed and routed[0]["service"] == "kokkola-language-cafe", (text, reply)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
