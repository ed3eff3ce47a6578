"""Rasa used as a library logs every parse at debug level; the benchmarks want warnings only, as `rasa` CLIs do."""
import logging


def quiet() -> None:
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
