"""The one exception type for problems the user can fix: bad arguments or folders."""


class NoteforgeError(Exception):
    """noteforge cannot do what was asked; the message says why, in one line."""
