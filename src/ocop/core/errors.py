class DomainError(Exception):
    """A business rule was broken. The message is translatable and shown to the user as is.

    `field` names the input at fault when there is one, so forms and the API can attach it.
    """

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
