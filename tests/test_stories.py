"""Test stories (tests/test_stories.yml) against the trained model and the real action server."""
import os
import subprocess
from pathlib import Path

from bot.serve import environment

from .test_e2e import free_port, model  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent


def test_stories_pass(model, tmp_path):  # noqa: F811
    port = free_port()
    env = environment(port)
    actions = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m", "rasa_sdk", "--actions", "actions",
                                "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        from bot.serve import wait_until_up
        wait_until_up(f"http://127.0.0.1:{port}/health", actions, "the action server")
        result = subprocess.run(
            [str(ROOT / ".venv/bin/rasa"), "test", "core", "--model", str(model), "--stories",
             "tests/test_stories.yml", "--endpoints", "endpoints.yml", "--out", str(tmp_path),
             "--fail-on-prediction-errors"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
        )
        failed = (tmp_path / "failed_test_stories.yml")
        report = failed.read_text(encoding="utf-8") if failed.exists() else ""
        assert result.returncode == 0, report[-4000:] or result.stderr[-4000:]
        assert "None of the test stories failed" in report
    finally:
        os.killpg(actions.pid, 15)
        actions.wait(timeout=30)
