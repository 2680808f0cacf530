"""The exceptions of the reader. A missing id is a plain ``KeyError``; everything else is a StoreError."""


class StoreError(Exception):
    """A store cannot be read as asked: the message names the file and what is wrong."""


class FormatError(StoreError):
    """A file is not of the format the reader follows (a foreign file, another format version)."""


class DamagedError(StoreError):
    """A series cannot be served: its record fails its checksum, or records that may hold a newer version of
    it (or its deletion) were lost. The message names the id, the segment or file and the offset; the
    attributes ``id``, ``file`` and ``offset`` say the same."""

    def __init__(self, message, id=None, file=None, offset=None):
        super().__init__(message)
        self.id = id
        self.file = file
        self.offset = offset
