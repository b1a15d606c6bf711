"""Domain errors raised by models and operations; views turn them into Dutch messages."""


class DomainError(Exception):
    """A rule of the domain was broken; the message is Dutch and safe to show."""


class IllegalTransition(DomainError):
    """A state machine was asked for a move it does not allow."""


class ImmutableError(DomainError):
    """Something frozen (a survey version in use) was about to change."""
