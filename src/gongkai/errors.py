"""The one user-error type: bad input from the person using Gongkai.

Every command turns it into one Chinese line and exit code 2, every view into a form error.
Capabilities subclass it where a narrower name helps; nothing catches the subclasses by name
at the edges, so no module has to list every app's errors.
"""


class UserError(ValueError):
    """Input that Gongkai refuses: the message is Chinese and names the file, row and field."""
