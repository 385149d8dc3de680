"""Parallax: compare how outlets report one event across languages, offline.

The package is a library first (`store`, `ingest`, `translate`, `compare`); the CLI and the
Textual UI are thin layers over it. Importing the core never imports Textual.
"""

__version__ = "0.1.0"


class ParallaxError(Exception):
    """A user-facing error: its message is one clear line, shown without a traceback.

    Messages often quote file names, URLs and package fields: the message is cleaned of
    control characters here, once, so no error can carry an escape sequence to a terminal.
    """

    def __init__(self, message: str = "") -> None:
        from workspace.ingest.text import clean_line

        super().__init__(clean_line(str(message)))
