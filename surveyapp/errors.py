"""Domain errors raised by models and operations; views turn them into Dutch messages."""


class DomainError(Exception):
    """A rule of the domain was broken; the message is Dutch and safe to show."""


class IllegalTransition(DomainError):
    """A state machine was asked for a move it does not allow."""


class ImmutableError(DomainError):
    """Something frozen (a survey version in use) was about to change."""


class UnreadableFile(DomainError):
    """An uploaded or given file cannot be read as a table (too big, wrong kind, a NUL)."""


class InvalidInput(DomainError):
    """What a person entered breaks a rule; the message says which and what to do."""
