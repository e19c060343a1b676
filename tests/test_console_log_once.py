"""The console of `make run` (DEBUG) shows each log line once, the worker's task lines too."""

import logging

import pytest
from django.test import override_settings


def handlers_printing(logger_name: str, level: int = logging.INFO) -> list[logging.Handler]:
    """The handlers a record of this logger reaches, walked as Logger.callHandlers walks."""
    logger = logging.getLogger(logger_name)
    record = logger.makeRecord(logger_name, level, __file__, 0, "Task state=RUNNING", (), None)
    reached = []
    current = logger
    while current:
        for handler in current.handlers:
            if type(handler).__module__.startswith("_pytest"):  # pytest's log capture
                continue
            if level >= handler.level and handler.filter(record):
                reached.append(handler)
        if not current.propagate:
            break
        current = current.parent
    return reached


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("name", ["django.tasks", "django.request", "keyloop.feedback"])
def test_each_line_is_printed_once(name, debug):
    with override_settings(DEBUG=debug):
        assert len(handlers_printing(name)) == 1
