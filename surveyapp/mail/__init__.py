"""Mail: texts from templates, a transactional outbox, and a worker that sends through SMTP."""
