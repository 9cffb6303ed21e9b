"""Logging filters: the server log says what happened in as few lines as it takes."""

import logging


class OneLineWarning(logging.Filter):
    """Log a refused request as one warning line, without the traceback.

    A request for a host name the site does not answer to (bots probing by IP
    address, a misconfigured proxy) is not an error in the site: the message,
    which names the host, is all an operator needs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        return True
