class DomainError(Exception):
    """A business rule said no. The message is safe to show to the person who asked."""


class IllegalTransition(DomainError):
    def __init__(self, *, subject: str, from_status: str, to_status: str):
        self.subject = subject
        self.from_status = from_status
        self.to_status = to_status
        super().__init__(f"{subject}: status change from '{from_status}' to '{to_status}' is not allowed")
