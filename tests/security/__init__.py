"""Security tests by category: tokens, CSRF, roles, injection, limits, sessions, concurrency."""
