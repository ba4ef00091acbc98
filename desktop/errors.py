"""Domain exceptions. Each carries a message a clerk can read (Chinese); the UI and CLI show it."""


class BranchdeskError(Exception):
    """Base of every error that is meant for the user, not a traceback."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(BranchdeskError):
    """Input was refused. `fields` maps field code names to a message each, for inline display."""

    def __init__(self, fields: dict[str, str]):
        self.fields = dict(fields)
        super().__init__("；".join(self.fields.values()))


class NotFoundError(BranchdeskError):
    pass


class DatabaseError(BranchdeskError):
    """The database cannot be used as it is (from a newer version, locked, corrupt)."""


class ImportFileError(BranchdeskError):
    """A whole import file is unreadable (not xlsx, no sheet, missing headers)."""


class StaleError(BranchdeskError):
    """A save or an import was based on data that has changed since it was read (another save, a
    command-line import); nothing was written, so the newer data stands."""


class PackageRefused(BranchdeskError):
    """A scoring package or a laptop's return was refused (damaged, altered, for another office,
    from a newer version, replayed, outside its part); nothing was written."""


class Cancelled(BranchdeskError):
    """The clerk cancelled a long job (a print, an export); its file was not written."""

    def __init__(self) -> None:
        super().__init__("已取消，未生成文件。")
